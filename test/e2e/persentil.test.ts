// Issue 10, point 5: the P3KE desil/persentil pair checked on the way in (desil = ⌈persentil / 10⌉),
// failing rows listed by the data-quality profile by id and line, never by name or NIK.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, padan, tempDir } from '../helpers/cli.js';

describe('desil and persentil checked in the data-quality profile', () => {
  const dir = tempDir('e2e-persentil');
  afterAll(() => dir.remove());

  it('lists the rows whose desil is not ceil(persentil / 10)', () => {
    // The fixture with a Persentil column: consistent everywhere but on two rows.
    const lines = readFileSync(join(FIXTURES, 'p3ke.csv'), 'utf8').split('\r\n');
    const header = lines.findIndex((l) => l.startsWith('No;ID Keluarga;'));
    const wrong = new Set([header + 2, header + 11]); // physical line numbers (1-based)
    const expected: { sourceId: string; line: number; desil: number; persentil: number }[] = [];
    const withPersentil = lines.map((line, i) => {
      if (i < header || line === '') return line;
      if (i === header) return `${line};Persentil`;
      const cells = line.split(';');
      const desil = Number(cells[7]!.replace(/\D/g, ''));
      // A persentil in another decile: 5 is desil 1, 40 is desil 4.
      const bad = wrong.has(i + 1) ? (desil === 4 ? '5' : '40') : undefined;
      if (bad) expected.push({ sourceId: `${cells[1]}-${cells[9]}`, line: i + 1, desil, persentil: Number(bad) });
      return `${line};${bad ?? String(desil * 10 - 4)}`;
    });
    expect(expected.every((e) => e.desil !== Math.ceil(e.persentil / 10))).toBe(true);
    const file = join(dir.path, 'p3ke_persentil.csv');
    writeFileSync(file, withPersentil.join('\r\n'));
    const db = join(dir.path, 'padan.db');
    expect(padan(['ingest', 'p3ke', file, '--db', db]).status).toBe(0);

    const json = padan(['profile', 'p3ke', '--db', db, '--json']);
    expect(json.status).toBe(0);
    const profile = JSON.parse(json.stdout) as { totals: { desilPersentilMismatch: number }; desilPersentilMismatches: unknown[] };
    expect(profile.totals.desilPersentilMismatch).toBe(2);
    expect(profile.desilPersentilMismatches).toEqual(expected);
    const text = padan(['profile', 'p3ke', '--db', db]);
    expect(text.stdout).toMatch(/desil\/persentil inconsistent 2/);
    expect(text.stdout).toContain(`${expected[0]!.sourceId} (line ${expected[0]!.line}: desil ${expected[0]!.desil}, persentil ${expected[0]!.persentil})`);
  });
});
