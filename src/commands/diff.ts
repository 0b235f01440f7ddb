import { Command } from 'commander';
import { t } from '../i18n/index.js';
import { diffRuns } from '../report/changes.js';
import { listRuns, runById } from '../store/runs.js';
import { EXIT, PadanError } from '../util/errors.js';
import { parseRunId } from './report.js';
import { openForRead, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export function diffCommand(): Command {
  const command = new Command('diff')
    .description('what is new, resolved and persisting per category between two runs (default: the last two)')
    .argument('[runA]', 'the earlier run', parseRunId)
    .argument('[runB]', 'the later run', parseRunId)
    .option('--keys', 'list the keys of new and resolved findings, not only counts')
    .option('--mask-nik', 'mask KK numbers in the keys (DTKS households without IDBDT are keyed by KK)');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan diff', 'padan diff 11 12 --keys', 'padan diff --keys --mask-nik --json']);
  return command.action((runA: number | undefined, runB: number | undefined, options: { db?: string; json?: boolean; keys?: boolean; maskNik?: boolean }) =>
    usingStore(openForRead(options), (store) => {
      const runs = listRuns(store.db);
      const after = runB !== undefined ? runById(store.db, runB) : runA !== undefined ? runs.at(-1) : runs.at(-1);
      const before = runA !== undefined ? runById(store.db, runA) : runs.at(-2);
      if (!before || !after) throw new PadanError(t('error.twoRuns'), EXIT.failure, t('hint.listRuns'));
      const changes = diffRuns(store.db, before, after, options.maskNik ?? false);
      if (options.json) {
        printJson({ before: before.id, after: after.id, changes: options.keys ? changes : changes.map((c) => ({ category: c.category, new: c.added.length, resolved: c.resolved.length, persisting: c.persisting })) });
        return;
      }
      process.stdout.write(`run ${before.id} -> run ${after.id}\n`);
      process.stdout.write(`  ${'category'.padEnd(16)} ${'new'.padStart(8)} ${'resolved'.padStart(9)} ${'persisting'.padStart(11)}\n`);
      for (const c of changes) {
        process.stdout.write(`  ${c.category.padEnd(16)} ${String(c.added.length).padStart(8)} ${String(c.resolved.length).padStart(9)} ${String(c.persisting).padStart(11)}\n`);
        if (options.keys) {
          for (const a of c.added) process.stdout.write(`    + ${a.key}  ${a.detail}\n`);
          for (const r of c.resolved) process.stdout.write(`    - ${r.key}  ${r.detail}\n`);
        }
      }
    }),
  );
}
