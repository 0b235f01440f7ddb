import { resolve } from 'node:path';
import { Command } from 'commander';
import { backupStore } from '../store/backup.js';
import { printJson, usingStore, openForRead, withExamples, withJson, withStore } from './shared.js';

export function backupCommand(): Command {
  const command = new Command('backup')
    .description("copy the store to FILE with SQLite's online backup (safe while padan runs; the copy is mode 0600 and appears whole or not at all)")
    .argument('<file>', 'the backup file to write (replaced if it exists)')
    .option('--group-readable', 'create the backup with mode 0640 instead of 0600');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan backup /backup/padan-$(date +%F).db', 'padan backup --db /data/padan.db /mnt/usb/padan.db --json']);
  return command.action((file: string, options: { db?: string; json?: boolean }) =>
    usingStore(openForRead(options), async (store) => {
      const started = performance.now();
      const result = await backupStore(store.db, resolve(file));
      const seconds = (performance.now() - started) / 1000;
      if (options.json) printJson({ store: store.path, backup: result.path, pages: result.pages, seconds: Number(seconds.toFixed(3)) });
      else process.stdout.write(`backed up ${store.path} to ${result.path} (${result.pages} pages, ${seconds.toFixed(1)} s)\n`);
    }),
  );
}
