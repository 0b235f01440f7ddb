// The report as one Excel workbook for analysts: a sheet per category and a summary sheet, written
// row by row with exceljs's streaming WorkbookWriter (a million-row category is never in memory)
// to a temporary name and renamed, like the CSV files. ID columns (NIK, KK, ids, region codes)
// are text cells formatted as text, so Excel never shows them as 3.27301E+15; the header row is
// frozen and has filters; column widths are fitted to the header and the first rows.
import { privateFileMode } from '../util/file-mode.js';
import { once } from 'node:events';
import { createWriteStream, openSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../util/exceljs.js';
import type { Cell } from './csv.js';
import type { FormatWriter, ReportSummary, TableWriter } from './formats.js';

/** Excel's rows per sheet; a longer table continues on sheets `name (2)`, `name (3)`, ... */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Rows looked at to fit column widths (written once the widths are known). */
export const WIDTH_SAMPLE_ROWS = 500;
const MAX_WIDTH = 60;
/**
 * Rows written between pauses that let the zip stream compress and write what it has: exceljs's
 * sheet stream does not wait for the zip, so without pauses every row waits in memory. Measured
 * (12 columns of matches): every 2,000 rows, 300,000 rows peaked at 298 MB; every 50 rows,
 * 117 MB for 300,000 and for 1,000,000 rows, in no more time.
 */
const ROWS_PER_DRAIN = 50;

/** Columns holding identifiers and codes: text, whatever their digits. */
const ID_COLUMN = /(^|_)(id|nik|no_kk|kode_desa|family_id|household_id)(_[ab])?$|^key$/;
/** Columns holding a number the categories give as formatted text. */
const DECIMAL_COLUMN = /^probability$/;

type WorksheetWriter = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string, part: number): string => {
  const base = name.replace(/[:\\/?*[\]]/g, '_');
  const suffix = part > 1 ? ` (${part})` : '';
  return base.slice(0, 31 - suffix.length) + suffix;
};

function cellValue(value: Cell, column: string): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (ID_COLUMN.test(column)) return String(value);
  if (DECIMAL_COLUMN.test(column) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

const displayWidth = (value: string | number | null): number => (value === null ? 0 : String(value).length);

export class XlsxReportWriter implements FormatWriter {
  static readonly FILE = 'padan-report.xlsx';
  private readonly temporary: string;
  private readonly file: WriteStream;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheetNames: string[] = [];
  private aborted = false;

  /** `rowsPerSheet`: Excel's limit, header included (tests lower it to see continuation sheets). */
  static async create(path: string, rowsPerSheet = EXCEL_MAX_ROWS): Promise<XlsxReportWriter> {
    return new XlsxReportWriter(await loadExcelJs(), path, rowsPerSheet);
  }

  private constructor(
    excel: typeof ExcelJS,
    readonly path: string,
    private readonly rowsPerSheet: number,
  ) {
    this.temporary = `${path}.tmp-${process.pid}`;
    // Opened synchronously, private like the CSV files, so that abort can remove it from here on.
    this.file = createWriteStream('', { fd: openSync(this.temporary, 'w', privateFileMode()) });
    this.workbook = new excel.stream.xlsx.WorkbookWriter({ stream: this.file, useStyles: true, useSharedStrings: false });
    this.workbook.creator = 'padan';
  }

  private sheet(name: string, header: readonly string[], widths: readonly number[]): WorksheetWriter {
    this.sheetNames.push(name);
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    // Written when the sheet is committed (exceljs's streaming writer takes it as a property).
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, header.length) } };
    sheet.columns = header.map((h, i) => ({ key: h, width: widths[i], style: ID_COLUMN.test(h) ? { numFmt: '@' } : DECIMAL_COLUMN.test(h) ? { numFmt: '0.0000' } : {} }));
    const row = sheet.addRow([...header]);
    row.font = { bold: true };
    row.commit();
    return sheet;
  }

  table(name: string, _file: string, header: readonly string[]): TableWriter {
    let sample: (string | number | null)[][] | null = [];
    let sheet: WorksheetWriter | null = null;
    let widths: number[] = [];
    let part = 1;
    let rowsInSheet = 0;
    let written = 0;
    const put = async (values: (string | number | null)[]): Promise<void> => {
      if (!sheet || rowsInSheet === this.rowsPerSheet - 1) {
        sheet?.commit();
        sheet = this.sheet(sheetName(name, part++), header, widths);
        rowsInSheet = 0;
      }
      sheet.addRow(values).commit();
      rowsInSheet++;
      // Committed rows wait in the zip stream until the event loop runs: let it, now and then.
      if (++written % ROWS_PER_DRAIN === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    const flushSample = async (): Promise<void> => {
      const rows = sample!;
      sample = null;
      widths = header.map((h, i) => Math.min(MAX_WIDTH, Math.max(h.length + 3, ...rows.map((r) => displayWidth(r[i] ?? null) + 2))));
      if (rows.length === 0) sheet = this.sheet(sheetName(name, part++), header, widths);
      for (const r of rows) await put(r);
    };
    return {
      write: async (row) => {
        const values = header.map((h, i) => cellValue(row[i], h));
        if (sample) {
          sample.push(values);
          if (sample.length >= WIDTH_SAMPLE_ROWS) await flushSample();
        } else await put(values);
      },
      close: async () => {
        if (sample) await flushSample();
        sheet!.commit();
      },
    };
  }

  async finish(summary: ReportSummary): Promise<{ path: string; tables: number }[]> {
    const rows: (string | number | null)[][] = [
      ['padan report', null],
      ['run', summary.runId],
      ['version', summary.version],
      ['started at', summary.startedAt],
      ['finished at', summary.finishedAt],
      ['NIK masked', summary.maskNik ? 'yes' : 'no'],
      [null, null],
      ['category', 'rows'],
      ...Object.entries(summary.counts).map(([category, n]): [string, number] => [category, n]),
      [null, null],
      ['source', 'file', 'sha256', 'rows', 'accepted', 'rejected'] as (string | null)[],
      ...summary.inputs.map((i) => [i.source, i.file, i.sha256, i.rows, i.accepted, i.rejected]),
    ];
    const tables = this.sheetNames.length;
    const sheet = this.workbook.addWorksheet('summary');
    sheet.columns = [{ width: 22 }, { width: 40 }, { width: 66 }, { width: 10 }, { width: 10 }, { width: 10 }];
    for (const r of rows) {
      const row = sheet.addRow(r);
      if (r[0] === 'padan report' || r[0] === 'category' || r[0] === 'source') row.font = { bold: true };
      row.commit();
    }
    sheet.commit();
    // The summary is written last (a streamed sheet cannot wait for counts) but opens first.
    this.workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: tables, visibility: 'visible' }];
    await this.workbook.commit();
    if (!this.file.closed) await once(this.file, 'close');
    renameSync(this.temporary, this.path);
    return [{ path: this.path, tables }];
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.file.destroy();
    rmSync(this.temporary, { force: true });
  }
}
