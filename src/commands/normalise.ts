import { Command, InvalidArgumentError } from 'commander';
import { t } from '../i18n/index.js';
import { renormaliseSnapshot } from '../ingest/renormalise.js';
import { SOURCES } from '../normalise/types.js';
import { latestSnapshot, snapshotById } from '../store/snapshots.js';
import { EXIT, PadanError } from '../util/errors.js';
import { progressBar } from '../util/progress.js';
import { openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

const parseSnapshotId = (value: string): number => {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new InvalidArgumentError('expected a snapshot number (see padan status)');
  return id;
};

export function normaliseCommand(): Command {
  const command = new Command('normalise')
    .description("rebuild the canonical fields of stored snapshots from their raw cells (after padan's rules changed); no re-ingest")
    .option('--snapshot <id>', 'only this snapshot (default: the newest of each source)', parseSnapshotId);
  withStore(command);
  withJson(command);
  withExamples(command, ['padan normalise', 'padan normalise --snapshot 3 --json']);
  return command.action((options: { db?: string; wait?: number; json?: boolean; snapshot?: number }) =>
    usingStore(openForWrite(options), (store) => {
      const snapshots = options.snapshot
        ? [snapshotById(store.db, options.snapshot)]
        : SOURCES.map((source) => latestSnapshot(store.db, source)).filter((s) => s !== undefined);
      if (snapshots.length === 0 || snapshots[0] === undefined) {
        throw new PadanError(options.snapshot ? t('error.noSnapshot', { snapshot: options.snapshot }) : t('error.noSnapshots'), EXIT.failure, t('hint.status'));
      }
      // No SIGINT handler: it could not run during this synchronous work, and without one
      // Ctrl+C ends the process and SQLite rolls the open transaction back (conventions.md).
      {
        const results = snapshots.map((snapshot) => {
          const bar = progressBar(`normalise ${snapshot!.source}`, snapshot!.rowsAccepted);
          try {
            return renormaliseSnapshot(store.db, snapshot!, { onProgress: (done) => bar.update(done) });
          } finally {
            bar.stop();
          }
        });
        if (options.json) printJson(results);
        else for (const r of results) process.stdout.write(`snapshot ${r.snapshotId}: ${r.records} records normalised again, ${r.changed} changed (${r.seconds.toFixed(1)} s)\n`);
      }
    }),
  );
}
