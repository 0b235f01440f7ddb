// Options shared by the commands that write reports (run, report).
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ChalkInstance } from 'chalk';
import { failingConditions, parseFailOn } from '../report/fail-on.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { terminalSummary } from '../report/terminal.js';
import type { ReportResult } from '../report/write-reports.js';
import { colourFor } from '../util/colour.js';
import { EXIT, PadanError } from '../util/errors.js';
import { printJson } from './shared.js';

export interface ReportCommandOptions {
  out: string;
  maskNik?: boolean;
  failOn?: string;
  json?: boolean;
  color?: boolean;
  format: string[];
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

export function withReportOptions(command: Command): Command {
  return command
    .addOption(new Option('--out <dir>', 'folder for the report files').default('padan-reports'))
    .addOption(
      new Option('--format <list>', `report formats, comma-separated: ${Object.entries(REPORT_FORMATS).map(([n, f]) => `${n} (${f.description})`).join('; ')}`)
        .default(['csv'], 'csv')
        .argParser(parseFormats),
    )
    .option('--mask-nik', 'write NIK and KK as 327301******0001 (for reports that leave the office)')
    .option('--fail-on <expr>', 'exit 3 when a condition holds, e.g. "p3ke_only>500,rejects>1%,review>2%"');
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
    throw new PadanError(`--fail-on condition holds: ${failing.map((c) => c.text).join(', ')}`, EXIT.failOn);
  }
}
