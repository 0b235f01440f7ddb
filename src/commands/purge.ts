import { Command, InvalidArgumentError } from 'commander';
import { applyPurge, planPurge } from '../store/maintenance.js';
import { formatCount, openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

/**
 * A calendar date (YYYY-MM-DD, midnight UTC) or an ISO time (UTC), as the full ISO text the store
 * keeps its times in, so that comparing the texts compares the times.
 */
export function parseBefore(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?Z?$/.exec(value);
  const date = match ? new Date(`${match[1]}${match[2] ?? 'T00:00'}Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[1]) {
    throw new InvalidArgumentError('expected a date like 2025-01-31 (or a UTC time like 2025-01-31T12:00Z)');
  }
  return date.toISOString();
}

export function purgeCommand(): Command {
  const command = new Command('purge')
    .description(
      'delete snapshots and runs older than a date (retention rules), then VACUUM so the deleted personal data is gone from the file; keeps the newest snapshot of each source, the newest run and what it was matched on',
    )
    .requiredOption('--before <date>', 'delete what was made before this date (YYYY-MM-DD, UTC)', parseBefore)
    .option('--dry-run', 'list what would be deleted, delete nothing');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan purge --before 2025-01-01 --dry-run', 'padan purge --before $(date -d "-1 year" +%F) --db /data/padan.db --json']);
  return command.action((options: { db?: string; wait?: number; json?: boolean; before: string; dryRun?: boolean }) =>
    usingStore(openForWrite(options), (store) => {
      const plan = planPurge(store.db, options.before);
      const deleted = options.dryRun || (plan.runs.length === 0 && plan.snapshots.length === 0) ? null : applyPurge(store.db, plan).deletedRows;
      if (options.json) {
        printJson({ store: store.path, dryRun: options.dryRun ?? false, ...plan, deletedRows: deleted });
        return;
      }
      const verb = options.dryRun ? 'would delete' : 'deleted';
      process.stdout.write(`${verb} ${plan.runs.length} run${plan.runs.length === 1 ? '' : 's'} and ${plan.snapshots.length} snapshot${plan.snapshots.length === 1 ? '' : 's'} made before ${options.before}\n`);
      for (const r of plan.runs) process.stdout.write(`  run ${r.id}  ${r.startedAt}\n`);
      for (const s of plan.snapshots) process.stdout.write(`  ${s.source} snapshot ${s.id}  ${s.finishedAt}  ${formatCount(s.rows)} rows\n`);
      if (deleted) process.stdout.write(`  rows deleted: ${Object.entries(deleted).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${formatCount(n)}`).join(', ')}; store vacuumed\n`);
      process.stdout.write(`  kept: newest snapshots ${plan.kept.newestSnapshots.join(', ') || '-'}, newest run ${plan.kept.newestRun ?? '-'}\n`);
    }),
  );
}
