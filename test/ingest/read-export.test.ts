import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fieldsFromCells, readExport, sha256OfFile, totalBytes } from '../../src/ingest/read-export.js';
import { parseProfile } from '../../src/ingest/profiles.js';
import { PadanError } from '../../src/util/errors.js';
import { cp1252, csv, csvLine, DTKS_HEADER, dtksRow, P3KE_HEADER, p3keRow, read, readStream, tempFile, TODAY, utf16be, utf16le, utf8 } from './helpers.js';

const NAMES = ['JOSÉ MUÑOZ', 'MUHAMMAD ZAKIYYA', 'SITI AMINAH'];
const TABLE = [P3KE_HEADER, ...NAMES.map((nama, i) => p3keRow({ family: `21000000${i + 1}`, nama }))];
const TEXT = csv(TABLE);

async function rejectsOf(input: Uint8Array | string, options = {}) {
  const result = await read(typeof input === 'string' ? utf8(input) : input, options);
  return result;
}

async function errorOf(promise: Promise<unknown>): Promise<PadanError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PadanError) return error;
    throw error;
  }
  throw new Error('expected a PadanError');
}

describe('encodings', () => {
  it.each([
    ['UTF-8', utf8(TEXT), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(TEXT)]), 'utf-8'],
    ['UTF-16LE with BOM (Excel "Unicode text")', utf16le(TEXT), 'utf-16le'],
    ['UTF-16LE without BOM', utf16le(TEXT, false), 'utf-16le'],
    ['UTF-16BE with BOM', utf16be(TEXT), 'utf-16be'],
    ['UTF-16BE without BOM', utf16be(TEXT, false), 'utf-16be'],
    ['Windows-1252', cp1252(TEXT), 'windows-1252'],
  ])('%s: names come through intact', async (_name, bytes, encoding) => {
    for (const result of [await read(bytes), await readStream(bytes)]) {
      expect(result.header.encoding).toBe(encoding);
      expect(result.header.headers[0]).toBe('ID Keluarga');
      expect(result.rows.map((r) => r.cells[9])).toEqual(NAMES);
      expect(result.rows.map((r) => r.person.nama)).toEqual(['JOSÉ MUÑOZ', 'MUHAMMAD ZAKIYYA', 'SITI AMINAH'].map((n) => expect.stringContaining(n.split(' ')[0]!.slice(0, 3))));
      expect(result.rejects).toEqual([]);
    }
  });

  it('a file mixing UTF-8 and Windows-1252 lines keeps every name', async () => {
    const bytes = Buffer.concat([utf8(csv(TABLE.slice(0, 2))), cp1252(csv([p3keRow({ family: '210000009', nama: 'JOSÉ ÑANDÚ' })]))]);
    const { rows } = await read(bytes);
    expect(rows.map((r) => r.cells[9])).toEqual(['JOSÉ MUÑOZ', 'JOSÉ ÑANDÚ']);
  });

  it('invalid UTF-8 in a UTF-8 file is read as Windows-1252 on that line only', async () => {
    const bytes = Buffer.concat([utf8(csv(TABLE)), Buffer.from(csvLine(p3keRow({ family: '210000009', nama: 'X' })).replace('X', 'A\xffB') + '\r\n', 'latin1')]);
    const { rows, rejects } = await read(bytes);
    expect(rows.at(-1)!.cells[9]).toBe('AÿB');
    expect(rows.slice(0, 3).map((r) => r.cells[9])).toEqual(NAMES);
    expect(rejects).toEqual([]);
  });

  it('--encoding overrides the guess', async () => {
    const { header, rows } = await read(utf8(TEXT), { encoding: 'latin1' });
    expect(header.encoding).toBe('windows-1252');
    expect(rows[0]!.cells[9]).toBe('JOSÃ‰ MUÃ‘OZ');
  });

  it('an unknown --encoding is a usage error before anything is read', async () => {
    const error = await errorOf(read(utf8(TEXT), { encoding: 'klingon' }));
    expect(error.message).toBe('unknown encoding "klingon"');
    expect(error.exitCode).toBe(2);
  });
});

