// No NIK, KK or name of the input may appear in what padan prints when it fails (or succeeds
// without being asked to show persons), and --mask-nik masks every NIK-shaped value it writes.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { FIXTURES, padan, tempDir, type CliResult } from '../helpers/cli.js';

const P3KE = join(FIXTURES, 'p3ke.csv');
const DTKS = join(FIXTURES, 'dtks.csv');
const dir = tempDir('e2e-protection');
const db = join(dir.path, 'padan.db');

/** Every NIK, KK and full name of the fixtures, as the store holds them. */
let secrets: { niks: string[]; names: string[] };
/** Areas are printed on purpose (the kecamatan summary): a name equal to one is not a leak. */
let areas: Set<string>;

function leaks(result: CliResult): string[] {
  const text = `${result.stdout}\n${result.stderr}`;
  const upper = text.toUpperCase();
  const digitRuns = new Set(text.match(/\d{16}/g) ?? []);
  return [...secrets.niks.filter((n) => digitRuns.has(n)), ...secrets.names.filter((n) => upper.includes(n))];
}

beforeAll(() => {
  expect(padan(['run', P3KE, DTKS, '--db', db, '--out', join(dir.path, 'out')]).status).toBe(0);
  const conn = new Database(db, { readonly: true });
  const column = (sql: string): string[] => (conn.prepare(sql).raw(true).all() as string[][]).map((r) => r[0]!);
  const niks = column("SELECT DISTINCT nik FROM records WHERE nik IS NOT NULL AND length(nik) = 16 UNION SELECT DISTINCT no_kk FROM records WHERE no_kk IS NOT NULL AND length(no_kk) = 16");
  areas = new Set(column('SELECT DISTINCT upper(kecamatan) FROM records WHERE kecamatan IS NOT NULL UNION SELECT DISTINCT upper(desa) FROM records WHERE desa IS NOT NULL'));
  const names = column("SELECT DISTINCT upper(nama) FROM records WHERE nama LIKE '% %'").filter((n) => n.length >= 8 && !areas.has(n));
  conn.close();
  secrets = { niks, names };
  expect(niks.length).toBeGreaterThan(500);
  expect(names.length).toBeGreaterThan(500);
}, 120_000);
afterAll(() => dir.remove());

