// Real .xlsx workbooks for the tests, built with exceljs in the shapes district offices receive:
// a cover sheet, a merged title block, empty rows before the header and among the data, NIKs as
// text and as numbers (exact, cut to Excel's 15 digits, beyond 2^53), Excel dates.
import ExcelJS from 'exceljs';
import { P3KE_HEADER, p3keRow, type P3keRow } from '../ingest/helpers.js';

export const NIK_COLUMN = P3KE_HEADER.indexOf('NIK') + 1; // 1-based, as exceljs counts
export const LAHIR_COLUMN = P3KE_HEADER.indexOf('Tanggal Lahir') + 1;
export const FAMILY_COLUMN = P3KE_HEADER.indexOf('ID Keluarga') + 1;
export const INDIVIDU_COLUMN = P3KE_HEADER.indexOf('ID Individu') + 1;

/** One data row of the awkward sheet: the cells as text, then typed cells put over them. */
export interface SheetPerson extends P3keRow {
  /** NIK stored as a number cell rather than text. */
  nikNumber?: number;
  /** Birth date stored as an Excel date (formatted dd/mm/yyyy). */
  lahirDate?: Date;
  /** ID Keluarga stored as a number cell. */
  familyNumber?: number;
}

export interface AwkwardOptions {
  /** The workbook uses the 1904 date system (Excel for Mac before 2011). */
  date1904?: boolean;
  /** A sheet of instructions before the data sheet. */
  cover?: boolean;
}

/**
 * A P3KE workbook: optional cover sheet, then sheet "Data" with a title merged over the columns
 * (rows 1-2), an empty row 3, the header on row 4, an empty row 5, then the persons (one empty row
 * after the second). Returns the sheet row number of each person.
 */
export async function writeAwkwardWorkbook(path: string, persons: readonly SheetPerson[], options: AwkwardOptions = {}): Promise<number[]> {
  const workbook = new ExcelJS.Workbook();
  if (options.date1904) workbook.properties.date1904 = true;
  if (options.cover) {
    const cover = workbook.addWorksheet('Petunjuk');
    cover.addRow(['Petunjuk pengisian data P3KE']);
    cover.addRow(['1. Jangan mengubah urutan kolom']);
    cover.addRow(['No', 'Keterangan']);
  }
  const sheet = workbook.addWorksheet('Data');
  sheet.mergeCells(1, 1, 1, 10);
  sheet.getCell(1, 1).value = 'DATA P3KE - PENSASARAN PERCEPATAN PENGHAPUSAN KEMISKINAN EKSTREM';
  sheet.mergeCells(2, 1, 2, 10);
  sheet.getCell(2, 1).value = 'KOTA BEKASI PROVINSI JAWA BARAT';
  sheet.getRow(4).values = [...P3KE_HEADER];
  const lines: number[] = [];
  let line = 6;
  persons.forEach((person, i) => {
    const row = sheet.getRow(line);
    row.values = p3keRow(person);
    if (person.nikNumber !== undefined) row.getCell(NIK_COLUMN).value = person.nikNumber;
    if (person.familyNumber !== undefined) row.getCell(FAMILY_COLUMN).value = person.familyNumber;
    if (person.lahirDate !== undefined) {
      row.getCell(LAHIR_COLUMN).value = person.lahirDate;
      row.getCell(LAHIR_COLUMN).numFmt = 'dd/mm/yyyy';
    }
    lines.push(line);
    line += i === 1 ? 2 : 1; // an empty row among the data
  });
  await workbook.xlsx.writeFile(path);
  return lines;
}

/** The first cells of a large DTKS-like sheet; `rows` made-up persons, written by the streaming writer. */
export async function writeLargeWorkbook(path: string, rows: number, header: readonly string[], row: (i: number) => string[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('DTKS');
  sheet.addRow(['DATA TERPADU KESEJAHTERAAN SOSIAL']).commit();
  sheet.addRow([]).commit();
  sheet.addRow([...header]).commit();
  for (let i = 0; i < rows; i++) {
    sheet.addRow(row(i)).commit();
    // Let the zip stream drain to the file now and then.
    if (i % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}
