import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipRaw, CsvReader, readAllRecords, type CsvOptions } from '../../src/ingest/csv.js';

const COMMA: CsvOptions = { delimiter: ',', lineBreak: '\n' };
const cellsOf = (text: string, options = COMMA) => readAllRecords(text, options).records.map((r) => r.cells);
const linesOf = (text: string, options = COMMA) => readAllRecords(text, options).records.map((r) => r.line);

/** Feeds text in pieces of `size` characters: results must not depend on where chunks end. */
function readInChunks(text: string, size: number, options = COMMA, fits?: (cells: string[]) => boolean) {
  const records: { line: number; cells: string[] }[] = [];
  const rejects: { line: number; reason: string; raw: string }[] = [];
  const reader = new CsvReader(options, {
    record(line, cells, multiLine) {
      if (multiLine && fits && !fits(cells)) return false;
      records.push({ line, cells });
      return true;
    },
    reject(line, reason, raw) {
      rejects.push({ line, reason, raw });
    },
  });
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  reader.end();
  return { records, rejects };
}

describe('CsvReader: records and cells', () => {
  it.each([
    ['plain', 'a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['no final line break', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['CRLF', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['mixed CRLF and LF', 'a,b\r\n1,2\n3,4\r\n5,6', [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]],
    ['quoted delimiter', 'a,"b,c",d\n', [['a', 'b,c', 'd']]],
    ['escaped quotes', 'a,"say ""hi""",d\n', [['a', 'say "hi"', 'd']]],
    ['quoted newline', 'a,"line1\nline2",d\n1,2,3\n', [['a', 'line1\nline2', 'd'], ['1', '2', '3']]],
    ['quoted CRLF kept verbatim', 'a,"x\r\ny",d\r\n', [['a', 'x\r\ny', 'd']]],
    ['empty quoted and trailing empty', '"",b,\n', [['', 'b', '']]],
    ['quote inside an unquoted field is data', 'JL. "MAWAR" 7,b\n', [['JL. "MAWAR" 7', 'b']]],
    ['untrimmed cells', ' a , b \n', [[' a ', ' b ']]],
    ['blank and delimiter-only lines skipped', 'a,b\n\n,,\n  \n1,2\n', [['a', 'b'], ['1', '2']]],
    ['every field quoted (SIKS-NG)', '"ID DTKS"|"NIK"\n"1"|"3275014503800001"\n', [['ID DTKS', 'NIK'], ['1', '3275014503800001']]],
  ])('%s', (_name, text, expected) => {
    const options = text.includes('|') ? { delimiter: '|', lineBreak: '\n' as const } : COMMA;
    expect(cellsOf(text, options)).toEqual(expected);
  });

  it.each([
    [';', 'a;b\n1;2\n'],
    ['\t', 'a\tb\n1\t2\n'],
    ['|', 'a|b\n1|2\n'],
  ])('delimiter %j', (delimiter, text) => {
    expect(cellsOf(text, { delimiter, lineBreak: '\n' })).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('CR-only line breaks (old Mac Excel)', () => {
    expect(cellsOf('a,b\r1,"x\ry"\r2,3', { delimiter: ',', lineBreak: '\r' })).toEqual([['a', 'b'], ['1', 'x\ry'], ['2', '3']]);
  });

  it('line numbers are physical lines, counting blank lines and quoted line breaks', () => {
    expect(linesOf('title\n\na,b\n1,"x\ny\nz"\n2,3\r\n\r\n4,5\n')).toEqual([1, 3, 4, 7, 9]);
  });
});

describe('CsvReader: what it refuses, and that it goes on', () => {
  it('an unbalanced quote costs its own line only', () => {
    const { records, rejects } = readAllRecords('a,b,c\n1,2,3\n4,"5,6\n7,8,9\n10,11,12\n', COMMA);
    expect(records.map((r) => r.cells[0])).toEqual(['a', '1', '7', '10']);
    expect(rejects).toEqual([{ line: 3, reason: expect.stringMatching(/quote.*never closed/), raw: '4,"5,6' }]);
  });

  it('a quote that closes lines later is refused when the record does not fit, and reading resumes', () => {
    const text = 'a,b,c\n4,"5,6\n7,8,9\n10,"11",12\n13,14,15\n';
    const { records, rejects } = readInChunks(text, 1000, COMMA, (cells) => cells.length === 3);
    expect(rejects.map((r) => [r.line, r.raw])).toEqual([
      [2, '4,"5,6'],
      // line 3 on its own is a fine record; line 4 is fine too
    ]);
    expect(records.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'a'],
      [3, '7'],
      [4, '10'],
      [5, '13'],
    ]);
  });

  it('text after a closing quote is broken quoting', () => {
    const { records, rejects } = readAllRecords('"JOHN "JACK" DOE",b\n1,2\n', COMMA);
    expect(rejects).toEqual([{ line: 1, reason: expect.stringMatching(/after a closing quote/), raw: '"JOHN "JACK" DOE",b' }]);
    expect(records.map((r) => r.cells)).toEqual([['1', '2']]);
  });

  it.each([
    ['NUL bytes', 'a,b\n1,\u00002\n3,4\n', 'U+0000'],
    ['binary junk', 'a,b\n\u0001\u0002\u0003\u00ff\u0010junk\n3,4\n', 'U+0001'],
    ['C1 control', 'a,b\n1,\u00852\n3,4\n', 'U+0085'],
  ])('%s: line rejected with control character named', (_name, text, code) => {
    const { records, rejects } = readAllRecords(text, COMMA);
    expect(records.map((r) => r.cells)).toEqual([['a', 'b'], ['3', '4']]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.line).toBe(2);
    expect(rejects[0]!.reason).toContain(code);
    // the raw text shows control characters as visible symbols, never as themselves
    expect(rejects[0]!.raw).not.toMatch(/[\x00-\x08\x0E-\x1F\x7F-\x9F]/);
  });

  it('a line over the limit is rejected while it streams past, keeping only its start', () => {
    const long = 'x'.repeat(5000);
    const text = `a,b\n${long}\n1,2\n`;
    const { records, rejects } = readInChunks(text, 300, { ...COMMA, maxRecordChars: 1000 });
    expect(records.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.line).toBe(2);
    expect(rejects[0]!.reason).toMatch(/longer than 1000/);
    expect(rejects[0]!.raw).toMatch(/^x+ \[\.\.\. truncated: 5000 characters in all\]$/);
  });

  it('a quote left open for more than the limit rejects its line only', () => {
    const text = `a,b\n1,"open\n${'y,z\n'.repeat(400)}`;
    const { records, rejects } = readInChunks(text, 97, { ...COMMA, maxRecordChars: 1000 });
    expect(rejects[0]).toMatchObject({ line: 2, raw: '1,"open' });
    expect(records).toHaveLength(401);
  });

  it('clipRaw cuts long text with a marker and shows controls', () => {
    expect(clipRaw('a\u0000b')).toBe('a\u2400b');
    expect(clipRaw('z'.repeat(5000))).toMatch(/truncated: 5000 characters/);
    expect(clipRaw('z'.repeat(5000)).length).toBeLessThan(4200);
  });
});

describe('CsvReader properties', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', ',', '"', '\n', '\r\n', 'é', ';') });
  const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 });
  const quote = (c: string) => (/[",\r\n]/.test(c) || c.trim() === '' ? `"${c.replace(/"/g, '""')}"` : c);

  it('reads back what an RFC 4180 writer wrote, like csv-parse does', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
        const ours = readAllRecords(text, COMMA).records.map((r) => r.cells);
        const theirs = (parse(text, { relax_column_count: true }) as string[][]).filter((r) => r.some((c) => c.trim() !== ''));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same records and rejects wherever the chunks end', () => {
    const messy = fc.array(fc.constantFrom('a', ',', '"', '\n', '\r\n', 'x"y', '""', '\u0000', ' '), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(messy, fc.integer({ min: 1, max: 9 }), (text, size) => {
        const whole = readInChunks(text, text.length + 1);
        const pieces = readInChunks(text, size);
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });
});
