// Writeback into a workbook. exceljs reads it to find each sheet's header and the person ids;
// the answers are then set in the package itself (xlsx-patch.ts), so every other cell, style,
// merge, width, formula, sheet, drawing and extension stays byte for byte as it was.
import { t } from '../../i18n/index.js';
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { detectLayout, type Layout } from '../../ingest/header.js';
import type { Source } from '../../normalise/types.js';
import { EXIT, PadanError } from '../../util/errors.js';
import { ANSWER_COLUMNS } from './answers.js';
import { answerColumns, idFields, type FillResult, type RowPlacer } from './csv-template.js';
import { patchXlsx, type CellEdit, type SheetEdits } from './xlsx-patch.js';
import { ZipFormatError } from './zip.js';

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

/** The answer cells of one sheet: header names of appended columns, then each placed row. */
function sheetEdits(sheet: ExcelJS.Worksheet, layout: Layout, source: Source, place: RowPlacer, result: FillResult): SheetEdits {
  const edits: SheetEdits = new Map();
  const width = Math.max(sheet.columnCount, layout.headers.length);
  const { columns, appended } = answerColumns(layout.headers, width, source);
  for (const name of appended) if (!result.appended.includes(name)) result.appended.push(name);
  const isAppended = ANSWER_COLUMNS[source].map((name) => appended.includes(name));
  // Appended cells take the style of the row's last cell (1-based column `width`).
  const rowEdits = (values: readonly string[], only: readonly boolean[] | null): Map<number, CellEdit> =>
    new Map(columns.flatMap((column, i) => (only && !only[i] ? [] : [[column + 1, { value: values[i]!, styleFrom: isAppended[i] ? width : undefined }] as const])));
  if (appended.length > 0) edits.set(layout.headerLine, rowEdits(ANSWER_COLUMNS[source], isAppended));

  const maxMapped = Math.max(...Object.values(layout.mapping).filter((v): v is number => typeof v === 'number'));
  for (let r = layout.lastHeaderLine + 1; r <= sheet.rowCount; r++) {
    const row = sheet.findRow(r);
    if (!row?.hasValues) continue;
    const cells: string[] = [];
    for (let c = 0; c <= maxMapped; c++) cells.push(cellText(row.findCell(c + 1)));
    if (cells.every((c) => c.trim() === '')) continue;
    result.rows++;
    const outcome = place(idFields(cells, layout));
    if (outcome.placed) {
      result.filled++;
      edits.set(r, rowEdits(outcome.answer, null));
    } else result.unplaced.push({ sheet: sheet.name, row: r, id: outcome.sourceId, reason: outcome.reason });
  }
  return edits;
}

export async function fillXlsxTemplate(templatePath: string, outPath: string, source: Source, place: RowPlacer, label: string): Promise<FillResult> {
  const bytes = readFileSync(templatePath);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new PadanError(t('error.xlsxUnreadable', { file: label, reason: (error as Error).message }), EXIT.failure, t('hint.xlsxUnreadable'));
  }
  const result: FillResult = { format: 'xlsx', sheets: [], rows: 0, filled: 0, unplaced: [], appended: [] };
  const refusals: string[] = [];
  const editsBySheet = new Map<string, SheetEdits>();
  for (const sheet of workbook.worksheets) {
    const layout = layoutOf(sheet, source, label);
    if (typeof layout === 'string') {
      refusals.push(layout);
      continue;
    }
    result.sheets.push(sheet.name);
    editsBySheet.set(sheet.name, sheetEdits(sheet, layout, source, place, result));
  }
  if (result.sheets.length === 0) {
    throw new PadanError(refusals[0] ?? t('error.noSheets', { file: label }), EXIT.failure, t(source === 'p3ke' ? 'hint.writebackP3keIds' : 'hint.writebackDtksIds'));
  }
  try {
    writeFileSync(outPath, patchXlsx(bytes, editsBySheet));
  } catch (error) {
    if (error instanceof ZipFormatError) throw new PadanError(t('error.xlsxPackage', { file: label, reason: error.message }), EXIT.failure, t('hint.xlsxUnreadable'));
    throw error;
  }
  return result;
}
