// Writeback into a workbook: the whole workbook model is read (exceljs keeps cell values and
// types, styles, merged cells, column widths, formulas with their results and the other sheets)
// and only the answer cells of placed rows (and the header of appended answer columns) are set.
import ExcelJS from 'exceljs';
import { detectLayout, type Layout } from '../../ingest/header.js';
import type { Source } from '../../normalise/types.js';
import { EXIT, PadanError } from '../../util/errors.js';
import { ANSWER_COLUMNS } from './answers.js';
import { answerColumns, idFields, type FillResult, type RowPlacer } from './csv-template.js';

/** Rows turned into text to find a sheet's header (it lies in the first 50 records). */
const HEADER_ROWS = 200;

function cellText(cell: ExcelJS.Cell | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return '';
  if (typeof cell.value === 'number') return String(cell.value);
  return cell.text ?? '';
}

/** The sheet's first rows as CSV text (every cell quoted, one line per row) for detectLayout. */
function headText(sheet: ExcelJS.Worksheet): string {
  const lines: string[] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_ROWS); r++) {
    const row = sheet.findRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(`"${cellText(row?.findCell(c)).replace(/[\r\n]+/g, ' ').replaceAll('"', '""')}"`);
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function layoutOf(sheet: ExcelJS.Worksheet, source: Source, label: string): Layout | string {
  try {
    const layout = detectLayout(headText(sheet), { source, delimiter: ',', lineBreak: '\n', label: `${label} [${sheet.name}]` });
    const ids = source === 'p3ke' ? (['family_id', 'person_id'] as const) : (['person_id'] as const);
    return ids.every((f) => typeof layout.mapping[f] === 'number') ? layout : `${label} [${sheet.name}]: no person id column`;
  } catch (error) {
    if (error instanceof PadanError) return error.message;
    throw error;
  }
}

/** Appended cells look like their left neighbour (font, border, fill) and hold text. */
function styleLike(cell: ExcelJS.Cell, left: ExcelJS.Cell | undefined): void {
  if (left?.style) cell.style = { ...left.style, numFmt: '@' };
}

export async function fillXlsxTemplate(templatePath: string, outPath: string, source: Source, place: RowPlacer, label: string): Promise<FillResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(templatePath);
  } catch (error) {
    throw new PadanError(`${label}: cannot read the workbook (${(error as Error).message})`, EXIT.failure, 'open it in Excel and save it again as .xlsx');
  }
  const result: FillResult = { format: 'xlsx', sheets: [], rows: 0, filled: 0, unplaced: [], appended: [] };
  const refusals: string[] = [];
  for (const sheet of workbook.worksheets) {
    const layout = layoutOf(sheet, source, label);
    if (typeof layout === 'string') {
      refusals.push(layout);
      continue;
    }
    result.sheets.push(sheet.name);
    const width = Math.max(sheet.columnCount, layout.headers.length);
    const { columns, appended } = answerColumns(layout.headers, width, source);
    for (const name of appended) if (!result.appended.includes(name)) result.appended.push(name);
    const header = sheet.getRow(layout.headerLine);
    ANSWER_COLUMNS[source].forEach((name, i) => {
      if (!appended.includes(name)) return;
      const cell = header.getCell(columns[i]! + 1);
      styleLike(cell, header.findCell(width));
      cell.value = name;
      sheet.getColumn(columns[i]! + 1).width = name.endsWith('keterangan_DTKS') || name === 'P3KE_KETERANGAN' ? 32 : 20;
    });
    const maxMapped = Math.max(...Object.values(layout.mapping).filter((v): v is number => typeof v === 'number'));
    for (let r = layout.lastHeaderLine + 1; r <= sheet.rowCount; r++) {
      const row = sheet.findRow(r);
      if (!row?.hasValues) continue;
      const cells: string[] = [];
      for (let c = 0; c <= maxMapped; c++) cells.push(cellText(row.findCell(c + 1)));
      if (cells.every((c) => c.trim() === '')) continue;
      result.rows++;
      const outcome = place(idFields(cells, layout));
      if (!outcome.placed) {
        result.unplaced.push({ sheet: sheet.name, row: r, id: outcome.sourceId, reason: outcome.reason });
        continue;
      }
      result.filled++;
      columns.forEach((column, i) => {
        const cell = row.getCell(column + 1);
        if (appended.includes(ANSWER_COLUMNS[source][i]!)) styleLike(cell, row.findCell(width));
        cell.value = outcome.answer[i]!;
      });
    }
  }
  if (result.sheets.length === 0) {
    throw new PadanError(refusals[0] ?? `${label}: the workbook has no sheet`, EXIT.failure, `writeback needs a sheet with one row per person and its ${source === 'p3ke' ? 'ID Keluarga and ID Individu' : 'ID DTKS'} columns`);
  }
  await workbook.xlsx.writeFile(outPath);
  return result;
}
