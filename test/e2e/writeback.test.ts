// padan writeback end to end: a verval-style workbook built here (title, three header rows, data
// from column B, styles, merges, widths, formulas, a second sheet, NIKs as text) and the DTKS
// fixture, filled from a run on the fixtures; everything but the answer cells compared before and
// after, the answers checked against the run's own reports.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllRecords } from '../../src/ingest/csv.js';
import { entryContent, readZip, replaced, writeZip, type ZipEntry } from '../../src/report/writeback/zip.js';
import { FIXTURES, padan, tempDir } from '../helpers/cli.js';

const P3KE = join(FIXTURES, 'p3ke.csv');
const DTKS = join(FIXTURES, 'dtks.csv');

/** A report CSV of the contract (UTF-8 BOM, comma) as objects keyed by its header. */
function reportRows(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = readAllRecords(text, { delimiter: ',', lineBreak: '\n' }).records.map((r) => r.cells);
  return rows.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

/** The fixture's person rows, by header name. */
function fixtureRows(path: string, delimiter: string, headerLine: number): Record<string, string>[] {
  const records = readAllRecords(readFileSync(path, 'utf8'), { delimiter, lineBreak: '\n' }).records.filter((r) => r.line >= headerLine);
  const header = records[0]!.cells;
  return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r.cells[i] ?? ''])));
}

const TEMPLATE_HEADER = ['ID Keluarga', 'Provinsi', 'Kabupaten', 'Desil Kesejahteraan', 'ID Individu', 'Nama', 'NIK', 'Tanggal Lahir', 'DTKS_BERIRISAN_DTKS', 'DTKS_ID_DTKS', 'DTKS_KK_DTKS', 'DTKS_keterangan_DTKS', 'Catatan'];
/** Columns of the answers (J..M): data from column B, so header index + 2. */
const ANSWER_COLUMNS = [10, 11, 12, 13];
const FIRST_DATA_ROW = 5;

interface Built {
  /** Row number → p3ke_id for rows of the fixture; unplaceable rows by reason. */
  ids: Map<number, string>;
  unplaceable: Map<number, string>;
}

/** The verval workbook: title row, group labels, column names, column numbers, then persons. */
async function buildVerval(path: string): Promise<Built> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('VERVAL P3KE');
  sheet.getCell('B1').value = 'VERIFIKASI DAN VALIDASI DATA P3KE - KABUPATEN TOBA';
  sheet.getCell('B1').font = { bold: true, size: 14 };
  sheet.mergeCells('B1:N1');
  const groups: [string, string][] = [['B2:E2', 'Data Keluarga'], ['F2:I2', 'Data Individu'], ['J2:M2', 'Hasil Verval DTKS']];
  for (const [range, label] of groups) {
    sheet.mergeCells(range);
    const cell = sheet.getCell(range.split(':')[0]!);
    cell.value = label;
    cell.alignment = { horizontal: 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  }
  TEMPLATE_HEADER.forEach((name, i) => {
    const cell = sheet.getRow(3).getCell(i + 2);
    cell.value = name;
    cell.font = { bold: true };
    cell.border = { bottom: { style: 'thin' } };
    sheet.getRow(4).getCell(i + 2).value = i + 1;
    sheet.getColumn(i + 2).width = 10 + i;
  });
  sheet.getColumn(1).width = 3;
  sheet.getColumn(8).numFmt = '@';

  const ids = new Map<number, string>();
  const unplaceable = new Map<number, string>();
  const persons = fixtureRows(P3KE, ';', 5);
  let r = FIRST_DATA_ROW;
  const addRow = (p: Record<string, string>, nik: string): void => {
    const row = sheet.getRow(r);
    // ID Keluarga and ID Individu as numbers, as Excel keeps them; NIK as text.
    row.getCell(2).value = Number(p['ID Keluarga']);
    row.getCell(3).value = p.Provinsi!;
    row.getCell(4).value = p.Kabupaten!;
    row.getCell(5).value = p['Desil Kesejahteraan']!;
    row.getCell(6).value = Number(p['ID Individu']);
    row.getCell(7).value = p.Nama!;
    row.getCell(8).value = nik;
    row.getCell(9).value = p['Tanggal Lahir']!;
    row.getCell(14).value = { formula: `LEN(H${r})`, result: nik.length };
  };
  for (const p of persons) {
    addRow(p, p.NIK!);
    ids.set(r, `${p['ID Keluarga']}-${p['ID Individu']}`);
    r++;
  }
  // Not in the snapshot: a family id the fixture lacks, and a known id with another NIK. The
  // officer already typed answers in one: they must stay.
  addRow({ ...persons[0]!, 'ID Keluarga': '999999991' }, persons[0]!.NIK!);
  sheet.getCell(`J${r}`).value = 'YA';
  sheet.getCell(`M${r}`).value = 'diisi petugas';
  unplaceable.set(r++, 'not in the matched snapshot');
  addRow(persons[1]!, '1212090101900001');
  unplaceable.set(r++, 'NIK differs from the matched snapshot');
  sheet.getCell(`G${r}`).value = 'JUMLAH';
  sheet.getCell(`H${r}`).value = { formula: `COUNTA(H${FIRST_DATA_ROW}:H${r - 1})`, result: r - FIRST_DATA_ROW };
  unplaceable.set(r, 'no person id');

  const notes = workbook.addWorksheet('Petunjuk');
  notes.getCell('A1').value = 'Isi kolom DTKS_* untuk setiap individu';
  notes.mergeCells('A1:D1');
  notes.getCell('A2').value = { formula: "COUNTA('VERVAL P3KE'!H:H)", result: r };
  notes.getColumn(1).width = 40;
  // A part exceljs does not model (as charts, drawings and extensions are): writeback must keep it.
  const entries = readZip(Buffer.from(await workbook.xlsx.writeBuffer()));
  entries.push(replaced({ ...entries.at(-1)!, name: 'customXml/item1.xml' }, Buffer.from('<padan-test>kept</padan-test>')));
  writeZipFile(path, entries);
  return { ids, unplaceable };
}

