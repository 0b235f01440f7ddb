// Excel workbooks through the ingest parser: real workbooks built with exceljs in the awkward
// shapes of district exports, read back cell by cell, every digit checked.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellText, numberText, formatOfFile, isChosenSheet } from '../../src/ingest/xlsx.js';
import { EXIT, PadanError } from '../../src/util/errors.js';
import { writeAwkwardWorkbook, NIK_COLUMN, type SheetPerson } from '../helpers/workbook.js';
import { read, tempDir, tempFile } from './helpers.js';

describe('cellText: a typed cell as the text padan stores', () => {
  it.each([
    ['text keeps every digit and leading zero', '0275014503800001', '0275014503800001'],
    ['an exact integer keeps all its digits', 3275014503800001, '3275014503800001'],
    ['2^53 - 1 is exact', 2 ** 53 - 1, '9007199254740991'],
    ['2^53 is not: 2^53 + 1 reads as it too', 2 ** 53, '9.00719925474099E+15'],
    ['beyond 2^53: Excel notation, 15 significant digits', 9471014503800001, '9.47101450380000E+15'],
    ['a decimal', 29232.5, '29232.5'],
    ['a negative integer', -12, '-12'],
    ['a boolean', true, 'TRUE'],
    ['an empty cell', null, ''],
    ['rich text', { richText: [{ text: 'SITI ' }, { text: 'AMINAH' }] }, 'SITI AMINAH'],
    ['a formula: its cached result', { formula: 'A1', result: 3275014503800001 }, '3275014503800001'],
    ['a formula never calculated', { formula: 'A1' }, ''],
    ['an error', { error: '#N/A' }, '#N/A'],
    ['a hyperlink: its text', { text: 'SITI', hyperlink: 'http://x' }, 'SITI'],
    ['an Excel date', new Date(Date.UTC(1980, 2, 5)), '1980-03-05'],
  ])('%s', (_what, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });

  it('never invents digits for a number beyond 2^53', () => {
    for (const n of [9007199254740993, 9471014503800003, 9999999999999999]) {
      const text = numberText(n);
      expect(text).toMatch(/^\d\.\d{14}E\+1[56]$/);
      // The 15 significant digits Excel keeps are the double's, not more.
      expect(Number(text)).toBe(Number(n.toPrecision(15)));
    }
  });
});