describe('delimiters and quoting', () => {
  it.each([
    [',', ','],
    [';', ';'],
    ['\t', '\t'],
    ['|', '|'],
  ])('delimiter %j found', async (delimiter) => {
    const { header, rows } = await read(utf8(csv(TABLE, { delimiter })));
    expect(header.delimiter).toBe(delimiter);
    expect(rows).toHaveLength(3);
  });

  it.each([
    ['tab', 'tab'],
    ['\\t', '\\t'],
    ['semicolon', 'semicolon'],
    ['pipe', 'pipe'],
  ])('--delimiter %s', async (_name, option) => {
    const delimiter = { tab: '\t', '\\t': '\t', semicolon: ';', pipe: '|' }[option]!;
    const { header } = await read(utf8(csv(TABLE, { delimiter })), { delimiter: option });
    expect(header.delimiter).toBe(delimiter);
  });

  it('SIKS-NG: pipe-delimited, every field quoted, with embedded delimiters, quotes and line breaks', async () => {
    const rows = [DTKS_HEADER, dtksRow('1001'), dtksRow('1002'), dtksRow('1003')];
    rows[1]![5] = 'JL. "MAWAR" | GG. 2';
    rows[2]![5] = 'RT 1\r\nRW 2';
    const { header, rows: read1, rejects } = await read(utf8(csv(rows, { delimiter: '|', quoteAll: true })), { source: 'dtks' });
    expect(header).toMatchObject({ delimiter: '|', profile: 'dtks-siks-ng', line: 1 });
    expect(rejects).toEqual([]);
    expect(read1.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(read1.map((r) => r.cells[5])).toEqual(['JL. "MAWAR" | GG. 2', 'RT 1\r\nRW 2', 'JL. MAWAR NO. 7']);
    expect(read1.map((r) => r.person.sourceId)).toEqual(['1001', '1002', '1003']);
    // SIKS-NG has no household id: the KK stands in
    expect(read1[0]!.person.familyId).toBe('3275010101100001');
  });

  it('mixed CRLF and LF line ends', async () => {
    const text = [P3KE_HEADER, ...TABLE.slice(1)].map((r) => csvLine(r)).join('\n').replace(/\n(?=2100000(01|03))/g, '\r\n') + '\n';
    const { rows } = await read(utf8(text));
    expect(rows.map((r) => [r.line, r.cells[31]])).toEqual([
      [2, 'Ya'],
      [3, 'Ya'],
      [4, 'Ya'],
    ]);
  });
});

describe('layout around the data', () => {
  it('title block, leading No column, data in column B: lines counted from the top of the file', async () => {
    const text = csv([
      ['DATA P3KE DESIL 1-4'],
      ['KABUPATEN CONTOH'],
      [],
      ['', 'No', ...P3KE_HEADER],
      ['', '1', ...p3keRow({ family: '210000001' })],
      [],
      ['', '2', ...p3keRow({ family: '210000002' })],
    ]);
    const { header, rows } = await read(utf8(text));
    expect(header.line).toBe(4);
    expect(header.mapping.family_id).toBe(2);
    expect(rows.map((r) => [r.line, r.person.sourceId])).toEqual([
      [5, '210000001-1'],
      [7, '210000002-1'],
    ]);
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['', '1', '210000001']);
  });

  it('a row of column numbers under the header is skipped, not read as data', async () => {
    const { rows, rejects } = await read(utf8(csv([P3KE_HEADER, P3KE_HEADER.map((_h, i) => String(i + 1)), p3keRow()])));
    expect(rows.map((r) => r.line)).toEqual([3]);
    expect(rejects).toEqual([]);
  });

  it('a header repeated further down is skipped', async () => {
    const { rows, rejects, end } = await read(utf8(csv([P3KE_HEADER, p3keRow({ family: '1' }), P3KE_HEADER, p3keRow({ family: '2' })])));
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rejects).toEqual([]);
    expect(end.rowsRead).toBe(2);
  });

  it('header only: no rows, no error', async () => {
    const { rows, rejects, end, batches } = await read(utf8(csv([P3KE_HEADER])));
    expect(rows).toEqual([]);
    expect(rejects).toEqual([]);
    expect(batches).toBe(0);
    expect(end.rowsRead).toBe(0);
  });
});

