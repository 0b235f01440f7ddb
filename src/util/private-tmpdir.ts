// exceljs's streaming reader copies every worksheet that comes before the shared strings in a
// package (the order Excel and exceljs's own writer use) into a temporary file, uncompressed:
// NIKs and names in the system temp directory. Its cleanup runs at process exit, which a worker
// ended by terminate() never reaches, nor a reader left before its last sheet: hundreds of such
// files had piled up in /tmp after a day of tests and benchmarks. While padan reads a workbook,
// TMPDIR (which os.tmpdir(), and so exceljs's `tmp`, reads at each call) names a private folder
// that is removed when the read ends, however it ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new private folder (0700) under the system temp directory. */
export function makePrivateTmpdir(): string {
  return mkdtempSync(join(tmpdir(), 'padan-'));
}

export function removePrivateTmpdir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/**
 * Points TMPDIR at `path` (a new private folder when none is given) until `release`, which puts
 * TMPDIR back and removes the folder if this call made it. In a worker thread process.env is the
 * thread's own copy; in the main thread nothing else asks for a temp directory while a workbook
 * is read.
 */
export function usePrivateTmpdir(path?: string): { path: string; release(): void } {
  const dir = path ?? makePrivateTmpdir();
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return {
    path: dir,
    release() {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      if (path === undefined) removePrivateTmpdir(dir);
    },
  };
}
