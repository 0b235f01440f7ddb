// Report formats (`--format csv,xlsx,html`). A new format is one entry in REPORT_FORMATS, of one
// of three kinds: the CSVs, written while the run's rows are counted (one pass over the store);
// a workbook-like format that gets the same tables one after another (`open`); a page made from
// the counted result and the store (`page`).
import { join } from 'node:path';
import type { Db } from '../store/open.js';
import type { Run } from '../store/runs.js';
import type { Cell } from './csv.js';
import { writeHtmlReport, type PageOptions } from './html/index.js';
import type { ReportResult } from './write-reports.js';
import { XlsxReportWriter } from './xlsx.js';

/** One table being written: rows in order, then close (or abort on failure). */
export interface TableWriter {
  write(row: readonly Cell[]): Promise<void>;
  close(): Promise<void>;
}

/** What a format writes besides the tables: shown in the workbook's summary sheet and the like. */
export interface ReportSummary {
  version: string;
  runId: number;
  startedAt: string;
  finishedAt: string;
  maskNik: boolean;
  inputs: { source: string; file: string; sha256: string; rows: number; accepted: number; rejected: number }[];
  counts: Record<string, number>;
}

export interface FormatWriter {
  /** A table named `name` (a category, or `changes`), whose CSV file would be `file`. */
  table(name: string, file: string, header: readonly string[]): TableWriter;
  /** Writes what is left and puts the output in place; returns the files written. */
  finish(summary: ReportSummary): Promise<{ path: string; tables: number }[]>;
  /** Removes whatever was written (temporary files); never throws. */
  abort(): void;
}

/** What a page format is made from. */
export interface PageJob {
  db: Db;
  run: Run;
  result: ReportResult;
  page: PageOptions;
}

export interface ReportFormat {
  description: string;
  /** A format written table by table, after the CSV pass. */
  open?(outDir: string): Promise<FormatWriter>;
  /** A format made once the tables are counted. */
  page?(job: PageJob): ReportResult['files'][number];
}

/** One workbook with a sheet per table and a summary sheet. */
const xlsxFormat: ReportFormat = {
  description: `one workbook (${XlsxReportWriter.FILE}): a sheet per category and a summary sheet`,
  open: (outDir) => XlsxReportWriter.create(join(outDir, XlsxReportWriter.FILE)),
};

export const REPORT_FORMATS: Readonly<Record<string, ReportFormat>> = {
  // Written by writeReports itself while it counts the rows (write-reports.ts).
  csv: { description: 'one CSV file per category (UTF-8 with BOM, for Excel)' },
  xlsx: xlsxFormat,
  html: { description: 'report.html, one self-contained page with charts by area', page: (job) => writeHtmlReport(job.db, job.run, job.result, job.page) },
};
