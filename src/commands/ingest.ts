import { Argument, Command, Option } from 'commander';
import { t } from '../i18n/index.js';
import { loadSnapshot, type LoadOptions, type LoadResult } from '../ingest/load-snapshot.js';
import type { Db } from '../store/open.js';
import { loadProfileFile } from '../ingest/profiles.js';
import { totalBytes } from '../ingest/read-export.js';
import { SOURCES, type Source } from '../normalise/types.js';
import { progressBar } from '../util/progress.js';
import { abortOnSignals, formatCount, openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

interface IngestOptions {
  db?: string;
  wait?: number;
  groupReadable?: boolean;
  json?: boolean;
  encoding?: string;
  delimiter?: string;
  profile?: string;
  force?: boolean;
}

export function describeLoad(source: Source, input: string, result: LoadResult): string {
  const name = input === '-' ? t('log.standardInput') : input;
  if (result.status === 'unchanged') return t('log.unchanged', { source, name, snapshot: result.snapshot.id });
  return t('log.loaded', {
    source,
    name,
    rows: formatCount(result.rowsRead),
    accepted: formatCount(result.accepted),
    rejected: formatCount(result.rejected),
    seconds: result.seconds.toFixed(1),
    rate: formatCount(Math.round(result.rowsPerSecond)),
    snapshot: result.snapshot.id,
  });
}

export function ingestCommand(): Command {
  const command = new Command('ingest')
    .description('load a P3KE or DTKS export into the store as a new snapshot (atomic: all rows or none)')
    .addArgument(new Argument('<source>', 'which register the file comes from').choices(SOURCES))
    .argument('<file>', 'CSV/TSV export, or - for standard input')
    .option('--encoding <name>', 'override the detected encoding (utf-8, utf-16le, windows-1252, ...)')
    .option('--delimiter <char>', 'override the detected delimiter (",", ";", tab, "|")')
    .option('--profile <mapping.json>', 'map another export layout onto padan fields')
    .option('--force', 'ingest even when a byte-identical file was ingested before')
    .addOption(new Option('--group-readable', 'create a new store with mode 0640 instead of 0600'));
  withStore(command);
  withJson(command);
  withExamples(command, [
    'padan ingest p3ke exports/P3KE_Kab_Bandung.csv',
    'padan ingest dtks dtks_siksng.txt --db /data/padan.db',
    'padan ingest dtks - --encoding windows-1252 < dtks.csv',
    'padan ingest p3ke other_layout.csv --profile mapping.json --json',
  ]);
  return command.action(async (source: Source, file: string, options: IngestOptions) => {
    const profile = options.profile ? loadProfileFile(options.profile) : undefined;
    await usingStore(openForWrite(options), async (store) => {
      const controller = new AbortController();
      const removeHandlers = abortOnSignals(controller);
      try {
        const result = await loadWithProgress(store.db, file, {
          source,
          encoding: options.encoding,
          delimiter: options.delimiter,
          profile,
          force: options.force,
          signal: controller.signal,
        });
        if (options.json) printJson({ source, file, ...result });
        else process.stdout.write(`${describeLoad(source, file, result)}\n`);
      } finally {
        removeHandlers();
      }
    });
  });
}

/** loadSnapshot with a progress bar in bytes of the file (rows are unknown until the end). */
export async function loadWithProgress(db: Db, file: string, options: LoadOptions): Promise<LoadResult> {
  const bar = progressBar(`ingest ${options.source}`, file === '-' ? null : totalBytes(file));
  try {
    return await loadSnapshot(db, file, { ...options, onProgress: ({ rows, bytesRead }) => bar.update(bytesRead, `${formatCount(rows)} rows`) });
  } finally {
    bar.stop();
  }
}
