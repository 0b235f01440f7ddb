import { Command, InvalidArgumentError } from 'commander';
import type { Lang } from '../i18n/index.js';
import { parseFailOn } from '../report/fail-on.js';
import { finishReport, withReportOptions, writeFormats, type ReportCommandOptions } from './report-options.js';
import { openForRead, storedRun, usingStore, withExamples, withJson, withStore } from './shared.js';

export function parseRunId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new InvalidArgumentError('expected a run number (see padan runs)');
  return id;
}

export function reportCommand(): Command {
  const command = new Command('report').description('write the discrepancy reports of a stored run again (default: the latest run)').option('--run <id>', 'run number (see padan runs)', parseRunId);
  withReportOptions(command);
  withStore(command);
  withJson(command);
  withExamples(command, ['padan report --out laporan/', 'padan report --run 12 --out laporan-12 --mask-nik', 'padan report --out laporan --fail-on "p3ke_only>500"', 'padan report --format html --kecamatan "Lumban Julu"', 'padan --lang en report --format csv,html --out laporan', 'padan report --out laporan --format csv,xlsx --mask-nik']);
  return command.action((options: ReportCommandOptions & { run?: number; db?: string }, cmd: Command) =>
    usingStore(openForRead(options), async (store) => {
      if (options.failOn) parseFailOn(options.failOn);
      const run = storedRun(store.db, options.run);
      const result = await writeFormats(store.db, run, options, cmd.optsWithGlobals().lang as Lang | undefined);
      finishReport(result, { ...options, color: cmd.optsWithGlobals().color as boolean | undefined });
    }),
  );
}
