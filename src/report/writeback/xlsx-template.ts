// Writeback into a workbook. exceljs's streaming reader finds each sheet's header and the person
// ids a row at a time, so a whole-kabupaten sheet is never in memory (only its shared strings
// are); the answers are then set in the package itself (xlsx-patch.ts), so every other cell,
// style, merge, width, formula, sheet, drawing and extension stays byte for byte as it was.
import { t } from '../../i18n/index.js';
import type { EventEmitter } from 'node:events';
import { closeSync, createReadStream, fstatSync, openSync, rmSync } from 'node:fs';
import { detectLayout, type Layout } from '../../ingest/header.js';
import { cellText } from '../../ingest/xlsx.js';
import type { Source } from '../../normalise/types.js';
import { EXIT, PadanError } from '../../util/errors.js';
import { loadExcelJs } from '../../util/exceljs.js';
import { usePrivateTmpdir } from '../../util/private-tmpdir.js';
import { ANSWER_COLUMNS } from './answers.js';
import { answerColumns, idFields, type FillResult, type RowPlacer, type Unplaced } from './csv-template.js';
import { AnswerSpool, type RowValues } from './spool.js';
import { patchXlsx, workbookParts, type SheetEdits } from './xlsx-patch.js';
import { readZip, ZipFormatError } from './zip.js';

/** Rows turned into text to find a sheet's header (it lies in the first 50 records). */
const HEADER_ROWS = 200;

interface StreamRow {
  number: number;
  values: unknown[] | Record<string, unknown>;
  cellCount: number;
}

/** What reading one sheet found: its answers by row, or why it was left alone. */
type SheetRead =
  | { refused: string }
  | { refused: null; edits: SheetEdits; rows: number; filled: number; unplaced: Unplaced[]; appended: string[] };

