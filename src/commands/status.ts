import { Command } from 'commander';
import { listSnapshots } from '../store/snapshots.js';
import { formatCount, openForRead, printJson, storePath, usingStore, withExamples, withJson, withStore } from './shared.js';

export function statusCommand(): Command {
  const command = new Command('status').description('list the snapshots in the store, per source, with their row counts');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan status', 'padan status --db /data/padan.db --json']);
  return command.action((options: { db?: string; json?: boolean }) =>
    usingStore(openForRead(options), (store) => {
      const snapshots = listSnapshots(store.db);
      if (options.json) {
        printJson({ store: storePath(options), snapshots });
        return;
      }
      process.stdout.write(`store ${storePath(options)}\n`);
      if (snapshots.length === 0) {
        process.stdout.write('no snapshots yet: padan ingest p3ke FILE\n');
        return;
      }
      for (const s of snapshots) {
        process.stdout.write(
          `${s.source.padEnd(4)} snapshot ${String(s.id).padStart(4)}  ${s.finishedAt.slice(0, 19).replace('T', ' ')}  ${s.fileName}  ` +
            `read ${formatCount(s.rowsRead)}, accepted ${formatCount(s.rowsAccepted)}, rejected ${formatCount(s.rowsRejected)}  ` +
            `[${s.profile}, ${s.encoding}, sha256 ${s.sha256.slice(0, 12)}]\n`,
        );
      }
    }),
  );
}
