// Report formats (`--format csv,xlsx`): each writes the same tables (one per category, then
// changes) and the run's summary its own way. A new format is one entry in REPORT_FORMATS.
import { join } from 'node:path';
import { CsvFileWriter, type Cell } from './csv.js';
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

export interface ReportFormat {
  description: string;
  open(outDir: string): FormatWriter;
}

/** One CSV file per table (contracts.md). */
const csvFormat: ReportFormat = {
  description: 'one CSV file per category (UTF-8 with BOM, for Excel)',
  open(outDir) {
    const open = new Set<CsvFileWriter>();
    return {
      table(_name, file, header) {
        const writer = new CsvFileWriter(join(outDir, file), header);
        open.add(writer);
        return {
          write: (row) => writer.write(row),
          close: async () => {
            await writer.close();
            open.delete(writer);
          },
        };
      },
      finish: () => Promise.resolve([]),
      abort() {
        for (const writer of open) writer.abort();
        open.clear();
      },
    };
  },
};

/** One workbook with a sheet per table and a summary sheet. */
const xlsxFormat: ReportFormat = {
  description: `one workbook (${XlsxReportWriter.FILE}): a sheet per category and a summary sheet`,
  open: (outDir) => new XlsxReportWriter(join(outDir, XlsxReportWriter.FILE)),
};

export const REPORT_FORMATS: Readonly<Record<string, ReportFormat>> = {
  csv: csvFormat,
  xlsx: xlsxFormat,
};
