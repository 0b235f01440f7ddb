// Every file of the hostile corpus ends in a clear error (exit 1, message naming the file) or in
// rejected rows, never in a crash, a hang or unbounded memory: padan is run as a child process
// with a time limit, and its peak RSS (worker threads included) is read from the process itself.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, PADAN, ROOT, padan, tempDir } from '../helpers/cli.js';
import { DTKS_HEADER, DTKS_ROWS, FORMULAS, HOSTILE, NIK_COLUMN, SQL_FRAGMENTS, dtksCells } from './corpus.js';

/** The stated bound: ingesting any file of the corpus, the 100 MB line included, stays under this. */
const MAX_RSS_MB = 400;
const TIME_LIMIT_MS = 240_000;
const RSS_HOOK = join(ROOT, 'dist', 'scripts', 'rss-hook.js');

const dir = tempDir('hostile');
afterAll(() => dir.remove());

function ingest(file: string, db: string): { status: number | null; signal: string | null; stdout: string; stderr: string; rssMb: number } {
  const result = spawnSync(process.execPath, ['--import', RSS_HOOK, PADAN, 'ingest', 'dtks', file, '--db', db, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PADAN_DB: '' },
    timeout: TIME_LIMIT_MS,
    maxBuffer: 1 << 26,
  });
  const rss = /padan-bench-maxrss-kb (\d+)/.exec(result.stderr)?.[1];
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr.replace(/padan-bench-maxrss-kb \d+\n/, ''), rssMb: Number(rss ?? NaN) / 1024 };
}

describe('hostile input corpus', () => {
  const figures: string[] = [];
  afterAll(() => process.stderr.write(`hostile corpus (case: exit, rejected, peak RSS):\n${figures.join('\n')}\n`));

  it.each(HOSTILE.map((c) => [c.name, c] as const))('%s', (_name, hostile) => {
    const file = hostile.make(dir.path);
    const db = join(dir.path, `${basename(file)}.db`);
    const result = ingest(file, db);
    figures.push(`  ${hostile.name}: exit ${result.status}, ${result.status === 0 ? (JSON.parse(result.stdout) as { rejected: number }).rejected : '-'}, ${result.rssMb.toFixed(0)} MB`);
    expect(result.signal, 'no hang, no crash by signal').toBeNull();
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(result.rssMb).toBeLessThan(MAX_RSS_MB);
    if (hostile.outcome === 'error') {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(basename(file));
      expect(result.stderr).toMatch(/^padan: /);
      return;
    }
    expect(result.status, result.stderr).toBe(0);
    const load = JSON.parse(result.stdout) as { status: string; rowsRead: number; accepted: number; rejected: number };
    // Nothing dropped silently: every row read is a record or a reject.
    expect(load.accepted + load.rejected).toBe(load.rowsRead);
    if (hostile.outcome === 'rejects') {
      expect(load.rejected).toBeGreaterThanOrEqual(hostile.minRejected ?? 1);
      expect(load.accepted).toBeGreaterThan(0);
    } else {
      expect(load.rejected).toBe(0);
    }
    // Whatever came in, the store is whole.
    expect(padan(['check', '--db', db]).status).toBe(0);
  }, TIME_LIMIT_MS + 30_000);
});

describe('what hostile values become', () => {
  const db = join(dir.path, 'values.db');
  let injection: string;
  beforeAll(() => {
    injection = HOSTILE.find((c) => c.name.startsWith('formula'))!.make(dir.path);
    expect(padan(['run', join(FIXTURES, 'p3ke.csv'), injection, '--db', db, '--out', join(dir.path, 'out')]).status).toBe(0);
  });

  it('SQL fragments are stored as text and run nothing; formula payloads reach no report cell unguarded', () => {
    const conn = new Database(db, { readonly: true });
    const raw = (conn.prepare('SELECT raw FROM records').raw(true).all() as string[][]).map((r) => r[0]!).join('\n');
    conn.close();
    for (const fragment of SQL_FRAGMENTS) expect(raw.includes(fragment.replace(/"/g, '')), fragment).toBe(true);
    expect(padan(['check', '--db', db]).status).toBe(0);
    const out = join(dir.path, 'out');
    for (const file of readdirSync(out).filter((f) => f.endsWith('.csv'))) {
      const text = readFileSync(join(out, file), 'utf8').replace(/^\uFEFF/, '');
      // A cell starts after a line break or a comma, optionally quoted; none may start a formula.
      expect(text.match(/(?:^|\r\n|,)"?[=+@]/g), file).toBeNull();
    }
    // The rejected formula lines are in rejects.csv, guarded by a leading apostrophe.
    const rejects = readFileSync(join(out, 'rejects.csv'), 'utf8');
    expect(rejects).toContain(`"'=HYPERLINK(""http://example.invalid/x""`);
    expect(rejects).toContain("'@SUM(1+1)|2");
    // A formula in a name is reduced to words by the name normaliser.
    const all = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(all).toContain(`HYPERLINK HTTP EXAMPLE INVALID X KLIK`);
    expect(all).not.toContain(FORMULAS[0]);
  });

  it('NIKs in Arabic-Indic and full-width digits are read as the same NIKs in ASCII', () => {
    const digits = HOSTILE.find((c) => c.name.startsWith('NIKs in'))!.make(dir.path);
    const plain = join(dir.path, 'plain.csv');
    writeFileSync(plain, [DTKS_HEADER, ...DTKS_ROWS].join('\r\n') + '\r\n');
    const store = join(dir.path, 'digits.db');
    expect(padan(['ingest', 'dtks', digits, '--db', store]).status).toBe(0);
    expect(padan(['ingest', 'dtks', plain, '--db', store]).status).toBe(0);
    const conn = new Database(store, { readonly: true });
    const niks = (snapshot: number): string[] => (conn.prepare("SELECT coalesce(nik, '') || ':' || nik_status FROM records WHERE snapshot_id = ? ORDER BY line").raw(true).all(snapshot) as string[][]).map((r) => r[0]!);
    expect(niks(1)).toEqual(niks(2));
    expect(niks(1).filter((n) => n.endsWith(':valid')).length).toBeGreaterThan(150);
    conn.close();
    expect(DTKS_ROWS.some((r) => /^\d{16}$/.test(dtksCells(r)[NIK_COLUMN]!))).toBe(true);
  });
});
