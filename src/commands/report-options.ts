// Options shared by the commands that write reports (run, report).
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ChalkInstance } from 'chalk';
import { t, type Lang } from '../i18n/index.js';
import { failingConditions, parseFailOn } from '../report/fail-on.js';
import { writeHtmlReport } from '../report/html/index.js';
import { terminalSummary } from '../report/terminal.js';
import { writeReports, type ReportResult } from '../report/write-reports.js';
import type { Db } from '../store/open.js';
import type { Run } from '../store/runs.js';
import { colourFor } from '../util/colour.js';
import { EXIT, PadanError } from '../util/errors.js';
import { VERSION } from '../util/version.js';
import { printJson } from './shared.js';

export interface ReportCommandOptions {
  out: string;
  maskNik?: boolean;
  failOn?: string;
  json?: boolean;
  color?: boolean;
  format: ReportFormat[];
  kecamatan?: string;
  withNames?: boolean;
}

interface FormatJob {
  db: Db;
  run: Run;
  result: ReportResult;
  options: ReportCommandOptions;
  /** --lang when given: the page speaks Indonesian unless asked for English. */
  lang: Lang | undefined;
}

/** The report formats by name, each with the writer of its file. */
const REPORT_FORMATS = {
  // The category CSVs are written by writeReports while it counts the rows: one pass over the run.
  csv: null,
  html: (job: FormatJob) => writeHtmlReport(job.db, job.run, job.result, { lang: job.lang ?? 'id', kecamatan: job.options.kecamatan, withNames: job.options.withNames }),
} as const satisfies Record<string, ((job: FormatJob) => ReportResult['files'][number]) | null>;

export type ReportFormat = keyof typeof REPORT_FORMATS;

export function parseFormats(value: string): ReportFormat[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !Object.hasOwn(REPORT_FORMATS, name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown format ${unknown.join(', ')} (formats: ${Object.keys(REPORT_FORMATS).join(', ')})`);
  return [...new Set(names as ReportFormat[])];
}

/** Writes the reports of a run in every format asked for. */
export async function writeFormats(db: Db, run: Run, options: ReportCommandOptions, lang: Lang | undefined, timingsMs?: Record<string, number>): Promise<ReportResult> {
  const result = writeReports(db, run, { outDir: options.out, maskNik: options.maskNik, version: VERSION, timingsMs, csv: options.format.includes('csv') });
  for (const name of options.format) {
    const writer = REPORT_FORMATS[name];
    if (writer) result.files.push(writer({ db, run, result, options, lang }));
  }
  return result;
}

export function withReportOptions(command: Command): Command {
  return command
    .addOption(new Option('--out <dir>', 'folder for the report files').default('padan-reports'))
    .option('--mask-nik', 'write NIK and KK as 327301******0001 (for reports that leave the office)')
    .option('--fail-on <expr>', 'exit 3 when a condition holds, e.g. "p3ke_only>500,rejects>1%,review>2%"')
    .addOption(new Option('--format <list>', `report formats, comma-separated: ${Object.keys(REPORT_FORMATS).join(', ')} (html: report.html, one page with charts)`).default(['csv'], 'csv').argParser(parseFormats))
    .option('--kecamatan <code|name>', 'report.html opens on the desa of this kecamatan')
    .option('--with-names', 'report.html lists the desil 1 persons missing from DTKS, with names and masked NIKs');
}

/**
 * Prints the result (summary table or JSON); when a --fail-on condition holds, throws the error
 * that makes cli.ts exit 3 after the output is complete.
 */
export function finishReport(result: ReportResult, options: ReportCommandOptions, extra: Record<string, unknown> = {}): void {
  const conditions = options.failOn ? parseFailOn(options.failOn) : [];
  const failing = failingConditions(conditions, result);
  if (options.json) {
    printJson({ ...extra, ...result, failOn: failing.map((c) => c.text) });
  } else {
    const colour: ChalkInstance = colourFor(process.stdout, options.color);
    process.stdout.write(terminalSummary(result, colour));
  }
  if (failing.length > 0) {
    throw new PadanError(t('error.failOnHolds', { conditions: failing.map((c) => c.text).join(', ') }), EXIT.failOn);
  }
}
