// Opening the store: file mode 0600 (it holds personal data), WAL, a busy timeout, migrations,
// and the single-writer lock that keeps two nightly runs from writing at once.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { t } from '../i18n/index.js';
import { EXIT, PadanError } from '../util/errors.js';
import { privateDirMode } from '../util/file-mode.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Take the writer lock: only one padan writes a store at a time. */
  write: boolean;
  /** Seconds to wait for another run's lock before giving up with exit code 4. */
  waitSeconds?: number;
  /** Refuse to create a missing store (read-only commands). */
  mustExist?: boolean;
  /** File mode for a new store; 0600 unless the officer asks for group access. */
  mode?: number;
  /** false: leave an older schema as it is (padan check reports it; run --backup copies it first). */
  migrate?: boolean;
}

export interface OpenStore {
  db: Db;
  path: string;
  close(): void;
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Creates the file with the right mode before SQLite does, so it never exists world-readable. */
function createFile(path: string, mode: number): void {
  if (existsSync(path)) return;
  closeSync(openSync(path, 'a', mode));
}

/**
 * The writer lock: a small SQLite file next to the store held in exclusive locking mode. A second
 * run gets SQLITE_BUSY at once, and the OS drops the lock when the process dies, even by kill -9.
 */
function acquireLock(storePath: string, waitSeconds: number, mode: number): Db {
  const lockPath = `${storePath}.lock`;
  createFile(lockPath, mode);
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const lock = new Database(lockPath, { timeout: 0 });
    try {
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder;');
      lock.prepare('INSERT INTO holder VALUES (?)').run(process.pid);
      lock.exec('COMMIT');
      return lock;
    } catch (error) {
      lock.close();
      const code = (error as { code?: string }).code;
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new PadanError(t('error.locked', { path: storePath }), EXIT.locked, waitSeconds > 0 ? t('hint.lockedAfterWait', { seconds: waitSeconds }) : t('hint.locked'));
      }
      sleep(Math.min(250, Math.max(10, deadline - Date.now())));
    }
  }
}

/** Applies the migrations a store lacks (openStore does unless told not to). */
export function migrate(db: Db, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new PadanError(t('error.newerStore', { path, version, known: SCHEMA_VERSION }), EXIT.failure, t('hint.newerStore'));
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    // Each migration and its version bump commit together, so a kill leaves the old schema.
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function openStore(path: string, options: OpenOptions): OpenStore {
  const mode = options.mode ?? 0o600;
  if (!existsSync(path)) {
    if (options.mustExist) {
      throw new PadanError(t('error.noStore', { path }), EXIT.failure, t('hint.noStore'));
    }
  }
  if (options.write) mkdirSync(dirname(path), { recursive: true, mode: privateDirMode() });
  const lock = options.write ? acquireLock(path, options.waitSeconds ?? 0, mode) : undefined;
  let db: Db;
  try {
    createFile(path, mode);
    db = new Database(path, { timeout: 5000 });
    // 16 KiB pages for a new store (no effect on an existing one): ingest writes ~800-byte records
    // a million at a time, and bigger pages cut its time by a fifth, commit included.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    // NORMAL, not FULL, in WAL mode: a commit is not fsynced on its own, the checkpoint that follows
    // a big transaction (and the one at close) syncs the log and the database. A power cut may lose
    // the last transaction but never corrupts the file; a killed process loses nothing committed.
    // FULL spent a second of a million-row ingest's ten in fsync.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.migrate !== false) migrate(db, path);
  } catch (error) {
    lock?.close();
    if (error instanceof PadanError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new PadanError(t('error.notAStore', { path, code: String(code) }), EXIT.failure, t('hint.notAStore'));
    }
    throw error;
  }
  return {
    db,
    path,
    close() {
      if (db.open) db.close();
      lock?.close();
    },
  };
}
