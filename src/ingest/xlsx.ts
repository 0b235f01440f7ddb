// Reading Excel workbooks (.xlsx) as a stream of sheet rows for the parser of parse-core.ts, so a
// workbook goes through the same header detection, mapping, normalisation and rejects as a CSV
// file. exceljs's streaming WorkbookReader reads one row at a time: a 500,000-row sheet is never
// in memory (its shared-strings table is: Excel keeps every distinct text of the workbook there).
import { t } from '../i18n/index.js';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { EXIT, PadanError } from '../util/errors.js';
import { loadExcelJs } from '../util/exceljs.js';
import { usePrivateTmpdir } from '../util/private-tmpdir.js';
import { ExportParser, type CoreOptions, type InputFormat, type StreamEvent } from './parse-core.js';

/** Integers below 2^53 are exact in a double: 2^53 itself may be 2^53 + 1 rounded. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * A number cell as text. An integer below 2^53 is exact: its digits as they are (a NIK stored as a
 * number keeps all 16 when the number is exact; Excel's 15 significant digits show up as a zeroed
 * serial, which the NIK rules flag). A larger integer (Papua NIKs: 91… to 96…) cannot be exact in
 * a double, so it is written as Excel shows it, in scientific notation with the 15 digits Excel
 * keeps, which the NIK rules classify as excel_mangled: digits are never made up.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) > MAX_EXACT) return n.toPrecision(15).replace('e', 'E');
  return String(n);
}

/** An Excel date as an ISO date (exceljs has applied the workbook's 1900 or 1904 date system). */
function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** A cell's value as exceljs reads it → the text padan stores and normalises. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; formula?: string; error?: string; text?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result); // a formula: its cached value
    if (v.formula !== undefined) return ''; // a formula never calculated: no value
    if (v.error !== undefined) return v.error;
    if (v.text !== undefined) return cellText(v.text);
  }
  return String(value);
}

/** A file's format from its first bytes: a zip (xlsx) or text (CSV); an old binary .xls is refused. */
export function formatOfFile(path: string): InputFormat {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'csv'; // the CSV reader reports the file error
  }
  const head = Buffer.alloc(4);
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new PadanError(t('error.xlsBinary', { file: path }), EXIT.failure, t('hint.xlsBinary'));
  }
  return 'csv';
}

/** Whether `--sheet` (a name, or a 1-based position) names this sheet. */
export function isChosenSheet(wanted: string, name: string, position: number): boolean {
  if (/^\d+$/.test(wanted.trim())) return Number(wanted) === position;
  return wanted.trim().toLowerCase() === name.trim().toLowerCase();
}

interface SheetRowLike {
  number: number;
  values: unknown[] | Record<string, unknown>;
}

function cellsOf(row: SheetRowLike): string[] {
  const values = row.values as unknown[]; // 1-based: values[0] is always empty
  const cells = new Array<string>(Math.max(0, values.length - 1));
  for (let i = 1; i < values.length; i++) cells[i - 1] = cellText(values[i]);
  return cells;
}

/**
 * Header, batches and end events of a workbook, as parseEvents gives them for a CSV file. The
 * sheet is `options.sheet`, or else the first sheet whose first rows hold a header row of the
 * source (instructions or a cover sheet before the data are skipped). `bytesRead` counts the
 * compressed bytes read so far, for the progress bar.
 */
export async function* sheetEvents(path: string, options: CoreOptions): AsyncGenerator<StreamEvent> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const event of readSheets(path, options)) {
        yielded = true;
        yield event;
      }
      return;
    } catch (error) {
      if (error instanceof PadanError) throw error;
      // exceljs's streaming reader now and then fails on a sound workbook before its first sheet
      // ("Cannot read properties of undefined (reading 'sheets')": the workbook part was not
      // parsed in time), about one read in fifty on a loaded machine. A read that failed before
      // giving anything is made again; a workbook that fails three times is unreadable.
      if (!yielded && attempt < READ_ATTEMPTS) continue;
      throw new PadanError(t('error.xlsxUnreadable', { file: options.label, reason: (error as Error).message }), EXIT.failure, t('hint.xlsxUnreadable'));
    }
  }
}

const READ_ATTEMPTS = 3;

/** One read of the workbook (sheetEvents); errors of exceljs are thrown as they come. */
async function* readSheets(path: string, options: CoreOptions): AsyncGenerator<StreamEvent> {
  const size = statSync(path).size;
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  file.on('error', (error) => counter.destroy(error));
  // exceljs's copies of sheets go to a private folder, removed when this read ends (private-tmpdir.ts);
  // a folder the parse worker is given is removed by the thread that made it.
  const scratch = usePrivateTmpdir(options.scratchDir);
  const ExcelJS = await loadExcelJs();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.pipe(counter), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // number formats tell dates from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const seen: string[] = [];
  let firstFailure: PadanError | null = null;
  let position = 0;
  try {
    for await (const worksheet of reader as AsyncIterable<AsyncIterable<SheetRowLike> & { name?: string }>) {
      position++;
      const name = worksheet.name ?? `sheet ${position}`;
      seen.push(`${position} "${name}"`);
      if (options.sheet !== undefined && !isChosenSheet(options.sheet, name, position)) {
        // Read to its end even so, rather than leave exceljs to autodrain the entry under the row
        // iterator it already handed out (workbook-reader.js).
        for await (const row of worksheet) void row;
        continue;
      }
      const parser = new ExportParser({ ...options, sheet: name, label: `${options.label} [sheet "${name}"]` });
      try {
        for await (const row of worksheet) {
          parser.pushRow(row.number, cellsOf(row));
          for (const event of parser.drain()) yield event.type === 'batch' ? { ...event, bytesRead } : event;
        }
        parser.finishRows();
      } catch (error) {
        // Without --sheet, a sheet without a header row (a cover or instructions sheet) is passed over.
        if (options.sheet === undefined && error instanceof PadanError && !parser.headerFound) {
          firstFailure ??= error;
          continue;
        }
        throw error;
      }
      for (const event of parser.drain()) yield event.type === 'batch' ? { ...event, bytesRead } : event;
      yield { type: 'end', rowsRead: parser.rowsRead, bytes: size, sha256: '' };
      return;
    }
  } finally {
    file.destroy();
    scratch.release();
  }
  if (options.sheet !== undefined) {
    throw new PadanError(t('error.noSheet', { file: options.label, sheet: options.sheet, sheets: seen.join(', ') || '-' }), EXIT.usage, t('hint.sheetName'));
  }
  if (firstFailure && seen.length === 1) throw firstFailure;
  throw new PadanError(
    `${t('error.noHeaderSheet', { file: options.label, source: options.source.toUpperCase(), sheets: seen.join(', ') || '-' })}${firstFailure ? `; ${firstFailure.message}` : ''}`,
    EXIT.failure,
    firstFailure?.hint ?? t('hint.sheetData'),
  );
}
