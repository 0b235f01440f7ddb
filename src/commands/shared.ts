// Options and plumbing every command shares, defined once (conventions.md, habit 2).
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { language, t } from '../i18n/index.js';
import { openStore, type Db, type OpenStore } from '../store/open.js';
import { latestRun, runById, type Run } from '../store/runs.js';
import { EXIT, PadanError } from '../util/errors.js';

export interface StoreOptions {
  db?: string;
  wait?: number;
  groupReadable?: boolean;
}

/** `--db` beats PADAN_DB beats ./padan.db. */
export function storePath(options: StoreOptions): string {
  return resolve(options.db ?? process.env.PADAN_DB ?? 'padan.db');
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('expected a number of seconds (0 or more)');
  return seconds;
}

export function withStore(command: Command): Command {
  return command
    .option('--db <path>', 'the padan store (default: $PADAN_DB or ./padan.db)')
    .addOption(new Option('--wait <seconds>', 'wait this long for another padan run to release the store').default(0).argParser(parseSeconds));
}

export function withJson(command: Command): Command {
  return command.option('--json', 'print the result as one JSON document on stdout');
}

/** Examples under `--help`; every command has them (a test checks). */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}\n`);
}

export function openForWrite(options: StoreOptions, migrate = true): OpenStore {
  return openStore(storePath(options), { write: true, waitSeconds: options.wait ?? 0, mode: options.groupReadable ? 0o640 : 0o600, migrate });
}

export function openForRead(options: StoreOptions): OpenStore {
  return openStore(storePath(options), { write: false, mustExist: true });
}

/** Runs `body` with the store open, and closes it whatever happens. */
export async function usingStore<T>(store: OpenStore, body: (store: OpenStore) => Promise<T> | T): Promise<T> {
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Ctrl+C and SIGTERM abort the signal; the stage checks it between batches and rolls back.
 * Returns a function that removes the handlers.
 */
export function abortOnSignals(controller: AbortController): () => void {
  const onSignal = (): void => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** A count as the terminal's language writes it: 1,182 or 1.182. */
export const formatCount = (n: number): string => n.toLocaleString(language() === 'id' ? 'id-ID' : 'en-US');

/** The run `--run ID` names, else the latest one; an error that says how to make one when there is none. */
export function storedRun(db: Db, id: number | undefined): Run {
  const run = id ? runById(db, id) : latestRun(db);
  if (!run) throw new PadanError(id ? t('error.noRun', { run: id }) : t('error.noRunYet'), EXIT.failure, t('hint.reportRun'));
  return run;
}
