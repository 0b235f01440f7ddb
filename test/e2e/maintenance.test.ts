// check, backup, purge, run --backup, file modes and two runs at once, on real stores.
import { copyFileSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/generate-fixtures.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { FIXTURES, padan, padanAsync, tempDir } from '../helpers/cli.js';

const P3KE = join(FIXTURES, 'p3ke.csv');
const DTKS = join(FIXTURES, 'dtks.csv');
const mode = (path: string): number => statSync(path).mode & 0o777;
const json = <T>(text: string): T => JSON.parse(text) as T;

describe('check, backup, purge and run --backup', () => {
  const dir = tempDir('e2e-maintenance');
  const db = join(dir.path, 'padan.db');
  const backups = join(dir.path, 'backups');
  afterAll(() => dir.remove());

  it('run --backup DIR --keep 2 backs up before each run and keeps the newest two, mode 0600', () => {
    for (let night = 1; night <= 3; night++) {
      const result = padan(['run', P3KE, DTKS, '--db', db, '--out', join(dir.path, 'out'), '--backup', backups, '--keep', '2', ...(night > 1 ? ['--force'] : [])]);
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/^backup: .*padan-\d{8}T\d{9}Z\.db/m);
    }
    const files = readdirSync(backups).sort();
    expect(files).toHaveLength(2);
    for (const file of files) expect(mode(join(backups, file))).toBe(0o600);
    // The newest backup was taken before the third run: it holds two runs, not three.
    const runs = json<unknown[]>(padan(['runs', '--db', join(backups, files[1]!), '--json']).stdout);
    expect(runs).toHaveLength(2);
    expect(padan(['run', P3KE, DTKS, '--db', db, '--backup', backups, '--keep', '0']).status).toBe(2);
  });

  it('run --backup copies a store of an older schema before upgrading it', () => {
    const old = join(dir.path, 'old.db');
    const conn = new Database(old);
    conn.exec(MIGRATIONS[0]!.sql);
    conn.pragma('user_version = 1');
    conn.close();
    const into = join(dir.path, 'old-backups');
    expect(padan(['run', P3KE, DTKS, '--db', old, '--out', join(dir.path, 'old-out'), '--backup', into]).status).toBe(0);
    const version = (path: string): unknown => {
      const db = new Database(path, { readonly: true });
      try {
        return db.pragma('user_version', { simple: true });
      } finally {
        db.close();
      }
    };
    expect(version(join(into, readdirSync(into)[0]!))).toBe(1);
    expect(version(old)).toBe(SCHEMA_VERSION);
  });

  it('check passes a healthy store and counts every table', () => {
    const result = padan(['check', '--db', db, '--json']);
    expect(result.status).toBe(0);
    const check = json<{ ok: boolean; integrity: string[]; schemaVersion: number; counts: Record<string, number>; problems: string[] }>(result.stdout);
    expect(check).toMatchObject({ ok: true, integrity: ['ok'], problems: [] });
    expect(check.schemaVersion).toBeGreaterThan(0);
    expect(check.counts).toMatchObject({ snapshots: 6, records: 3 * (1182 + 1165), runs: 3 });
    expect(padan(['check', '--db', db]).stdout).toMatch(/integrity +ok[\s\S]*records +7,041 rows[\s\S]*\bok\n$/);
  });

  it('backup FILE writes a whole copy, mode 0600, that check passes', () => {
    const copy = join(dir.path, 'copy.db');
    const result = padan(['backup', copy, '--db', db, '--json']);
    expect(result.status).toBe(0);
    expect(json<{ backup: string; pages: number }>(result.stdout)).toMatchObject({ backup: copy });
    expect(mode(copy)).toBe(0o600);
    expect(readdirSync(dir.path).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(json<{ counts: unknown }>(padan(['check', '--db', copy, '--json']).stdout).counts).toEqual(json<{ counts: unknown }>(padan(['check', '--db', db, '--json']).stdout).counts);
  });

  it('backup works while another padan holds the writer lock (online backup)', async () => {
    const big = join(dir.path, 'big');
    generate({ out: big, persons: 8000, seed: 'backup-online' });
    const bytes = readFileSync(join(big, 'p3ke.csv'));
    // An ingest from standard input holds the writer lock for as long as its input stays open, so
    // the backup surely runs under it (racing a file ingest, the probe sometimes took the lock
    // first, or the ingest was over before the probe looked). --wait covers the moment the probe
    // below reads the lock file.
    const running = padanAsync(['ingest', 'p3ke', '-', '--db', db, '--wait', '30'], { stdin: 'pipe' });
    const closed = new Promise<number | null>((resolve) => running.on('close', resolve));
    running.stdin.write(bytes.subarray(0, bytes.length >> 1));
    const lockHeld = (): boolean => {
      const lock = new Database(`${db}.lock`, { readonly: true, timeout: 0 });
      try {
        lock.prepare('SELECT pid FROM holder').all();
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw error;
      } finally {
        lock.close();
      }
    };
    for (let i = 0; i < 600 && !lockHeld(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(lockHeld()).toBe(true);
    expect(padan(['ingest', 'dtks', DTKS, '--db', db, '--force']).status).toBe(4);
    const copy = join(dir.path, 'online.db');
    expect(padan(['backup', copy, '--db', db]).status).toBe(0);
    expect(padan(['check', '--db', copy]).status).toBe(0);
    running.stdin.end(bytes.subarray(bytes.length >> 1));
    expect(await closed).toBe(0);
  }, 120_000);

  it('check exits 1 and names orphaned rows and half-written snapshots', () => {
    const broken = join(dir.path, 'broken.db');
    copyFileSync(join(dir.path, 'copy.db'), broken);
    const conn = new Database(broken);
    conn.pragma('foreign_keys = OFF');
    conn.prepare("INSERT INTO pairs (run_id, kind, p3ke_record_id, dtks_record_id, status, probability, match_weight, method) VALUES (999, 'link', 1, 2, 'match', 1, 10, 'nik')").run();
    conn.prepare("UPDATE snapshots SET finished_at = '' WHERE id = 1").run();
    conn.close();
    const result = padan(['check', '--db', broken, '--json']);
    expect(result.status).toBe(1);
    expect(json<{ ok: boolean }>(result.stdout).ok).toBe(false);
    expect(result.stderr).toMatch(/pairs_without_run/);
    expect(result.stderr).toMatch(/unfinished_snapshots/);
    expect(result.stderr).toMatch(/hint: restore/);
  });

  it('check exits 1 on a damaged file', () => {
    const damaged = join(dir.path, 'damaged.db');
    const bytes = readFileSync(join(dir.path, 'copy.db'));
    // Scribble over pages past the schema: the b-trees no longer add up.
    bytes.fill(0x5a, 3 * 16384, 6 * 16384);
    writeFileSync(damaged, bytes);
    const result = padan(['check', '--db', damaged]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/damaged\.db/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('purge --before deletes old runs and snapshots but never the newest ones or what the newest run uses, then vacuums', () => {
    expect(padan(['purge', '--db', db, '--before', '2025-02-30']).status).toBe(2);
    const nothing = padan(['purge', '--db', db, '--before', '2000-01-01', '--json']);
    expect(nothing.status).toBe(0);
    expect(json<{ runs: unknown[]; snapshots: unknown[] }>(nothing.stdout)).toMatchObject({ runs: [], snapshots: [] });
    const before = json<{ snapshots: { id: number; source: string }[] }>(padan(['status', '--db', db, '--json']).stdout).snapshots;
    const dry = padan(['purge', '--db', db, '--before', '2999-01-01', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/would delete 2 runs and \d+ snapshots/);
    expect(json<{ snapshots: unknown[] }>(padan(['status', '--db', db, '--json']).stdout).snapshots).toEqual(before);

    const result = padan(['purge', '--db', db, '--before', '2999-01-01', '--json']);
    expect(result.status).toBe(0);
    const purge = json<{ runs: { id: number }[]; snapshots: { id: number }[]; kept: { newestRun: number; newestSnapshots: number[] }; deletedRows: Record<string, number> }>(result.stdout);
    expect(purge.runs.map((r) => r.id)).toEqual([1, 2]);
    expect(purge.kept.newestRun).toBe(3);
    const runs = json<{ id: number; p3keSnapshotId: number; dtksSnapshotId: number }[]>(padan(['runs', '--db', db, '--json']).stdout);
    expect(runs.map((r) => r.id)).toEqual([3]);
    const left = json<{ snapshots: { id: number }[] }>(padan(['status', '--db', db, '--json']).stdout).snapshots.map((s) => s.id);
    for (const id of [...purge.kept.newestSnapshots, runs[0]!.p3keSnapshotId, runs[0]!.dtksSnapshotId]) expect(left).toContain(id);
    for (const s of purge.snapshots) expect(left).not.toContain(s.id);
    expect(purge.deletedRows.pairs).toBeGreaterThan(0);
    expect(padan(['check', '--db', db]).status).toBe(0);
    const conn = new Database(db, { readonly: true });
    expect(conn.pragma('freelist_count', { simple: true })).toBe(0);
    conn.close();
    expect(padan(['report', '--db', db, '--out', join(dir.path, 'after-purge')]).status).toBe(0);
  });
});

describe('file modes and two runs at once', () => {
  const dir = tempDir('e2e-overlap');
  let big: string;
  beforeAll(() => {
    big = join(dir.path, 'big');
    generate({ out: big, persons: 20_000, seed: 'overlap' });
  }, 120_000);
  afterAll(() => dir.remove());

  it('--group-readable makes store and reports 0640 in a 0750 folder; without it everything is 0600 in 0700', () => {
    const open = join(dir.path, 'open');
    expect(padan(['run', P3KE, DTKS, '--db', join(open, 'g.db'), '--out', join(open, 'out'), '--group-readable']).status).toBe(0);
    expect(mode(join(open, 'g.db'))).toBe(0o640);
    for (const file of readdirSync(join(open, 'out'))) expect(mode(join(open, 'out', file))).toBe(0o640);
    expect(mode(join(open, 'out'))).toBe(0o750);
    const closed = join(dir.path, 'closed');
    expect(padan(['run', P3KE, DTKS, '--db', join(closed, 'c.db'), '--out', join(closed, 'out')]).status).toBe(0);
    for (const file of ['c.db', 'c.db.lock']) expect(mode(join(closed, file))).toBe(0o600);
    for (const file of readdirSync(join(closed, 'out'))) expect(mode(join(closed, 'out', file))).toBe(0o600);
    expect(mode(join(closed, 'out'))).toBe(0o700);
  });

  it('a second padan run on the same store exits 4 at once; with --wait it runs after the first', async () => {
    const db = join(dir.path, 'overlap.db');
    const args = ['run', join(big, 'p3ke.csv'), join(big, 'dtks.csv'), '--db', db];
    const first = padanAsync([...args, '--out', join(dir.path, 'first')]);
    let firstErr = '';
    first.stderr.on('data', (c: Buffer) => (firstErr += c.toString()));
    const firstDone = new Promise<number | null>((r) => first.on('close', (code) => r(code)));
    // The first run holds the lock once it has logged its P3KE ingest.
    while (!/^p3ke /m.test(firstErr) && first.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    const waiting = padanAsync([...args, '--out', join(dir.path, 'waited'), '--wait', '600']);
    const waitingDone = new Promise<number | null>((r) => waiting.on('close', (code) => r(code)));
    const second = padan([...args, '--out', join(dir.path, 'second')]);
    expect(first.exitCode, 'the first run ended before the second started: make the input bigger').toBeNull();
    expect(second.status).toBe(4);
    expect(second.stderr).toMatch(/the store .*overlap\.db is locked by another padan run/);
    expect(second.stderr).toMatch(/--wait/);
    expect(second.stdout).toBe('');
    expect(await firstDone).toBe(0);
    expect(await waitingDone).toBe(0);
    const runs = json<{ id: number; startedAt: string; finishedAt: string }[]>(padan(['runs', '--db', db, '--json']).stdout);
    expect(runs).toHaveLength(2);
    // Never both writing: the waiting run started its match after the first had finished.
    expect(runs[1]!.startedAt >= runs[0]!.finishedAt).toBe(true);
    expect(padan(['check', '--db', db]).status).toBe(0);
    expect(readFileSync(join(dir.path, 'waited', 'matches.csv')).equals(readFileSync(join(dir.path, 'first', 'matches.csv')))).toBe(true);
  }, 300_000);
});
