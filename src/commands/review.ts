import { Command } from 'commander';
import { category, type CategoryRow } from '../report/categories.js';
import { contextOf } from '../report/changes.js';
import { writeCsv } from '../report/csv.js';
import { orphanDecisions } from '../store/decisions.js';
import { latestRun } from '../store/runs.js';
import { EXIT, PadanError } from '../util/errors.js';
import { importDecisions } from './decisions.js';
import { openForRead, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export function reviewCommand(): Command {
  const command = new Command('review').description('clerical review of the uncertain pairs: export them for officers, import their decisions, list orphaned decisions');

  const exportCommand = new Command('export')
    .description('write the review band of the latest run as CSV with an empty decision column, most uncertain first')
    .requiredOption('--out <file>', 'CSV to write')
    .option('--mask-nik', 'mask NIK and KK');
  withStore(exportCommand);
  withExamples(exportCommand, ['padan review export --out tinjau.csv']);
  exportCommand.action((options: { db?: string; out: string; maskNik?: boolean }) =>
    usingStore(openForRead(options), async (store) => {
      const run = latestRun(store.db);
      if (!run) throw new PadanError('no run in the store yet', EXIT.failure, 'padan match or padan run makes one');
      const review = category('review');
      const rows: CategoryRow[] = [...review.rows(contextOf(store.db, run, options.maskNik ?? false))];
      // Most uncertain first: the probability closest to one half.
      const uncertainty = (row: CategoryRow): number => Math.abs(Number(row.cells[2]) - 0.5);
      rows.sort((a, b) => uncertainty(a) - uncertainty(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      await writeCsv(options.out, [...review.header, 'decision', 'note'], rows.map((row) => [...row.cells, '', '']));
      process.stdout.write(`${rows.length} pairs of run ${run.id} written to ${options.out}: fill "decision" with same/different (sama/beda), then padan review import ${options.out}\n`);
    }),
  );

  const orphansCommand = new Command('orphans').description('decisions whose P3KE or DTKS person is no longer in the newest snapshots');
  withStore(orphansCommand);
  withJson(orphansCommand);
  withExamples(orphansCommand, ['padan review orphans', 'padan review orphans --json']);
  orphansCommand.action((options: { db?: string; json?: boolean }) =>
    usingStore(openForRead(options), (store) => {
      const run = latestRun(store.db);
      if (!run) throw new PadanError('no run in the store yet', EXIT.failure, 'padan match or padan run makes one');
      const orphans = orphanDecisions(store.db, run.p3keSnapshotId, run.dtksSnapshotId);
      if (options.json) printJson(orphans);
      else if (orphans.length === 0) process.stdout.write('no orphaned decisions\n');
      else for (const o of orphans) process.stdout.write(`${o.p3keId}  ${o.dtksId}  ${o.decision}  by ${o.reviewer} ${o.decidedAt.slice(0, 10)}: ${o.missing.join(' and ')} person no longer in the data\n`);
    }),
  );

  command.addCommand(exportCommand);
  command.addCommand(importDecisions(new Command('import').description('apply the decisions of a filled-in review file; every invalid line is reported and nothing of a bad file is applied'), ['padan review import tinjau.csv --reviewer siti']));
  command.addCommand(orphansCommand);
  withExamples(command, ['padan review export --out tinjau.csv', 'padan review import tinjau.csv', 'padan review orphans']);
  return command;
}
