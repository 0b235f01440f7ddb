// Copies of the store made with SQLite's online backup: consistent even while another process
// reads, written under a temporary name and renamed, so a backup file is always whole.
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { privateDirMode, privateFileMode } from '../util/file-mode.js';
import type { Db } from './open.js';

/** Backs `db` up to `path` (mode 0600, 0640 with --group-readable); an existing file there is replaced only once the copy is complete. */
export async function backupStore(db: Db, path: string, mode = privateFileMode()): Promise<{ path: string; pages: number }> {
  const temporary = `${path}.tmp-${process.pid}`;
  // Created with its mode before SQLite writes a byte, so the copy is never readable by others.
  closeSync(openSync(temporary, 'w', mode));
  try {
    const { totalPages } = await db.backup(temporary);
    chmodSync(temporary, mode);
    renameSync(temporary, path);
    return { path, pages: totalPages };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

const ROTATED = /^padan-\d{8}T\d{9}Z\.db$/;

/** `padan-20261123T020000123Z.db`: sorts by time as text, so rotation needs no date parsing. */
export function rotatedName(now: Date): string {
  return `padan-${now.toISOString().replace(/[-:.]/g, '')}.db`;
}

/**
 * A new backup in `dir`, then deletes the oldest of padan's backups there until `keep` remain.
 * Only files named like padan's backups are ever deleted.
 */
export async function rotateBackup(db: Db, dir: string, keep: number, now = new Date(), mode = privateFileMode()): Promise<{ path: string; removed: string[] }> {
  mkdirSync(dir, { recursive: true, mode: privateDirMode() });
  const { path } = await backupStore(db, join(dir, rotatedName(now)), mode);
  const backups = readdirSync(dir).filter((name) => ROTATED.test(name)).sort();
  const removed = backups.slice(0, Math.max(0, backups.length - keep)).map((name) => join(dir, name));
  for (const file of removed) rmSync(file, { force: true });
  return { path, removed };
}