describe('rejects', () => {
  it('wrong cell count: rejected with its line, the next rows still read', async () => {
    const short = p3keRow({ family: '210000002' }).slice(0, 30);
    const long = [...p3keRow({ family: '210000003' }), 'extra'];
    const trailingEmpty = [...p3keRow({ family: '210000004' }), '', ' '];
    const text = csv([P3KE_HEADER, p3keRow(), short, long, trailingEmpty, p3keRow({ family: '210000005' })]);
    const { rows, rejects, end } = await read(utf8(text));
    expect(rejects).toEqual([
      { line: 3, reason: '30 cells, the header has 32', raw: csvLine(short) },
      { line: 4, reason: '33 cells, the header has 32', raw: csvLine(long) },
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 6]);
    // trailing empty cells beyond the header are dropped
    expect(rows[1]!.cells).toHaveLength(32);
    expect(end.rowsRead).toBe(5);
  });

  it('an unbalanced quote is rejected without swallowing the rest of the file', async () => {
    const broken = csvLine(p3keRow({ family: '210000002' })).replace('JL. MAWAR', '"JL. MAWAR');
    const text = [csvLine(P3KE_HEADER), csvLine(p3keRow()), broken, ...[3, 4, 5].map((i) => csvLine(p3keRow({ family: `21000000${i}` })))].join('\r\n') + '\r\n';
    const { rows, rejects } = await read(utf8(text));
    expect(rejects).toEqual([{ line: 3, reason: expect.stringContaining('broken quoting'), raw: broken }]);
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
  });

  it('an unbalanced quote that a later quote closes: only its line is lost', async () => {
    const broken = csvLine(p3keRow({ family: '210000002' })).replace('JL. MAWAR', '"JL. MAWAR');
    const quoted = csvLine(p3keRow({ family: '210000004', alamat: 'JL. "X", NO. 1' }));
    const text = [csvLine(P3KE_HEADER), broken, csvLine(p3keRow({ family: '210000003' })), quoted, csvLine(p3keRow({ family: '210000005' }))].join('\n') + '\n';
    const { rows, rejects } = await read(utf8(text));
    expect(rejects.map((r) => r.line)).toEqual([2]);
    expect(rows.map((r) => [r.line, r.person.familyId])).toEqual([
      [3, '210000003'],
      [4, '210000004'],
      [5, '210000005'],
    ]);
    expect(rows[1]!.cells[7]).toBe('JL. "X", NO. 1');
  });

  it('NUL bytes and binary junk are rejects; the reason never holds data', async () => {
    const junk = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x10, 0x2c, 0x8d, 0x00]);
    const bytes = Buffer.concat([utf8(csv([P3KE_HEADER, p3keRow()])), junk, utf8('\r\n'), utf8(csvLine(p3keRow({ nama: 'SITI\u0000AMINAH' })) + '\r\n'), utf8(csv([p3keRow({ family: '210000009' })]))]);
    const { rows, rejects } = await read(bytes);
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(rejects.map((r) => r.line)).toEqual([3, 4]);
    for (const r of rejects) {
      expect(r.reason).toMatch(/^binary data: control character U\+00/);
      expect(r.raw).not.toContain('\u0000');
    }
    expect(rejects[1]!.raw).toContain('SITI\u2400AMINAH');
  });

  it('a row without its person id is rejected, naming the empty column', async () => {
    const { rows, rejects } = await read(utf8(csv([P3KE_HEADER, p3keRow({ individu: ' ' }), p3keRow({ family: '' }), p3keRow()])));
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'no person id: "ID Individu" is empty'],
      [3, 'no person id: "ID Keluarga" is empty'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([4]);
    const dtks = await read(utf8(csv([DTKS_HEADER, dtksRow(''), dtksRow('7')])), { source: 'dtks' });
    expect(dtks.rejects.map((r) => r.reason)).toEqual(['no person id: "ID DTKS" is empty']);
  });
});

describe('values are kept exactly', () => {
  it('NIK and KK stay strings: Excel-mangled and Papua (> 2^53) NIKs unchanged', async () => {
    const papua = '9171014503800001';
    expect(Number(papua) > Number.MAX_SAFE_INTEGER).toBe(true);
    const { rows } = await read(utf8(csv([P3KE_HEADER, p3keRow({ nik: '3.27301E+15' }), p3keRow({ family: '2', nik: papua }), p3keRow({ family: '3', nik: "'3275014503800001" })])));
    expect(rows.map((r) => r.cells[10])).toEqual(['3.27301E+15', papua, "'3275014503800001"]);
    expect(rows[0]!.person.nikStatus).toBe('excel_mangled');
    expect(rows[1]!.person.nik).toBe(papua);
    const dtks = await read(utf8(csv([DTKS_HEADER, dtksRow('9', { nik: papua, kk: '9171010101100002' })])), { source: 'dtks' });
    expect(dtks.rows[0]!.person).toMatchObject({ nik: papua, noKk: '9171010101100002', familyId: '9171010101100002' });
  });

  it('cells verbatim (untrimmed), mapped fields from them', async () => {
    const row = p3keRow({ nama: '  siti aminah ' });
    const { header, rows } = await read(utf8(csv([P3KE_HEADER, row])));
    expect(rows[0]!.cells).toEqual(row);
    const fields = fieldsFromCells(rows[0]!.cells, header.mapping);
    expect(fields).toMatchObject({ family_id: '210000001', person_id: '1', nama: '  siti aminah ', nik: '3275014503800001', kode_wilayah: '3275011001', pkh: 'Ya' });
    expect(fields).not.toHaveProperty('tempat_lahir');
    expect(rows[0]!.person).toMatchObject({ sourceId: '210000001-1', familyId: '210000001', nama: 'SITI AMINAH', tglLahir: '1980-03-05', jenisKelamin: 'P' });
  });
});