describe('isChosenSheet and formatOfFile', () => {
  it('--sheet takes a name (any case) or a 1-based position', () => {
    expect(isChosenSheet('data', 'Data', 2)).toBe(true);
    expect(isChosenSheet('2', 'Data', 2)).toBe(true);
    expect(isChosenSheet('1', 'Data', 2)).toBe(false);
    expect(isChosenSheet('Petunjuk', 'Data', 1)).toBe(false);
  });

  it('tells a workbook from text by its first bytes, and refuses an old .xls', () => {
    expect(formatOfFile(tempFile('a.csv', 'NIK,Nama\n'))).toBe('csv');
    expect(formatOfFile(tempFile('z.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0])))).toBe('xlsx');
    const xls = tempFile('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(() => formatOfFile(xls)).toThrow(/old binary Excel workbook.*\.xls/);
  });
});

const PERSONS: SheetPerson[] = [
  { individu: '1', nama: 'SITI AMINAH', nik: '3275014503800001' }, // NIK typed as text
  { individu: '2', nama: 'DEWI LESTARI', nikNumber: 3275014503800002, familyNumber: 210000001 }, // exact number
  { individu: '3', nama: 'RINA WATI', nikNumber: 3275014503800000 }, // Excel's 15 digits: serial 0000
  { individu: '4', nama: 'SRI MULYANI', nik: '3.27501E+15' }, // what a CSV saved from Excel holds
  { individu: '5', nama: 'YULI ASTUTI', nikNumber: 9471014503800001 }, // Papua NIK as a number: beyond 2^53
  { individu: '6', nama: 'NUR AINI', nik: '0275014503800001' }, // leading zero, as text
  { individu: '7', nama: 'ANI SUSANTI', lahirDate: new Date(Date.UTC(1980, 2, 5)) }, // an Excel date
  { individu: '', nama: 'TANPA ID' }, // no person id: rejected
];

describe('reading a workbook', () => {
  it('finds the data sheet and its header below a merged title and empty rows; every digit as it was', async () => {
    const path = join(tempDir(), 'awkward.xlsx');
    const lines = await writeAwkwardWorkbook(path, PERSONS, { cover: true });
    const { header, rows, rejects, end } = await read(path);
    expect(header.line).toBe(4);
    expect(header.sheet).toBe('Data');
    expect(header.encoding).toBe('xlsx');
    expect(header.mapping.nik).toBe(NIK_COLUMN - 1);
    expect(rows.map((r) => r.line)).toEqual(lines.slice(0, 7));
    const byId = new Map(rows.map((r) => [r.person.sourceId, r]));
    const nik = (id: string): [string | null, string] => [byId.get(id)!.person.nik, byId.get(id)!.person.nikStatus];
    expect(nik('210000001-1')).toEqual(['3275014503800001', 'valid']);
    expect(nik('210000001-2')).toEqual(['3275014503800002', 'valid']);
    expect(nik('210000001-3')[1]).toBe('excel_mangled');
    expect(nik('210000001-4')[1]).toBe('excel_mangled');
    expect(nik('210000001-5')[1]).toBe('excel_mangled');
    expect(nik('210000001-6')).toEqual(['0275014503800001', 'placeholder']);
    // Raw cells are stored as read: the typed number's exact digits, Excel's notation beyond 2^53.
    const cell = (id: string): string => byId.get(id)!.cells[NIK_COLUMN - 1]!;
    expect(cell('210000001-2')).toBe('3275014503800002');
    expect(cell('210000001-3')).toBe('3275014503800000');
    expect(cell('210000001-5')).toBe('9.47101450380000E+15');
    expect(cell('210000001-6')).toBe('0275014503800001');
    expect(byId.get('210000001-2')!.cells[0]).toBe('210000001'); // ID Keluarga typed as a number
    expect(byId.get('210000001-7')!.person.tglLahir).toBe('1980-03-05');
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.line).toBe(lines[7]);
    expect(rejects[0]!.reason).toMatch(/no person id/);
    expect(rejects[0]!.raw).toContain('TANPA ID');
    expect(end.rowsRead).toBe(8);
  });

  it('reads Excel dates of a 1904 workbook as the same days', async () => {
    const path = join(tempDir(), 'mac1904.xlsx');
    await writeAwkwardWorkbook(path, [{ individu: '1', lahirDate: new Date(Date.UTC(1975, 11, 31)) }], { date1904: true });
    const { rows } = await read(path);
    expect(rows[0]!.person.tglLahir).toBe('1975-12-31');
  });

  it('--sheet by name or position; a sheet without a header row is an error that names the file and sheet', async () => {
    const path = join(tempDir(), 'sheets.xlsx');
    await writeAwkwardWorkbook(path, PERSONS.slice(0, 2), { cover: true });
    expect((await read(path, { sheet: 'DATA' })).rows).toHaveLength(2);
    expect((await read(path, { sheet: '2' })).rows).toHaveLength(2);
    const cover = await read(path, { sheet: '1' }).catch((e: unknown) => e);
    expect(cover).toBeInstanceOf(PadanError);
    expect((cover as PadanError).message).toMatch(/sheets\.xlsx \[sheet "Petunjuk"\]: no header row found/);
    const missing = (await read(path, { sheet: 'Rekap' }).catch((e: unknown) => e)) as PadanError;
    expect(missing.exitCode).toBe(EXIT.usage);
    expect(missing.message).toMatch(/no sheet Rekap; the workbook has 1 "Petunjuk", 2 "Data"/);
  });

  it('a workbook without any P3KE header says which sheets it looked at', async () => {
    const path = join(tempDir(), 'cover-only.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Petunjuk').addRow(['isi data di sheet berikut']);
    workbook.addWorksheet('Rekap').addRow(['Kecamatan', 'Jumlah']);
    await workbook.xlsx.writeFile(path);
    const error = (await read(path).catch((e: unknown) => e)) as PadanError;
    expect(error.message).toMatch(/no sheet has a header row of a P3KE export \(sheets: 1 "Petunjuk", 2 "Rekap"\)/);
  });

  it('a file that only looks like a workbook is refused with the file name', async () => {
    const path = tempFile('broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]));
    const error = (await read(path).catch((e: unknown) => e)) as PadanError;
    expect(error).toBeInstanceOf(PadanError);
    expect(error.message).toMatch(/broken\.xlsx: not a readable \.xlsx workbook/);
  });

  it('the end event carries the whole file\'s size and SHA-256', async () => {
    const path = join(tempDir(), 'hash.xlsx');
    await writeAwkwardWorkbook(path, PERSONS.slice(0, 1));
    const { end } = await read(path);
    const { sha256OfFile } = await import('../../src/ingest/read-export.js');
    expect(await sha256OfFile(path)).toEqual({ sha256: end.sha256, bytes: end.bytes });
  });
});
