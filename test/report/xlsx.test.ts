// The report workbook, read back with exceljs: text-typed IDs, frozen header, filters, widths,
// continuation sheets past the row limit, the summary sheet, and nothing left behind on abort.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import { XlsxReportWriter } from '../../src/report/xlsx.js';
import { parseFormats } from '../../src/commands/report-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-xlsx-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = ['p3ke_id', 'dtks_id', 'status', 'probability', 'method', 'p3ke_nik', 'p3ke_members'];
const row = (i: number): (string | number)[] => [`21000000${i}-1`, `0000${i}`, 'match', '0.9876', 'model', `327501450380000${i}`, i];
const summary = {
  version: '0.0.0',
  runId: 7,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:01:00.000Z',
  maskNik: false,
  inputs: [{ source: 'p3ke', file: '2 files: a.xlsx, b.xlsx', sha256: 'ab'.repeat(32), rows: 10, accepted: 9, rejected: 1 }],
  counts: { matches: 7 },
};

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

describe('XlsxReportWriter', () => {
  it('writes ID columns as text, numbers as numbers, a frozen filtered header, fitted widths and a summary sheet', async () => {
    const path = join(dir, XlsxReportWriter.FILE);
    const writer = await XlsxReportWriter.create(path);
    const table = writer.table('matches', 'matches.csv', HEADER);
    for (let i = 1; i <= 7; i++) await table.write(row(i));
    await table.close();
    const empty = writer.table('review', 'review.csv', ['p3ke_id', 'dtks_id']);
    await empty.close();
    expect(await writer.finish(summary)).toEqual([{ path, tables: 2 }]);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([XlsxReportWriter.FILE]); // no temporary file left
    const workbook = await readBack(path);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['matches', 'review', 'summary']);
    const sheet = workbook.getWorksheet('matches')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADER]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:G1');
    const first = sheet.getRow(2);
    for (const column of [1, 2, 6]) {
      expect(first.getCell(column).type).toBe(ExcelJS.ValueType.String);
      expect(first.getCell(column).numFmt).toBe('@');
    }
    expect(first.getCell(2).value).toBe('00001'); // leading zeros kept
    expect(first.getCell(6).value).toBe('3275014503800001'); // all 16 digits
    expect(first.getCell(4).value).toBe(0.9876);
    expect(first.getCell(7).value).toBe(1);
    // Widths fit the longest of header and values: the NIK column is wide enough for 16 digits.
    expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(16);
    expect(sheet.getColumn(3).width ?? 9).toBeLessThan(sheet.getColumn(6).width!); // 9: Excel's default, not written
    expect(workbook.getWorksheet('review')!.rowCount).toBe(1);
    const summarySheet = workbook.getWorksheet('summary')!;
    const text = JSON.stringify(summarySheet.getSheetValues());
    expect(text).toContain('"matches",7');
    expect(text).toContain('2 files: a.xlsx, b.xlsx');
    expect(workbook.views[0]).toMatchObject({ activeTab: 2 }); // opens on the summary
  });

  it('continues a table on sheets "name (2)", "name (3)" past the rows a sheet can hold, each with the header', async () => {
    const path = join(dir, 'small.xlsx');
    const writer = await XlsxReportWriter.create(path, 4); // header + 3 rows per sheet
    const table = writer.table('duplicates', 'duplicates.csv', HEADER);
    for (let i = 1; i <= 7; i++) await table.write(row(i));
    await table.close();
    await writer.finish(summary);
    const workbook = await readBack(path);
    expect(workbook.worksheets.map((w) => `${w.name}:${w.rowCount}`)).toEqual(['duplicates:4', 'duplicates (2):4', 'duplicates (3):2', `summary:${workbook.getWorksheet('summary')!.rowCount}`]);
    const ids = workbook.worksheets.slice(0, 3).flatMap((w) => w.getSheetValues().slice(2).map((r) => (r as unknown[])[1]));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `21000000${i}-1`));
    expect(workbook.getWorksheet('duplicates (3)')!.getRow(1).getCell(1).value).toBe('p3ke_id');
  });

  it('abort leaves no file behind', async () => {
    const path = join(dir, 'aborted.xlsx');
    const writer = await XlsxReportWriter.create(path);
    const table = writer.table('matches', 'matches.csv', HEADER);
    await table.write(row(1));
    writer.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('--format', () => {
  it('takes a comma-separated list of registered formats, each once', () => {
    expect(parseFormats('csv,xlsx')).toEqual(['csv', 'xlsx']);
    expect(parseFormats(' XLSX , xlsx ')).toEqual(['xlsx']);
    expect(() => parseFormats('csv,pdf')).toThrow(/unknown format pdf; choose from csv, xlsx, html/);
    expect(() => parseFormats(',')).toThrow(/no format/);
    expect(Object.keys(REPORT_FORMATS)).toEqual(['csv', 'xlsx', 'html']);
  });
});