describe('ids derived when the layout has no person id column', () => {
  const FAMILY = ['ID Keluarga', 'Provinsi', 'Kabupaten', 'Kecamatan', 'Desa', 'Kode Kemdagri', 'Kepala Keluarga', 'NIK', 'Tanggal Lahir', 'Penerima BNPT'];
  const fam = (id: string, nama: string, nik: string) => [id, 'JAWA BARAT', 'KOTA BEKASI', 'BEKASI TIMUR', 'AREN JAYA', '3275011001', nama, nik, '05-03-1980', 'Ya'];

  it('P3KE family sheet: {ID Keluarga}-H + 16 hex, stable across files, -2 for a repeated row', async () => {
    const a = await read(utf8(csv([FAMILY, fam('1', 'SITI AMINAH', '3275014503800001'), fam('2', 'SRI WAHYUNI', '3275014503800002'), fam('1', 'SITI AMINAH', '3275014503800001')])));
    expect(a.header.profile).toBe('p3ke-keluarga');
    const ids = a.rows.map((r) => r.person.sourceId);
    expect(ids[0]).toMatch(/^1-H[0-9a-f]{16}$/);
    expect(ids[2]).toBe(`${ids[0]}-2`);
    const b = await read(utf8(csv([['Judul'], FAMILY, fam('2', 'SRI WAHYUNI', '3275014503800002')])));
    expect(b.rows[0]!.person.sourceId).toBe(ids[1]);
  });

  it('a --profile layout without an id column: H + 16 hex', async () => {
    const profile = parseProfile({ source: 'dtks', columns: { nik: 'Nomor NIK', nama: 'Nama' } }, 'm.json');
    const { rows } = await read(utf8(csv([['Nama', 'Nomor NIK'], ['SITI AMINAH', '3275014503800001']])), { source: 'dtks', profile });
    const expected = `H${createHash('sha256').update(`3275014503800001|SITI AMINAH||`).digest('hex').slice(0, 16)}`;
    expect(rows[0]!.person.sourceId).toBe(expected);
  });
});

describe('input handling', () => {
  it('standard input: same events as the file, in small chunks', async () => {
    const bytes = utf8(TEXT);
    const [file, stream] = [await read(bytes), await readStream(bytes, {}, 3)];
    expect(stream).toEqual(file);
    expect(stream.end.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(stream.end.bytes).toBe(bytes.length);
  });

  it('sha256OfFile and totalBytes agree with the end event', async () => {
    const path = tempFile('hash.csv', TEXT);
    const { end } = await read(path);
    expect(await sha256OfFile(path)).toEqual({ sha256: end.sha256, bytes: end.bytes });
    expect(totalBytes(path)).toBe(end.bytes);
    expect(totalBytes('-')).toBeNull();
    expect(totalBytes('/nonexistent/x.csv')).toBeNull();
  });

  it('batches: bounded size, bytesRead grows, rows in file order', async () => {
    const many = [P3KE_HEADER, ...Array.from({ length: 25 }, (_, i) => p3keRow({ family: String(300000000 + i) }))];
    const events = [];
    for await (const e of readExport(tempFile('many.csv', csv(many)), { source: 'p3ke', worker: false, batchSize: 10, today: TODAY })) events.push(e);
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.map((b) => b.rows.length)).toEqual([10, 10, 5]);
    expect(batches.flatMap((b) => b.rows.map((r) => r.line))).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
  });

  it('stopping early ends the reader (generator return)', async () => {
    const many = [P3KE_HEADER, ...Array.from({ length: 50 }, (_, i) => p3keRow({ family: String(300000000 + i) }))];
    const gen = readExport(tempFile('early.csv', csv(many)), { source: 'p3ke', worker: false, batchSize: 5, today: TODAY });
    for await (const e of gen) if (e.type === 'batch') break;
    expect(await gen.next()).toEqual({ done: true, value: undefined });
  });

  it.each([
    ['/nonexistent/p3ke.csv', /^\/nonexistent\/p3ke\.csv: no such file$/],
  ])('%s', async (path, message) => {
    const error = await errorOf(read(path));
    expect(error.message).toMatch(message);
  });

  it('a directory is refused', async () => {
    const error = await errorOf(read(tempFile('x.csv', '').replace(/x\.csv$/, '')));
    expect(error.message).toMatch(/is a directory/);
  });
});