/** Rows 1..n as CSV text (every cell quoted, one line per row, missing rows empty) for detectLayout. */
function headText(head: ReadonlyMap<number, string[]>): string {
  const last = Math.max(0, ...head.keys());
  const width = Math.max(0, ...[...head.values()].map((cells) => cells.length));
  const lines: string[] = [];
  for (let r = 1; r <= last; r++) {
    const cells = head.get(r) ?? [];
    const quoted: string[] = [];
    for (let c = 0; c < width; c++) quoted.push(`"${(cells[c] ?? '').replace(/[\r\n]+/g, ' ').replaceAll('"', '""')}"`);
    lines.push(quoted.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function layoutOf(head: ReadonlyMap<number, string[]>, source: Source, where: string): Layout | string {
  try {
    const layout = detectLayout(headText(head), { source, delimiter: ',', lineBreak: '\n', label: where });
    const ids = source === 'p3ke' ? (['family_id', 'person_id'] as const) : (['person_id'] as const);
    return ids.every((f) => typeof layout.mapping[f] === 'number') ? layout : `${where}: no person id column`;
  } catch (error) {
    if (error instanceof PadanError) return error.message;
    throw error;
  }
}

/** The first `count` cells of a row as text (values[0] is always empty: exceljs counts from 1). */
function rowCells(row: StreamRow, count: number): string[] {
  const values = row.values as unknown[];
  const cells: string[] = [];
  for (let c = 1; c <= count; c++) cells.push(cellText(values[c]));
  return cells;
}

/**
 * Reads one sheet a row at a time: its first rows are held to find the header, then each data
 * row is placed by its id cells and only its answers are kept.
 */
async function readSheet(rows: AsyncIterable<StreamRow>, name: string, source: Source, place: RowPlacer, label: string, spool: AnswerSpool): Promise<SheetRead> {
  const head = new Map<number, string[]>();
  const start = spool.mark();
  const unplaced: Unplaced[] = [];
  let layout: Layout | null = null;
  let maxMapped = 0;
  let width = 0;
  let counted = 0;
  let filled = 0;
  const placeRow = (number: number, cells: string[]): void => {
    if (number <= layout!.lastHeaderLine || cells.every((c) => c.trim() === '')) return;
    counted++;
    const outcome = place(idFields(cells, layout!));
    if (outcome.placed) {
      filled++;
      spool.add(number, outcome.answer);
    } else unplaced.push({ sheet: name, row: number, id: outcome.sourceId, reason: outcome.reason });
  };
  const detect = (): string | null => {
    const found = layoutOf(head, source, `${label} [${name}]`);
    if (typeof found === 'string') return found;
    layout = found;
    maxMapped = Math.max(...Object.values(found.mapping).filter((v): v is number => typeof v === 'number'));
    for (const [number, cells] of head) placeRow(number, cells.slice(0, maxMapped + 1));
    head.clear();
    return null;
  };
  for await (const row of rows) {
    width = Math.max(width, row.cellCount);
    if (layout === null) {
      if (row.number <= HEADER_ROWS) {
        head.set(row.number, rowCells(row, row.cellCount));
        continue;
      }
      const refused = detect();
      if (refused !== null) return { refused };
    }
    placeRow(row.number, rowCells(row, maxMapped + 1));
  }
  if (layout === null) {
    const refused = detect();
    if (refused !== null) return { refused };
  }
  const found = layout as unknown as Layout;
  // Appended columns go after the widest row; they take the style of the row's last cell.
  width = Math.max(width, found.headers.length);
  const { columns, appended } = answerColumns(found.headers, width, source);
  const isAppended = ANSWER_COLUMNS[source].map((column) => appended.includes(column));
  // The header row comes before every data row, as the edits must.
  const header: [number, RowValues][] = appended.length > 0 ? [[found.headerLine, ANSWER_COLUMNS[source].map((column, i) => (isAppended[i] ? column : null))]] : [];
  const end = spool.mark();
  const edits: SheetEdits = {
    columns: columns.map((column, i) => ({ column: column + 1, styleFrom: isAppended[i] ? width : undefined })),
    rows: {
      *[Symbol.iterator]() {
        yield* header;
        yield* spool.rows(start, end);
      },
    },
  };
  return { refused: null, edits, rows: counted, filled, unplaced, appended };
}

/** Each worksheet exceljs reads, with the package part it came from (exceljs names a sheet only when its relationship target is relative). */
async function* worksheets(path: string): AsyncGenerator<{ part: string; rows: AsyncIterable<StreamRow> }> {
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  // exceljs's copies of sheets go to a private folder, removed when this read ends (private-tmpdir.ts).
  const scratch = usePrivateTmpdir();
  const ExcelJS = await loadExcelJs();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // number formats tell dates from numbers, as ingest reads them
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  // The reader announces each sheet's number (of xl/worksheets/sheetN.xml) just before it yields the sheet.
  let sheetNumber: string | null = null;
  // exceljs's types omit that the reader is an EventEmitter.
  (reader as unknown as EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
    if (entry.type === 'worksheet') sheetNumber = entry.id ?? null;
  });
  try {
    for await (const worksheet of reader as AsyncIterable<AsyncIterable<StreamRow>>) {
      yield { part: `xl/worksheets/sheet${sheetNumber ?? ''}.xml`, rows: worksheet };
    }
  } finally {
    file.destroy();
    scratch.release();
  }
}

const unreadable = (label: string, error: unknown): PadanError =>
  new PadanError(t('error.xlsxUnreadable', { file: label, reason: (error as Error).message }), EXIT.failure, t('hint.xlsxUnreadable'));

export async function fillXlsxTemplate(templatePath: string, outPath: string, source: Source, place: RowPlacer, label: string): Promise<FillResult> {
  // Scratch files beside the output (mode 0600 by padan's umask): they hold personal data.
  const scratchPath = `${outPath}.sheets`;
  const spoolPath = `${outPath}.answers`;
  const template = openSync(templatePath, 'r');
  let out: number | null = null;
  let scratch: number | null = null;
  let spoolFd: number | null = null;
  try {
    spoolFd = openSync(spoolPath, 'w+');
    const spool = new AnswerSpool(spoolFd);
    const size = fstatSync(template).size;
    let sheets: { name: string; part: string }[];
    try {
      sheets = workbookParts(readZip(template, size)).sheets;
    } catch (error) {
      if (error instanceof ZipFormatError) throw unreadable(label, error);
      throw error;
    }
    const read = new Map<string, SheetRead>();
    try {
      for await (const { part, rows } of worksheets(templatePath)) {
        const sheet = sheets.find((s) => s.part === part);
        // A part no sheet of the workbook points at is not shown by Excel either.
        if (sheet) read.set(part, await readSheet(rows, sheet.name, source, place, label, spool));
      }
    } catch (error) {
      if (error instanceof PadanError) throw error;
      throw unreadable(label, error);
    }
    // Results in the workbook's order of sheets, not the package's order of parts.
    const result: FillResult = { format: 'xlsx', sheets: [], rows: 0, filled: 0, unplaced: [], appended: [] };
    const refusals: string[] = [];
    const editsBySheet = new Map<string, SheetEdits>();
    for (const { name, part } of sheets) {
      const sheet = read.get(part);
      if (sheet === undefined) {
        // A chart sheet, or a worksheet part exceljs's streaming reader does not read (it reads xl/worksheets/sheetN.xml).
        refusals.push(`${label} [${name}]: ${part} not read`);
        continue;
      }
      if (sheet.refused !== null) {
        refusals.push(sheet.refused);
        continue;
      }
      result.sheets.push(name);
      result.rows += sheet.rows;
      result.filled += sheet.filled;
      result.unplaced.push(...sheet.unplaced);
      for (const column of sheet.appended) if (!result.appended.includes(column)) result.appended.push(column);
      editsBySheet.set(name, sheet.edits);
    }
    if (result.sheets.length === 0) {
      throw new PadanError(refusals[0] ?? t('error.noSheets', { file: label }), EXIT.failure, t(source === 'p3ke' ? 'hint.writebackP3keIds' : 'hint.writebackDtksIds'));
    }
    out = openSync(outPath, 'w');
    scratch = openSync(scratchPath, 'w+');
    try {
      await patchXlsx(template, size, editsBySheet, out, { fd: scratch, size: 0 });
    } catch (error) {
      if (error instanceof ZipFormatError) throw new PadanError(t('error.xlsxPackage', { file: label, reason: error.message }), EXIT.failure, t('hint.xlsxUnreadable'));
      throw error;
    }
    return result;
  } finally {
    closeSync(template);
    if (spoolFd !== null) {
      closeSync(spoolFd);
      rmSync(spoolPath, { force: true });
    }
    if (out !== null) closeSync(out);
    if (scratch !== null) {
      closeSync(scratch);
      rmSync(scratchPath, { force: true });
    }
  }
}
