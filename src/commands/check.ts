import { Command } from 'commander';
import { t } from '../i18n/index.js';
import { checkStore } from '../store/maintenance.js';
import { openStore } from '../store/open.js';
import { EXIT, PadanError } from '../util/errors.js';
import { formatCount, printJson, storePath, usingStore, withExamples, withJson, withStore } from './shared.js';

export function checkCommand(): Command {
  const command = new Command('check').description(
    'check the store: SQLite integrity, schema version, orphaned or half-written rows, and a count per table (exit 1 on any problem)',
  );
  withStore(command);
  withJson(command);
  withExamples(command, ['padan check', 'padan check --db /data/padan.db --json', 'padan check --db /data/padan.db || echo "restore the last backup"']);
  return command.action((options: { db?: string; json?: boolean }) =>
    // Opened without the writer lock and without upgrading the schema: check reads, never repairs.
    usingStore(openStore(storePath(options), { write: false, mustExist: true, migrate: false }), (store) => {
      const result = checkStore(store.db);
      if (options.json) {
        printJson({ store: store.path, ...result });
      } else {
        process.stdout.write(`store ${store.path}\n`);
        process.stdout.write(`  integrity       ${result.integrity.length === 1 ? result.integrity[0] : `${result.integrity.length} errors`}\n`);
        process.stdout.write(`  schema version  ${result.schemaVersion} (expected ${result.expectedSchemaVersion})\n`);
        for (const [table, n] of Object.entries(result.counts)) process.stdout.write(`  ${table.padEnd(15)} ${formatCount(n).padStart(12)} rows\n`);
        for (const line of result.problems) process.stdout.write(`  PROBLEM: ${line}\n`);
        for (const line of result.warnings) process.stdout.write(`  warning: ${line}\n`);
        if (result.ok) process.stdout.write('  ok\n');
      }
      if (!result.ok) {
        throw new PadanError(
          t('error.checkProblems', { store: store.path, count: result.problems.length, problems: result.problems.join('; ') }),
          EXIT.failure,
          t('hint.checkProblems'),
        );
      }
    }),
  );
}