describe('logs and error messages never contain a NIK or a name', () => {
  /** The fixture with damaged rows: unbalanced quotes, too many cells, NUL bytes, junk lines. */
  function damagedP3ke(): string {
    const lines = readFileSync(P3KE, 'utf8').split(/\r?\n/);
    const header = lines.findIndex((l) => l.startsWith('ID Keluarga'));
    for (let i = header + 1; i < lines.length; i += 50) {
      if (!lines[i]) continue;
      lines[i] = i % 100 === header + 1 ? `"${lines[i]}` : `${lines[i]};extra;cells;${'\u0000'}`;
    }
    lines.splice(header + 3, 0, '\u00ff\u00fe\u0001\u0002 junk ;;;; \u0007');
    const path = join(dir.path, 'damaged.csv');
    writeFileSync(path, lines.join('\r\n'));
    return path;
  }

  const failing: [string, () => string[], number[]][] = [
    ['a bad option', () => ['run', P3KE, DTKS, '--db', db, '--threshold', '2'], [2]],
    ['a missing input file', () => ['run', join(dir.path, 'none.csv'), DTKS, '--db', db], [1]],
    ['damaged rows (rejected, then reported)', () => ['run', damagedP3ke(), DTKS, '--db', db, '--out', join(dir.path, 'out-damaged')], [0]],
    ['damaged rows under --fail-on (exit 3)', () => ['run', damagedP3ke(), DTKS, '--db', db, '--out', join(dir.path, 'out-failon'), '--fail-on', 'rejects>0'], [3]],
    ['the DTKS file given as P3KE', () => ['ingest', 'p3ke', DTKS, '--db', db], [1]],
    ['a file of one NIK per line', () => {
      const path = join(dir.path, 'niks.csv');
      writeFileSync(path, secrets.niks.slice(0, 200).join('\n'));
      return ['ingest', 'dtks', path, '--db', db];
    }, [1]],
    ['a decision file full of NIKs and names', () => {
      const path = join(dir.path, 'decisions.csv');
      const rows = secrets.niks.slice(0, 20).map((nik, i) => `${nik},${secrets.names[i]},${secrets.names[i + 1]},${nik},2024-01-01`);
      writeFileSync(path, ['p3ke_id,dtks_id,decision,reviewer,decided_at', ...rows].join('\n'));
      return ['decisions', 'import', path, '--db', db];
    }, [1]],
    ['explain of unknown ids', () => ['explain', secrets.niks[0]!.slice(0, 6), 'nobody', '--db', db], [1]],
    ['a damaged store', () => {
      const path = join(dir.path, 'damaged.db');
      const bytes = readFileSync(db);
      bytes.fill(0x33, 2 * 16384, 8 * 16384);
      writeFileSync(path, bytes);
      return ['report', '--db', path, '--out', join(dir.path, 'out-damaged-db'), '--debug'];
    }, [1]],
    ['a check of a damaged store', () => ['check', '--db', join(dir.path, 'damaged.db'), '--json'], [1]],
  ];

  it.each(failing)('%s', (_name, args, codes) => {
    const result = padan(args());
    expect(codes).toContain(result.status);
    expect(leaks(result)).toEqual([]);
  });

  it('a locked store', () => {
    const holder = openStore(db, { write: true });
    try {
      const result = padan(['run', P3KE, DTKS, '--db', db, '--out', join(dir.path, 'out-locked')]);
      expect(result.status).toBe(4);
      expect(leaks(result)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('the summary of a normal run, text and JSON', () => {
    for (const extra of [[], ['--json']]) {
      const result = padan(['run', P3KE, DTKS, '--db', db, '--out', join(dir.path, 'out-normal'), ...extra]);
      expect(result.status).toBe(0);
      expect(leaks(result)).toEqual([]);
    }
  });

  it('the leak detector does find a NIK and a name when they are printed', () => {
    expect(leaks({ status: 0, stdout: `x ${secrets.niks[0]} y`, stderr: secrets.names[0]!.toLowerCase() })).toHaveLength(2);
  });
});

describe('--mask-nik on every command that prints or writes NIK or KK', () => {
  const masked = join(dir.path, 'masked');
  beforeAll(() => mkdirSync(masked, { recursive: true }));

  const nikLike = (text: string): string[] => (text.match(/\d{16}/g) ?? []).filter((n) => secrets.niks.includes(n));

  it('run and report: no report file holds a NIK or KK', () => {
    expect(padan(['report', '--db', db, '--out', masked, '--mask-nik']).status).toBe(0);
    for (const file of readdirSync(masked)) expect(nikLike(readFileSync(join(masked, file), 'utf8')), file).toEqual([]);
    // Unmasked, they are there: the check above can fail.
    expect(nikLike(readFileSync(join(dir.path, 'out', 'matches.csv'), 'utf8')).length).toBeGreaterThan(100);
  });

  it('review export, explain and diff --keys', () => {
    const review = join(masked, 'review-export.csv');
    expect(padan(['review', 'export', '--db', db, '--out', review, '--mask-nik']).status).toBe(0);
    expect(nikLike(readFileSync(review, 'utf8'))).toEqual([]);
    const match = readFileSync(join(dir.path, 'out', 'matches.csv'), 'utf8').split('\r\n')[1]!.split(',');
    for (const extra of [[], ['--json']]) {
      const explain = padan(['explain', match[0]!, match[1]!, '--db', db, '--mask-nik', ...extra]);
      expect(explain.status).toBe(0);
      expect(nikLike(explain.stdout)).toEqual([]);
    }
    for (const extra of [[], ['--json']]) {
      const diff = padan(['diff', '1', '2', '--keys', '--db', db, '--mask-nik', ...extra]);
      expect(diff.status).toBe(0);
      expect(nikLike(diff.stdout)).toEqual([]);
    }
  });
});
