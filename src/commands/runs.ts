import { Command } from 'commander';
import { listRuns } from '../store/runs.js';
import { openForRead, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export function runsCommand(): Command {
  const command = new Command('runs').description('list the stored match runs with their snapshots and counts');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan runs', 'padan runs --json']);
  return command.action((options: { db?: string; json?: boolean }) =>
    usingStore(openForRead(options), (store) => {
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
