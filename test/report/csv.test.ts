import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvFileWriter, csvLine, guardCell, maskId, writeCsv, type Cell } from '../../src/report/csv.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('guardCell', () => {
  it.each([
    ['=HYPERLINK("http://x","klik")', `'=HYPERLINK("http://x","klik")`],
    ['+62812', `'+62812`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tTAB', `'\tTAB`],
    ['\rCR', `'\rCR`],
    ['SITI AMINAH', 'SITI AMINAH'],
    ['3273014507850002', '3273014507850002'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [0.9876, '0.9876'],
  ])('%j → %j', (input, expected) => {
    expect(guardCell(input)).toBe(expected);
  });
});

describe('maskId', () => {
  it.each([
    ['3273014507850002', '327301******0002'],
    ['9171014507850001', '917101******0001'],
    ['123456789012345', '123456*****2345'],
    ['12345', '*****'],
    ['', ''],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(maskId(input)).toBe(expected);
  });
});

describe('csvLine', () => {
  // Reports were written with csv-stringify ({ record_delimiter: 'windows' }) over guarded cells;
  // the hand-written line must give the same bytes, so reports stay byte-identical across versions.
  const oracle = (row: readonly Cell[]): string => stringify([row.map(guardCell)], { record_delimiter: 'windows' });
  const cell = fc.oneof(
    fc.constantFrom<Cell>(null, undefined, '', ',', '"', '\r\n', '\n', '\r', '=1', '-', "'", ' ', '\t', '""', 'a,"b"'),
    fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', 'é', ';', "'") }),
    fc.string(),
    fc.double({ noNaN: true }),
    fc.integer(),
  );

  it('writes what csv-stringify wrote, for any cells', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (row) => {
        expect(csvLine(row)).toBe(oracle(row));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('writeCsv', () => {
  it('writes UTF-8 with BOM, CRLF, quoting where needed and the guard on every cell', async () => {
    const path = join(dir, 'out.csv');
    const count = await writeCsv(path, ['nik', 'nama'], [
      ['3273014507850002', 'SITI, AMINAH'],
      ['9171014507850001', '=1+1'],
      [null, 'MA"RUF'],
    ]);
    expect(count).toBe(3);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'nik,nama\r\n3273014507850002,"SITI, AMINAH"\r\n9171014507850001,\'=1+1\r\n,"MA""RUF"\r\n',
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes the same bytes when lines cross its buffer or outgrow it (multi-byte text, megabytes)', () => {
    const path = join(dir, 'big.csv');
    const rows: Cell[][] = [];
    for (let i = 0; i < 4000; i++) rows.push([i, `NAMA ${'é€𝄞,"x"'.repeat(i % 97)}`, i % 3 === 0 ? null : '=SUM(A1)']);
    rows.splice(1234, 0, ['long', 'ñ'.repeat(3 << 20)]);
    writeCsv(path, ['id', 'nama', 'f'], rows);
    const expected = `\ufeff${stringify([['id', 'nama', 'f'], ...rows.map((row) => row.map(guardCell))], { record_delimiter: 'windows' })}`;
    expect(readFileSync(path).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('shows nothing under the final name until the file is complete', async () => {
    const path = join(dir, 'late.csv');
    const writer = new CsvFileWriter(path, ['a']);
    await writer.write(['1']);
    expect(existsSync(path)).toBe(false);
    await writer.close();
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir)).toEqual(['late.csv']);
  });

  it('leaves no temporary file behind when aborted', async () => {
    const writer = new CsvFileWriter(join(dir, 'gone.csv'), ['a']);
    await writer.write(['1']);
    writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
