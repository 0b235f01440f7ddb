import { Command } from 'commander';
import { t } from '../i18n/index.js';
import { listRuns, runById } from '../store/runs.js';
import { EXIT, PadanError } from '../util/errors.js';
import { parseRunId } from './report.js';
import { openForRead, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export function runsCommand(): Command {
  const command = new Command('runs')
    .description('list the stored match runs with their snapshots and counts')
    .option('--model <run>', "print the trained model of a run as JSON (for padan match --model FILE)", parseRunId);
  withStore(command);
  withJson(command);
  withExamples(command, ['padan runs', 'padan runs --json', 'padan runs --model 3 > model-run-3.json']);
  return command.action((options: { db?: string; json?: boolean; model?: number }) =>
    usingStore(openForRead(options), (store) => {
      if (options.model !== undefined) {
        const run = runById(store.db, options.model);
        if (!run) throw new PadanError(t('error.noRun', { run: options.model }), EXIT.failure, t('hint.listRuns'));
        printJson(run.model);
        return;
      }
      const runs = listRuns(store.db).map(({ model: _model, ...run }) => run);
      if (options.json) {
        printJson(runs);
        return;
      }
      if (runs.length === 0) {
        process.stdout.write('no runs yet: padan match, or padan run P3KE DTKS\n');
        return;
      }
      for (const run of runs) {
        const counts = (run.stats as { counts?: Record<string, number> }).counts ?? {};
        process.stdout.write(
          `run ${String(run.id).padStart(4)}  ${run.finishedAt.slice(0, 19).replace('T', ' ')}  p3ke snapshot ${run.p3keSnapshotId}, dtks snapshot ${run.dtksSnapshotId}  ` +
            `${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
        );
      }
    }),
  );
}