function writeZipFile(path: string, entries: readonly ZipEntry[]): void {
  const fd = openSync(path, 'w');
  try {
    writeZip(fd, entries);
  } finally {
    closeSync(fd);
  }
}

async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** Everything exceljs knows of a cell, as comparable data. */
const cellState = (cell: ExcelJS.Cell): unknown => ({ value: cell.value, type: cell.type, formula: cell.formula ?? null, style: JSON.parse(JSON.stringify(cell.style ?? {})) as unknown });

describe('writeback answers into the officers own files', () => {
  const dir = tempDir('e2e-writeback');
  const db = join(dir.path, 'padan.db');
  const reports = join(dir.path, 'laporan');
  const template = join(dir.path, 'verval.xlsx');
  const filled = join(dir.path, 'verval_terisi.xlsx');
  let built: Built;
  let matches: Map<string, Record<string, string>>;
  let p3keOnly: Map<string, Record<string, string>>;

  beforeAll(async () => {
    expect(padan(['run', P3KE, DTKS, '--db', db, '--out', reports]).status).toBe(0);
    matches = new Map(reportRows(join(reports, 'matches.csv')).map((m) => [m.p3ke_id!, m]));
    p3keOnly = new Map(reportRows(join(reports, 'p3ke_only.csv')).map((m) => [m.p3ke_id!, m]));
    built = await buildVerval(template);
  }, 120_000);
  afterAll(() => dir.remove());

  it('fills the four DTKS columns of a verval workbook and reports the rows it cannot place', async () => {
    const unplacedCsv = join(dir.path, 'tidak_ditempatkan.csv');
    // exceljs copies sheets that come before the shared strings to temporary files: none may stay.
    const tmp = join(dir.path, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const result = padan(['writeback', 'p3ke', '--template', template, '--out', filled, '--db', db, '--unplaced', unplacedCsv, '--json'], { env: { TMPDIR: tmp } });
    expect(result.status).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    const summary = JSON.parse(result.stdout) as { rows: number; filled: number; unplaced: number; appended: string[]; sheets: string[] };
    expect(summary).toMatchObject({ rows: built.ids.size + built.unplaceable.size, filled: built.ids.size, unplaced: built.unplaceable.size, appended: [], sheets: ['VERVAL P3KE'] });
    expect(statSync(filled).mode & 0o777).toBe(0o600);
    // Listed on stderr and in the CSV by row and id, never by NIK or name.
    const listed = reportRows(unplacedCsv);
    expect(listed.map((u) => [Number(u.row), u.reason])).toEqual([...built.unplaceable]);
    expect(result.stderr).toMatch(/\[VERVAL P3KE\] row \d+ \(999999991-1\): not in the matched snapshot/);
    expect(result.stderr).not.toMatch(/\d{16}/);

    const sheet = (await readWorkbook(filled)).getWorksheet('VERVAL P3KE')!;
    const counts = { YA: 0, review: 0, notFound: 0, invalid: 0 };
    for (const [row, id] of built.ids) {
      const [beririsan, idDtks, kk, remark] = ANSWER_COLUMNS.map((c) => sheet.getRow(row).getCell(c).value);
      const match = matches.get(id);
      if (match?.status === 'match') {
        counts.YA++;
        expect([beririsan, idDtks, kk]).toEqual(['YA', match.dtks_id, match.dtks_household_id || null]);
        const byModel = !match.p3ke_nik || !match.dtks_nik ? 'orang sama, NIK kosong' : match.p3ke_nik === match.dtks_nik ? 'NIK sama' : 'orang sama, NIK berbeda';
        expect(remark).toBe(match.method === 'nik' ? 'NIK sama' : match.method === 'manual' ? 'ditautkan petugas' : byModel);
      } else if (match?.status === 'review') {
        counts.review++;
        expect([beririsan, idDtks, kk]).toEqual(['TIDAK', match.dtks_id, match.dtks_household_id || null]);
        expect(remark).toBe(`perlu ditinjau (skor ${Number(match.probability).toFixed(2)})`);
      } else {
        const only = p3keOnly.get(id)!;
        expect([beririsan, idDtks, kk]).toEqual(['TIDAK', null, null]); // empty cells
        if (only.nik_status === 'valid') counts.notFound++;
        else counts.invalid++;
        expect(remark).toBe(only.nik_status === 'valid' ? 'tidak ditemukan di DTKS' : `NIK tidak valid: ${only.nik_status}`);
      }
    }
    // Every kind of answer occurs in the fixture.
    expect(counts.YA).toBe(matches.size - counts.review);
    expect(Math.min(...Object.values(counts))).toBeGreaterThan(0);
  });

  it('keeps every other cell, type, style, merge, width, formula and sheet as it was', async () => {
    const before = await readWorkbook(template);
    const after = await readWorkbook(filled);
    expect(after.worksheets.map((s) => s.name)).toEqual(before.worksheets.map((s) => s.name));
    let compared = 0;
    for (const old of before.worksheets) {
      const now = after.getWorksheet(old.name)!;
      expect(now.model.merges).toEqual(old.model.merges);
      // Bounds fixed first: getCell creates the cells it is asked for.
      const [rows, columns] = [old.rowCount, old.columnCount];
      expect([now.rowCount, now.columnCount]).toEqual([rows, columns]);
      for (let c = 1; c <= columns + 1; c++) expect([c, now.getColumn(c).width, now.getColumn(c).numFmt]).toEqual([c, old.getColumn(c).width, old.getColumn(c).numFmt]);
      for (let r = 1; r <= rows + 1; r++) {
        for (let c = 1; c <= columns + 1; c++) {
          const answer = old.name === 'VERVAL P3KE' && built.ids.has(r) && ANSWER_COLUMNS.includes(c);
          if (answer) continue;
          expect([r, c, cellState(now.getRow(r).getCell(c))]).toEqual([r, c, cellState(old.getRow(r).getCell(c))]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(built.ids.size * 10);
    // In the package: every part but the filled sheet's XML is the same, byte for byte.
    const partsBefore = readZip(readFileSync(template));
    const partsAfter = readZip(readFileSync(filled));
    expect(partsAfter.map((e) => e.name)).toEqual(partsBefore.map((e) => e.name));
    const changed = partsAfter.filter((e, i) => !entryContent(e).equals(entryContent(partsBefore[i]!))).map((e) => e.name);
    expect(changed).toEqual(['xl/worksheets/sheet1.xml']);
    expect((partsAfter.find((e) => e.name === 'customXml/item1.xml')!.data as Buffer).equals(partsBefore.find((e) => e.name === 'customXml/item1.xml')!.data as Buffer)).toBe(true);
    // NIKs stay text; the answer cells keep the column's style.
    const sheet = after.getWorksheet('VERVAL P3KE')!;
    const [firstRow] = built.ids.keys();
    expect(sheet.getRow(firstRow!).getCell(8).type).toBe(ExcelJS.ValueType.String);
    expect(typeof sheet.getRow(firstRow!).getCell(11).value).toBe('string');
  });

  it('finds the sheet by its relationship when the workbook lists sheets in another order than their parts', () => {
    // Petunjuk (part sheet2.xml) listed first, and absolute targets, which exceljs's streaming
    // reader does not name: the same answers must land in the same part.
    const entries = readZip(readFileSync(template));
    const edit = (name: string, change: (xml: string) => string): void => {
      const i = entries.findIndex((e) => e.name === name);
      const xml = entryContent(entries[i]!).toString('utf8');
      expect(change(xml)).not.toBe(xml);
      entries[i] = replaced(entries[i]!, Buffer.from(change(xml)));
    };
    edit('xl/workbook.xml', (xml) => xml.replace(/(<sheet\b[^>]*>)(<sheet\b[^>]*>)/, '$2$1'));
    edit('xl/_rels/workbook.xml.rels', (xml) => xml.replaceAll('Target="worksheets/', 'Target="/xl/worksheets/'));
    const reordered = join(dir.path, 'verval_urutan.xlsx');
    const out = join(dir.path, 'verval_urutan_terisi.xlsx');
    writeZipFile(reordered, entries);
    const result = padan(['writeback', 'p3ke', '--template', reordered, '--out', out, '--db', db, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ sheets: ['VERVAL P3KE'], filled: built.ids.size, unplaced: built.unplaceable.size });
    const part = (path: string, name: string): Buffer => entryContent(readZip(readFileSync(path)).find((e) => e.name === name)!);
    expect(part(out, 'xl/worksheets/sheet1.xml').equals(part(filled, 'xl/worksheets/sheet1.xml'))).toBe(true);
    expect(part(out, 'xl/worksheets/sheet2.xml').equals(part(template, 'xl/worksheets/sheet2.xml'))).toBe(true);
    // The scratch files (answers, deflated sheets) and the temporary output are gone.
    expect(readdirSync(dir.path).filter((name) => /\.tmp-\d+/.test(name))).toEqual([]);
  });

  it('says which sheet it could not read when its part is not where exceljs looks', () => {
    const entries = readZip(readFileSync(template)).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, name: 'xl/worksheets/data.xml' } : e));
    const i = entries.findIndex((e) => e.name === 'xl/_rels/workbook.xml.rels');
    entries[i] = replaced(entries[i]!, Buffer.from(entryContent(entries[i]!).toString('utf8').replace('worksheets/sheet1.xml', 'worksheets/data.xml')));
    const renamed = join(dir.path, 'verval_bagian.xlsx');
    writeZipFile(renamed, entries);
    const result = padan(['writeback', 'p3ke', '--template', renamed, '--out', join(dir.path, 'verval_bagian_terisi.xlsx'), '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('verval_bagian.xlsx [VERVAL P3KE]: xl/worksheets/data.xml not read');
  });

  it('filling its own output again changes nothing', async () => {
    const again = join(dir.path, 'verval_lagi.xlsx');
    const result = padan(['writeback', 'p3ke', '--template', filled, '--out', again, '--db', db, '--json']);
    expect(result.status).toBe(0);
    const first = (await readWorkbook(filled)).getWorksheet('VERVAL P3KE')!;
    const second = (await readWorkbook(again)).getWorksheet('VERVAL P3KE')!;
    for (let r = 1; r <= first.rowCount; r++) for (const c of ANSWER_COLUMNS) expect(second.getRow(r).getCell(c).value).toEqual(first.getRow(r).getCell(c).value);
  });

  it('appends the P3KE columns to a DTKS workbook after its last column, in its header row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('DTKS');
    const rows = fixtureRows(DTKS, '|', 1).slice(0, 30);
    const header = Object.keys(rows[0]!);
    sheet.addRow(header).font = { bold: true };
    for (const row of rows) sheet.addRow(header.map((h) => row[h]!));
    const path = join(dir.path, 'dtks.xlsx');
    const out = join(dir.path, 'dtks_terisi.xlsx');
    await workbook.xlsx.writeFile(path);
    const result = padan(['writeback', 'dtks', '--template', path, '--out', out, '--db', db, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'xlsx', rows: 30, filled: 30, appended: ['P3KE_ID_KELUARGA', 'P3KE_ID_INDIVIDU', 'P3KE_DESIL', 'P3KE_KETERANGAN'] });
    const filledSheet = (await readWorkbook(out)).getWorksheet('DTKS')!;
    const first = header.length + 1;
    expect([0, 1, 2, 3].map((k) => filledSheet.getRow(1).getCell(first + k).value)).toEqual(['P3KE_ID_KELUARGA', 'P3KE_ID_INDIVIDU', 'P3KE_DESIL', 'P3KE_KETERANGAN']);
    expect(filledSheet.getRow(1).getCell(first).font?.bold).toBe(true); // styled like its neighbour
    const byDtks = new Map([...matches.values()].map((m) => [m.dtks_id!, m]));
    rows.forEach((row, i) => {
      const cells = [0, 1, 2, 3].map((k) => filledSheet.getRow(i + 2).getCell(first + k).value);
      const match = byDtks.get(row['ID DTKS']!);
      if (match) expect(`${cells[0]}-${cells[1]}`).toBe(match.p3ke_id);
      else expect(cells.slice(0, 3)).toEqual([null, null, null]);
      expect(typeof cells[3]).toBe('string');
      header.forEach((h, c) => expect(filledSheet.getRow(i + 2).getCell(c + 1).value).toBe(row[h]));
    });
  });

  it('appends the P3KE columns to the DTKS export, every original byte kept', () => {
    const out = join(dir.path, 'dtks_dengan_p3ke.csv');
    const result = padan(['writeback', 'dtks', '--template', DTKS, '--out', out, '--db', db, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'csv', delimiter: '|', encoding: 'utf-8', rows: 1165, filled: 1165, unplaced: 0 });
    const original = readFileSync(DTKS, 'latin1').split('\n');
    const written = readFileSync(out, 'latin1').split('\n');
    expect(written.length).toBe(original.length);
    original.forEach((line, i) => {
      if (line === '') expect(written[i]).toBe('');
      else expect(written[i]!.startsWith(`${line}|`)).toBe(true);
    });
    expect(written[0]).toMatch(/\|"P3KE_ID_KELUARGA"\|"P3KE_ID_INDIVIDU"\|"P3KE_DESIL"\|"P3KE_KETERANGAN"$/);

    const byDtks = new Map([...matches.values()].map((m) => [m.dtks_id!, m]));
    const desil = new Map(fixtureRows(P3KE, ';', 5).map((p) => [`${p['ID Keluarga']}-${p['ID Individu']}`, p['Desil Kesejahteraan']!.replace(/\D/g, '')]));
    const rows = fixtureRows(out, '|', 1);
    expect(rows.length).toBe(1165);
    for (const row of rows) {
      const match = byDtks.get(row['ID DTKS']!);
      if (!match) {
        expect([row.P3KE_ID_KELUARGA, row.P3KE_ID_INDIVIDU, row.P3KE_DESIL]).toEqual(['', '', '']);
        expect(row.P3KE_KETERANGAN).toMatch(/^(tidak ditemukan di P3KE|NIK tidak valid: \w+)$/);
        continue;
      }
      expect(`${row.P3KE_ID_KELUARGA}-${row.P3KE_ID_INDIVIDU}`).toBe(match.p3ke_id);
      expect(row.P3KE_DESIL).toBe(desil.get(match.p3ke_id!));
      if (match.status === 'review') expect(row.P3KE_KETERANGAN).toMatch(/^perlu ditinjau \(skor 0\.\d\d\)$/);
      else expect(['NIK sama', 'orang sama, NIK berbeda', 'orang sama, NIK kosong', 'ditautkan petugas']).toContain(row.P3KE_KETERANGAN);
    }
  });

  it('refuses an old .xls, a missing template and --out naming the template', () => {
    const xls = join(dir.path, 'lama.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    const old = padan(['writeback', 'p3ke', '--template', xls, '--out', join(dir.path, 'x.xlsx'), '--db', db]);
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/lama\.xls: an old binary Excel workbook \(\.xls\)/);
    expect(padan(['writeback', 'p3ke', '--template', join(dir.path, 'nope.csv'), '--out', join(dir.path, 'y.csv'), '--db', db]).status).toBe(1);
    const same = padan(['writeback', 'p3ke', '--template', template, '--out', template, '--db', db]);
    expect(same.status).toBe(2);
    expect(padan(['writeback', 'p3ke', '--template', template, '--db', db]).status).toBe(2);
    const wrongSide = padan(['writeback', 'p3ke', '--template', DTKS, '--out', join(dir.path, 'z.csv'), '--db', db]);
    expect(wrongSide.status).toBe(1);
    expect(wrongSide.stderr).toMatch(/DTKS export/);
  });
});
