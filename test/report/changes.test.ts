// changes.csv against the way it was first computed (a map of key → detail per run and category,
// added and resolved sorted by key), on two nights whose inputs differ: the sorted-list comparison
// that replaced it for memory must write the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/report/categories.js';
import { contextOf, detailOf, Findings, TRACKED } from '../../src/report/changes.js';
import { csvLine } from '../../src/report/csv.js';
import { openStore } from '../../src/store/open.js';
import { runById, type Run } from '../../src/store/runs.js';
import type { Db } from '../../src/store/open.js';
import { FIXTURES, padan, tempDir } from '../helpers/cli.js';

/** changes.csv as the map-based implementation wrote it. */
function mapBasedChangesCsv(db: Db, before: Run, after: Run, maskNik: boolean): string {
  const byKey = ([a]: [string, string], [b]: [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);
  const lines = [`\ufeff${csvLine(['category', 'change', 'key', 'detail'])}`];
  for (const name of TRACKED) {
    const category = CATEGORIES.find((c) => c.name === name)!;
    const keyed = (run: Run): Map<string, string> => {
      const keys = new Map<string, string>();
      for (const row of category.rows(contextOf(db, run, maskNik))) keys.set(row.key, detailOf(category, row));
      return keys;
    };
    const old = keyed(before);
    const now = keyed(after);
    for (const [key, detail] of [...now].filter(([key]) => !old.has(key)).sort(byKey)) lines.push(csvLine([name, 'new', key, detail]));
    for (const [key, detail] of [...old].filter(([key]) => !now.has(key)).sort(byKey)) lines.push(csvLine([name, 'resolved', key, detail]));
  }
  return lines.join('');
}

/**
 * The fixture a night later: every `step`-th data line (after `headerLines`) left out, and every
 * fifth in upper case (new ids that sort apart from the old ones, between digits and lower case).
 */
function nextNight(file: string, headerLines: number, step: number, out: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const kept = lines.filter((_, i) => i < headerLines || (i - headerLines) % step !== 0);
  writeFileSync(out, kept.map((line, i) => (i >= headerLines && (i - headerLines) % 5 === 0 ? line.toUpperCase() : line)).join('\n'));
  return out;
}

describe('changes.csv of a second night', () => {
  const dir = tempDir('changes');
  const db = join(dir.path, 'padan.db');
  beforeAll(() => {
    expect(padan(['run', join(FIXTURES, 'p3ke.csv'), join(FIXTURES, 'dtks.csv'), '--db', db, '--out', join(dir.path, 'night1')]).status).toBe(0);
    const p3ke = nextNight(join(FIXTURES, 'p3ke.csv'), 5, 9, join(dir.path, 'p3ke.csv'));
    const dtks = nextNight(join(FIXTURES, 'dtks.csv'), 1, 7, join(dir.path, 'dtks.csv'));
    expect(padan(['run', p3ke, dtks, '--db', db, '--out', join(dir.path, 'night2')]).status).toBe(0);
    expect(padan(['report', '--db', db, '--run', '2', '--mask-nik', '--out', join(dir.path, 'masked')]).status).toBe(0);
    // and back (the files are those of night 1: --force), the upper-case ids now the resolved ones
    expect(padan(['run', join(FIXTURES, 'p3ke.csv'), join(FIXTURES, 'dtks.csv'), '--db', db, '--out', join(dir.path, 'night3'), '--force']).status).toBe(0);
  });
  afterAll(() => dir.remove());

  it.each([
    ['night2', 2, false],
    ['masked', 2, true],
    ['night3', 3, false],
  ])('%s: the same bytes as key → detail maps give', (folder, run, maskNik) => {
    const store = openStore(db, { write: false });
    try {
      const expected = mapBasedChangesCsv(store.db, runById(store.db, run - 1)!, runById(store.db, run)!, maskNik);
      expect(readFileSync(join(dir.path, folder, 'changes.csv'), 'utf8')).toBe(expected);
    } finally {
      store.close();
    }
  });

  it('has new and resolved findings in most categories, and diff counts them alike', () => {
    const rows = readFileSync(join(dir.path, 'night2', 'changes.csv'), 'utf8').split('\r\n').slice(1, -1);
    const kinds = new Set(rows.map((row) => row.split(',').slice(0, 2).join(' ')));
    for (const kind of ['p3ke_only new', 'p3ke_only resolved', 'dtks_only new', 'dtks_only resolved', 'field_mismatch resolved', 'matches resolved', 'families resolved']) {
      expect(kinds).toContain(kind);
    }
    const diff = JSON.parse(padan(['diff', '1', '2', '--db', db, '--json']).stdout) as { changes: { category: string; new: number; resolved: number; persisting: number }[] };
    for (const c of diff.changes) {
      expect(rows.filter((row) => row.startsWith(`${c.category},new,`))).toHaveLength(c.new);
      expect(rows.filter((row) => row.startsWith(`${c.category},resolved,`))).toHaveLength(c.resolved);
    }
    const matches = readFileSync(join(dir.path, 'night2', 'matches.csv'), 'utf8').split('\r\n').length - 2;
    expect(diff.changes.find((c) => c.category === 'matches')!.persisting).toBe(matches - diff.changes.find((c) => c.category === 'matches')!.new);
  });
});

describe('Findings', () => {
  it('keeps each key once, with the detail of its last row, in string order', () => {
    const findings = new Findings();
    const rows: [string, string][] = [['b', 'first'], ['a', 'x'], ['b', 'last'], ['\u{1F600}', 'astral'], ['\uFFFD', 'bmp'], ['B', 'upper']];
    for (const [key, detail] of rows) findings.add(key, detail);
    expect(findings.sorted()).toEqual({ keys: ['B', 'a', 'b', '\u{1F600}', '\uFFFD'], details: ['upper', 'x', 'last', 'astral', 'bmp'] });
  });
});