describe('hostile inputs end in a message or in rejects', () => {
  it.each([
    ['empty file', Buffer.alloc(0)],
    ['only a BOM', Buffer.from([0xef, 0xbb, 0xbf])],
    ['only blank lines', utf8('\r\n\r\n  \r\n')],
  ])('%s: "the file is empty"', async (_name, bytes) => {
    const error = await errorOf(read(bytes, {}, 'empty.csv'));
    expect(error.message).toMatch(/empty\.csv: the file is empty$/);
  });

  it('binary junk: no header found, no data quoted', async () => {
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const error = await errorOf(read(junk, {}, 'junk.bin'));
    expect(error.message).toMatch(/^.*junk\.bin: no header row found/);
  });

  it('a 100 MB single line: a clear message, memory bounded', async () => {
    const path = tempFile('oneline.csv', Buffer.alloc(100 * 1024 * 1024, 0x61));
    const before = process.memoryUsage().rss;
    const error = await errorOf(read(path));
    expect(error.message).toMatch(/no header row found/);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('a 100 MB line among data rows is rejected with its first characters only', async () => {
    const long = Buffer.alloc(100 * 1024 * 1024, 0x62);
    const bytes = Buffer.concat([utf8(csv([P3KE_HEADER, p3keRow()])), long, utf8('\r\n' + csv([p3keRow({ family: '210000002' })]))]);
    const path = tempFile('longline.csv', bytes);
    const before = process.memoryUsage().rss;
    const { rows, rejects } = await read(path);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.line).toBe(3);
    expect(rejects[0]!.reason).toMatch(/longer than 1048576 characters/);
    expect(rejects[0]!.raw.length).toBeLessThan(5000);
    expect(rejects[0]!.raw).toContain(`${100 * 1024 * 1024} characters in all`);
  }, 120_000);

  it('10,000 columns', async () => {
    const header = [...P3KE_HEADER, ...Array.from({ length: 10_000 - P3KE_HEADER.length }, (_, i) => `X${i}`)];
    const row = [...p3keRow(), ...Array.from({ length: 10_000 - P3KE_HEADER.length }, () => 'v')];
    const { rows, header: h } = await read(utf8(csv([header, row, row.slice(0, 9000)])));
    expect(h.headers).toHaveLength(10_000);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells).toHaveLength(10_000);
  });

  it('10,000 columns of nothing known: no header, message bounded in size', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `KOLOM ${i}`);
    const error = await errorOf(read(utf8(csv([header, header]))));
    expect(error.message.length).toBeLessThan(1000);
  });

  it('unbalanced quotes everywhere: every row a reject or a row, none lost', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => csvLine(p3keRow({ family: String(500 + i) })).replace('Kawin', i % 3 === 0 ? '"Kawin' : 'Kawin'));
    const text = [csvLine(P3KE_HEADER), ...lines].join('\n') + '\n';
    const { rows, rejects, end } = await read(utf8(text));
    expect(rows.length + rejects.length).toBe(20);
    expect(end.rowsRead).toBe(20);
    expect(rejects.map((r) => r.line)).toEqual([2, 5, 8, 11, 14, 17, 20]);
  });

  it('formula-injection payloads and SQL fragments in names are data like any other', async () => {
    const names = ['=HYPERLINK("http://x","y")', "Robert'); DROP TABLE records;--", '+SUM(A1)', '@cmd'];
    const { rows, rejects } = await read(utf8(csv([P3KE_HEADER, ...names.map((nama, i) => p3keRow({ family: String(700 + i), nama }))])));
    expect(rejects).toEqual([]);
    expect(rows.map((r) => r.cells[9])).toEqual(names);
  });

  it('Arabic-Indic and full-width digits in a NIK are kept verbatim in the cells', async () => {
    const arabic = '٣٢٧٥٠١٤٥٠٣٨٠٠٠٠١';
    const fullwidth = '３２７５０１４５０３８０００００１';
    const { rows } = await read(utf8(csv([P3KE_HEADER, p3keRow({ nik: arabic }), p3keRow({ family: '2', nik: fullwidth })])));
    expect(rows.map((r) => r.cells[10])).toEqual([arabic, fullwidth]);
  });
});
