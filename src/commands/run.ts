import { Command, InvalidArgumentError, Option } from 'commander';
import type { Lang } from '../i18n/index.js';
import { loadProfileFile } from '../ingest/profiles.js';
import { matchLatest } from '../match/stage.js';
import { parseFailOn } from '../report/fail-on.js';
import { rotateBackup } from '../store/backup.js';
import { migrate } from '../store/open.js';
import { markReported } from '../store/runs.js';
import { collectGarbage } from '../util/memory.js';
import { phaseLogger } from '../util/progress.js';
import { describeLoad, loadWithProgress } from './ingest.js';
import { describeMatch, withMatchOptions, type MatchCommandOptions } from './match.js';
import { finishReport, withReportOptions, writeFormats, type ReportCommandOptions } from './report-options.js';
import { abortOnSignals, openForWrite, usingStore, withExamples, withJson, withStore } from './shared.js';

interface RunOptions extends MatchCommandOptions, ReportCommandOptions {
  db?: string;
  wait?: number;
  groupReadable?: boolean;
  p3keProfile?: string;
  dtksProfile?: string;
  p3keSheet?: string;
  dtksSheet?: string;
  force?: boolean;
  backup?: string;
  keep: number;
}

function parseKeep(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of backups (1 or more)');
  return n;
}

export function runCommand(): Command {
  const command = new Command('run')
    .description('the nightly job: ingest both exports (a file identical to the newest snapshot is skipped), match, and write every report')
    .argument('<p3ke-file>', 'P3KE individual export (CSV or .xlsx), a folder of them or a quoted glob')
    .argument('<dtks-file>', 'DTKS (SIKS-NG or BDT) export (CSV or .xlsx), a folder of them or a quoted glob')
    .option('--p3ke-profile <mapping.json>', 'layout mapping for the P3KE file')
    .option('--dtks-profile <mapping.json>', 'layout mapping for the DTKS file')
    .option('--p3ke-sheet <name|index>', 'the sheet of the P3KE workbooks to read (default: the first with a header row)')
    .option('--dtks-sheet <name|index>', 'the sheet of the DTKS workbooks to read (default: the first with a header row)')
    .option('--force', 'ingest the files even when they are unchanged')
    .option('--group-readable', 'create a new store and reports with mode 0640 instead of 0600')
    .option('--backup <dir>', 'back the store up into DIR before changing anything (padan-<time>.db)')
    .addOption(new Option('--keep <n>', 'with --backup: keep the newest N backups in DIR, delete older ones').default(7).argParser(parseKeep));
  withMatchOptions(command);
  withReportOptions(command);
  withStore(command);
  withJson(command);
  withExamples(command, [
    'padan run p3ke.csv dtks.csv --out laporan/',
    'padan run /data/p3ke.csv /data/dtks.txt --db /data/padan.db --out /data/laporan/$(date +%F) --json',
    'padan run p3ke.csv dtks.csv --out laporan --mask-nik --fail-on "p3ke_only>500,rejects>1%"',
    'padan run p3ke.csv dtks.csv --out laporan --format csv,html',
    'padan run exports/p3ke/ exports/dtks/ --out laporan --format csv,xlsx',
  ]);
  return command.action((p3keFile: string, dtksFile: string, options: RunOptions, cmd: Command) => {
    // Check --fail-on before hours of work, not after.
    if (options.failOn) parseFailOn(options.failOn);
    const log = (line: string): void => {
      process.stderr.write(`${line}\n`);
    };
    // With --backup the schema is upgraded only after the copy: the backup is the store as it was.
    return usingStore(openForWrite(options, !options.backup), async (store) => {
      const timingsMs: Record<string, number> = {};
      if (options.backup) {
        const backup = await rotateBackup(store.db, options.backup, options.keep);
        log(`backup: ${backup.path}${backup.removed.length > 0 ? ` (removed ${backup.removed.length} older)` : ''}`);
        migrate(store.db, store.path);
      }
      // Ingest awaits a worker between batches, so Ctrl+C can be caught there and rolled back;
      // matching is synchronous, where the default (die, SQLite rolls back) is the right answer.
      const controller = new AbortController();
      const removeHandlers = abortOnSignals(controller);
      try {
        for (const [source, file, profile, sheet] of [
          ['p3ke', p3keFile, options.p3keProfile, options.p3keSheet],
          ['dtks', dtksFile, options.dtksProfile, options.dtksSheet],
        ] as const) {
          const loaded = await loadWithProgress(store.db, [file], {
            source,
            profile: profile ? loadProfileFile(profile) : undefined,
            sheet,
            force: options.force,
            signal: controller.signal,
          });
          timingsMs[`ingest_${source}`] = Math.round(loaded.seconds * 1000);
          log(describeLoad(source, file, loaded));
        }
      } finally {
        removeHandlers();
      }
      const matched = matchLatest(store.db, { ...options, onPhase: phaseLogger() });
      log(describeMatch(matched));
      // The match's structures are garbage by now; left to V8 they stay through the reports.
      collectGarbage();
      const result = await writeFormats(store.db, matched.run, options, cmd.optsWithGlobals().lang as Lang | undefined, timingsMs);
      markReported(store.db, matched.run.id, new Date().toISOString());
      finishReport(result, { ...options, color: cmd.optsWithGlobals().color as boolean | undefined });
    });
  });
}
