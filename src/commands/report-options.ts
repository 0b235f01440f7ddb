// Options shared by the commands that write reports (run, report).
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ChalkInstance } from 'chalk';
import { t, type Lang } from '../i18n/index.js';
import { failingConditions, parseFailOn } from '../report/fail-on.js';
import { REPORT_FORMATS } from '../report/formats.js';
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
  format: string[];
  kecamatan?: string;
  withNames?: boolean;
}

/** `csv,xlsx` → the formats, each known to REPORT_FORMATS, each once. */
export function parseFormats(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !Object.hasOwn(REPORT_FORMATS, n));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`${unknown.length > 0 ? `unknown format ${unknown.join(', ')}` : 'no format'}; choose from ${Object.keys(REPORT_FORMATS).join(', ')}`);
  }
  return [...new Set(names)];
}

/** Writes the reports of a run in every format asked for: the tables first, then the pages made from them. */
export async function writeFormats(db: Db, run: Run, options: ReportCommandOptions, lang: Lang | undefined, timingsMs?: Record<string, number>): Promise<ReportResult> {
  const result = await writeReports(db, run, { outDir: options.out, maskNik: options.maskNik, version: VERSION, timingsMs, formats: options.format });
  // --lang when given: the page speaks Indonesian unless asked for English.
  const page = { lang: lang ?? 'id', kecamatan: options.kecamatan, withNames: options.withNames } as const;
  for (const name of options.format) {
    const format = REPORT_FORMATS[name];
    if (format?.page) result.files.push(format.page({ db, run, result, page }));
  }
  return result;
}

export function withReportOptions(command: Command): Command {
  return command
    .addOption(new Option('--out <dir>', 'folder for the report files').default('padan-reports'))
    .addOption(
      new Option('--format <list>', `report formats, comma-separated: ${Object.entries(REPORT_FORMATS).map(([n, f]) => `${n} (${f.description})`).join('; ')}`)
        .default(['csv'], 'csv')
        .argParser(parseFormats),
    )
    .option('--mask-nik', 'write NIK and KK as 327301******0001 (for reports that leave the office)')
    .option('--fail-on <expr>', 'exit 3 when a condition holds, e.g. "p3ke_only>500,rejects>1%,review>2%"')
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
