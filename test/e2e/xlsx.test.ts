// Workbooks and folders through the built CLI (the parse worker included), as an officer runs it:
// ingest an awkward workbook and check every digit in the store; run over a folder holding the
// P3KE fixture twice (as CSV and, in part, as a workbook) and find those persons in duplicates;
// read the report workbook back.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, padan, tempDir } from '../helpers/cli.js';
import { NIK_COLUMN, writeAwkwardWorkbook, type SheetPerson } from '../helpers/workbook.js';

const DTKS = join(FIXTURES, 'dtks.csv');
const csvRows = (path: string): string[][] =>
  readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(',')); // the columns read here hold no comma

describe('padan ingest of a workbook', () => {
  const dir = tempDir('e2e-xlsx');
  const db = join(dir.path, 'padan.db');
  afterAll(() => dir.remove());

  const persons: SheetPerson[] = [
    { individu: '1', nik: '3275014503800001' },
    { individu: '2', nikNumber: 3275014503800002 },
    { individu: '3', nikNumber: 3275014503800000 },
    { individu: '4', nikNumber: 9471014503800001 },
    { individu: '5', nik: '3.27501E+15' },
    { individu: '6', lahirDate: new Date(Date.UTC(1980, 2, 5)) },
  ];

  it('reads the data sheet through the worker and stores every digit', async () => {
    const path = join(dir.path, 'P3KE_Bekasi.xlsx');
    const lines = await writeAwkwardWorkbook(path, persons, { cover: true });
    const result = padan(['ingest', 'p3ke', path, '--db', db, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'ingested', rowsRead: 6, accepted: 6, snapshot: { encoding: 'xlsx', headerLine: 4 } });
    const store = new Database(db, { readonly: true });
    try {
      const rows = store.prepare('SELECT line, source_id AS id, nik, nik_status AS status, tgl_lahir AS lahir, raw FROM records ORDER BY id').all() as {
        line: number;
        id: string;
        nik: string | null;
        status: string;
        lahir: string | null;
        raw: string;
      }[];
      expect(rows.map((r) => r.line)).toEqual(lines);
      expect(rows.map((r) => [r.nik, r.status])).toEqual([
        ['3275014503800001', 'valid'],
        ['3275014503800002', 'valid'],
        ['3275014503800000', 'excel_mangled'],
        [expect.any(String), 'excel_mangled'],
        [expect.any(String), 'excel_mangled'],
        ['3275014503800001', 'valid'],
      ]);
      const raw = rows.map((r) => (JSON.parse(r.raw) as string[])[NIK_COLUMN - 1]);
      expect(raw).toEqual(['3275014503800001', '3275014503800002', '3275014503800000', '9.47101450380000E+15', '3.27501E+15', '3275014503800001']);
      expect(rows[5]!.lahir).toBe('1980-03-05');
      const file = store.prepare('SELECT file_name AS name, sheet FROM snapshot_files').get();
      expect(file).toEqual({ name: 'P3KE_Bekasi.xlsx', sheet: 'Data' });
    } finally {
      store.close();
    }
  });

  it('an unknown --sheet is a usage error (exit 2) listing the sheets', () => {
    const result = padan(['ingest', 'p3ke', join(dir.path, 'P3KE_Bekasi.xlsx'), '--db', db, '--sheet', 'Rekap', '--force']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no sheet Rekap; the workbook has 1 "Petunjuk", 2 "Data"/);
  });

  it('a file named .xlsx that holds no workbook is an error naming the file (exit 1), not a crash', () => {
    const junk = join(dir.path, 'bukan.xlsx');
    writeFileSync(junk, 'PK\u0003\u0004 this is not a zip package');
    const result = padan(['ingest', 'p3ke', junk, '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bukan\.xlsx: no sheet has a header row of a P3KE export \(sheets: -\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves none of exceljs\'s copies of the sheets (personal data) in the temp directory, whichever way the read ends', async () => {
    // This workbook's sheets come before its shared strings, so exceljs copies them to temporary
    // files; its own cleanup never ran in a terminated worker or a read stopped early.
    const tmp = join(dir.path, 'tmp');
    mkdirSync(tmp);
    const workbook = join(dir.path, 'P3KE_Cover.xlsx');
    await writeAwkwardWorkbook(workbook, persons, { cover: true });
    const ingest = (status: number, ...extra: string[]): void => {
      const result = padan(['ingest', 'p3ke', workbook, '--db', db, '--force', ...extra], { env: { TMPDIR: tmp } });
      expect(result.status, result.stderr).toBe(status);
    };
    ingest(0);
    ingest(1, '--sheet', '1'); // the cover sheet has no header row
    ingest(2, '--sheet', 'Rekap');
    ingest(0, '--sheet', 'Data');
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('padan run over a folder, reports as CSV and workbook', () => {
  const dir = tempDir('e2e-folder');
  const db = join(dir.path, 'padan.db');
  const exports = join(dir.path, 'p3ke');
  const out = join(dir.path, 'out');
  afterAll(() => dir.remove());

  beforeAll(async () => {
    // The P3KE fixture as CSV, and its first 40 persons again in a workbook (with its title rows).
    mkdirSync(join(exports, 'kec'), { recursive: true });
    const text = readFileSync(join(FIXTURES, 'p3ke.csv'), 'utf8');
    writeFileSync(join(exports, 'p3ke.csv'), text);
    const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('P3KE');
    for (const line of lines.slice(0, 45)) sheet.addRow(line.includes('"') ? [] : line.split(';'));
    await workbook.xlsx.writeFile(join(exports, 'kec', 'part.xlsx'));
  });

  it('makes one P3KE snapshot of both files; the persons in both are duplicates, each with its file', () => {
    // --p3ke-sheet names the workbook's sheet and is ignored for the CSV file.
    const result = padan(['run', exports, DTKS, '--db', db, '--out', out, '--format', 'csv,xlsx', '--p3ke-sheet', 'P3KE', '--json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/p3ke .*p3ke \(2 files\): read 1,222 rows, accepted 1,222/);
    const duplicates = csvRows(join(out, 'duplicates.csv'));
    expect(duplicates[0]).toEqual(['source', 'group', 'id', 'nik', 'nama', 'tgl_lahir', 'kode_desa', 'reason', 'file']);
    const groups = new Map<string, Set<string>>();
    for (const r of duplicates.slice(1).filter((r) => r[0] === 'p3ke')) groups.set(r[1]!, (groups.get(r[1]!) ?? new Set()).add(r[8]!));
    const acrossFiles = [...groups.values()].filter((files) => files.has('p3ke.csv') && files.has('kec/part.xlsx'));
    expect(acrossFiles.length).toBeGreaterThanOrEqual(30); // 40 persons twice, those with a valid NIK by NIK
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { inputs: { file: string }[] };
    expect(summary.inputs[0]!.file).toBe('2 files: kec/part.xlsx, p3ke.csv');
    const json = JSON.parse(result.stdout) as { files: { category: string; path: string }[] };
    expect(json.files.find((f) => f.category === 'workbook')?.path).toBe(join(out, 'padan-report.xlsx'));
  });

  it('the workbook has a sheet per category and a summary; IDs are text, header frozen and filtered; rows as in the CSVs', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'padan-report.xlsx'));
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toEqual(['matches', 'review', 'p3ke_only', 'dtks_only', 'field_mismatch', 'nik_conflict', 'duplicates', 'invalid_nik', 'families', 'rejects', 'summary']);
    for (const name of names.slice(0, -1)) {
      const sheet = workbook.getWorksheet(name)!;
      expect(sheet.rowCount, name).toBe(csvRows(join(out, `${name}.csv`)).length);
      expect(sheet.views[0], name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter, name).toMatch(/^A1:[A-Z]+1$/);
    }
    const matches = workbook.getWorksheet('matches')!;
    const nikColumn = (matches.getRow(1).values as string[]).indexOf('p3ke_nik');
    const cell = matches.getRow(2).getCell(nikColumn);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
    expect(String(cell.value)).toMatch(/^\d{16}$/);
  });

  it('--mask-nik holds in the workbook too', async () => {
    const masked = join(dir.path, 'masked');
    const result = padan(['report', '--db', db, '--out', masked, '--format', 'xlsx', '--mask-nik']);
    expect(result.status).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(masked, 'padan-report.xlsx'));
    let cells = 0;
    // The summary sheet holds the inputs' SHA-256, whose hex digits may run to 16.
    for (const sheet of workbook.worksheets.filter((w) => w.name !== 'summary')) {
      sheet.eachRow((row) =>
        row.eachCell((c) => {
          cells++;
          expect(String(c.value)).not.toMatch(/\d{16}/);
        }),
      );
    }
    expect(cells).toBeGreaterThan(1000);
  });

  it('the same folder the next night is unchanged', () => {
    const result = padan(['run', exports, DTKS, '--db', db, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/p3ke .*: unchanged since snapshot 1/);
  });
});
