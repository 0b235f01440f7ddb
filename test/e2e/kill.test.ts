// A killed or interrupted ingest leaves the store exactly as it was, and a re-run succeeds.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/generate-fixtures.js';
import { FIXTURES, padan, padanAsync, tempDir } from '../helpers/cli.js';

const dir = tempDir('e2e-kill');
const db = join(dir.path, 'padan.db');
let bigP3ke: string;

/** Everything a reader could see of the store: tables and their row counts, and integrity. */
function storeState(): { integrity: unknown; counts: Record<string, number> } {
  const conn = new Database(db, { readonly: true });
  try {
    const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const counts = Object.fromEntries(tables.map(({ name }) => [name, (conn.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
    return { integrity: conn.pragma('integrity_check', { simple: true }), counts };
  } finally {
    conn.close();
  }
}

/** Starts an ingest of the big file and sends `signal` once rows are being written. */
async function interruptedIngest(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const started = Date.now();
  const child = padanAsync(['ingest', 'p3ke', bigP3ke, '--db', db, '--force']);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const walWritten = (): number => {
    try {
      return statSync(`${db}-wal`).mtimeMs;
    } catch {
      return 0;
    }
  };
  // Rows are being written once the open transaction spills pages into the WAL.
  const deadline = Date.now() + 30_000;
  while (walWritten() < started && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 200));
  expect(child.exitCode, 'the ingest ended before it could be interrupted: make the file bigger').toBeNull();
  child.kill(signal);
  return new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig, stderr })));
}

beforeAll(() => {
  generate({ out: join(dir.path, 'big'), persons: 60_000, seed: 'kill' });
  bigP3ke = join(dir.path, 'big', 'p3ke.csv');
  expect(padan(['ingest', 'dtks', join(FIXTURES, 'dtks.csv'), '--db', db]).status).toBe(0);
}, 120_000);
afterAll(() => dir.remove());

describe('killing an ingest part-way', () => {
  it('SIGKILL leaves the store as it was, and the re-run succeeds', async () => {
    const before = storeState();
    const result = await interruptedIngest('SIGKILL');
    expect(result.signal).toBe('SIGKILL');
    expect(storeState()).toEqual(before);
    expect(before.integrity).toBe('ok');
    const rerun = padan(['ingest', 'p3ke', bigP3ke, '--db', db, '--json']);
    expect(rerun.status).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ status: 'ingested' });
    expect(storeState().counts.snapshots).toBe(before.counts.snapshots! + 1);
  });

  it.each([['SIGINT'], ['SIGTERM']] as const)('%s rolls back and exits 130 with a message, never a stack', async (signal) => {
    const before = storeState();
    const result = await interruptedIngest(signal);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted: nothing was written/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(storeState()).toEqual(before);
  });
});
