import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DTKS_HEADER, generate, P3KE_HEADER, type GenerateResult } from '../../scripts/generate-fixtures.js';
import { DEFECTS, POPULATION } from '../../scripts/fixtures/rates.js';
import { regionByCode } from '../../src/normalise/region-data.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'padan-fixtures-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

function p3keRows(dir: string, delimiter = ';'): { header: string[]; rows: string[][]; titleLines: number } {
  const text = read(dir, 'p3ke.csv');
  const lines = text.split('\r\n');
  const titleLines = lines.findIndex((l) => l.startsWith(`No${delimiter}`));
  const records = parse(text, { delimiter, from_line: titleLines + 1 }) as string[][];
  const [header, ...rows] = records;
  return { header: header as string[], rows, titleLines };
}

function dtksRows(dir: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(read(dir, 'dtks.csv'), { delimiter: '|' }) as string[][];
  return { header: header as string[], rows };
}

const csvObjects = (dir: string, file: string): Record<string, string>[] =>
  parse(read(dir, file), { columns: true }) as Record<string, string>[];

describe('generate (small run)', () => {
  let dir: string;
  let result: GenerateResult;
  beforeAll(() => {
    dir = join(root, 'small');
    result = generate({ out: dir, families: 150, seed: 1 });
  });

  it('is deterministic: the same arguments give byte-identical files', () => {
    const again = join(root, 'small-again');
    generate({ out: again, families: 150, seed: 1 });
    for (const file of ['p3ke.csv', 'dtks.csv', 'truth.csv', 'truth_records.csv']) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file))), file).toBe(true);
    }
  });

  it('differs with another seed', () => {
    const other = join(root, 'small-seed2');
    generate({ out: other, families: 150, seed: 2, kabupaten: result.kabupaten.code });
    expect(read(other, 'p3ke.csv')).not.toEqual(read(dir, 'p3ke.csv'));
    expect(read(other, 'dtks.csv')).not.toEqual(read(dir, 'dtks.csv'));
  });

  it('writes the published P3KE header after a title block, with a leading No column', () => {
    const { header, rows, titleLines } = p3keRows(dir);
    expect(titleLines).toBeGreaterThanOrEqual(2);
    expect(header).toEqual(['No', ...P3KE_HEADER]);
    expect(rows.length).toBe(result.counts.p3kePersons);
    for (const row of rows) expect(row.length).toBe(header.length);
    // The raw header line is the published one, `;`-separated.
    const line = read(dir, 'p3ke.csv').split('\r\n')[titleLines];
    expect(line).toBe(['No', ...P3KE_HEADER].join(';'));
  });

  it('writes the SIKS-NG DTKS header verbatim, pipe-delimited and fully quoted', () => {
    const text = read(dir, 'dtks.csv');
    expect(text.split('\n')[0]).toBe(DTKS_HEADER.map((h) => `"${h}"`).join('|'));
    const { rows } = dtksRows(dir);
    expect(rows.length).toBe(result.counts.dtksRows);
    for (const row of rows) expect(row.length).toBe(DTKS_HEADER.length);
    for (const line of text.split('\n').slice(1, -1)) expect(line.startsWith('"') && line.endsWith('"')).toBe(true);
    const ids = rows.map((r) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names only ids that exist in the truth files', () => {
    const p3keIds = new Set(p3keRows(dir).rows.map((r) => `${r[1]}-${r[9]}`));
    const dtksIds = new Set(dtksRows(dir).rows.map((r) => r[0]));
    const truth = csvObjects(dir, 'truth.csv');
    expect(truth.length).toBe(result.counts.truthPairs);
    expect(truth.length).toBeGreaterThan(0);
    for (const t of truth) {
      expect(p3keIds.has(t.p3ke_id!), t.p3ke_id).toBe(true);
      expect(dtksIds.has(t.dtks_id!), t.dtks_id).toBe(true);
    }
    // A DTKS record is one person: it appears in at most one true pair.
    const dtksInTruth = truth.map((t) => t.dtks_id);
    expect(new Set(dtksInTruth).size).toBe(dtksInTruth.length);
    const records = csvObjects(dir, 'truth_records.csv');
    expect(records.length).toBe(p3keIds.size + dtksIds.size);
  });
});

describe('generate (realism)', () => {
  let dir: string;
  let result: GenerateResult;
  beforeAll(() => {
    dir = join(root, 'large');
    result = generate({ out: dir, families: 3000, seed: 'rates', kabupaten: '3301' });
  });

  it('links roughly three quarters of P3KE persons to DTKS and keeps some on one side only', () => {
    const c = result.counts;
    const overlap = c.p3keLinked / c.p3kePersons;
    expect(overlap).toBeGreaterThan(0.7);
    expect(overlap).toBeLessThan(0.86);
    expect(c.dtksOnlyRows / c.dtksRows).toBeGreaterThan(0.05);
    expect(c.dtksDuplicateRows).toBeGreaterThan(0);
    expect(c.truthPairs).toBeGreaterThan(c.p3keLinked); // duplicates give two pairs
  });

  it('applies defects at roughly the configured rates', () => {
    const n = { p3ke: result.counts.p3kePersons, dtks: result.counts.dtksRows };
    const observed = (side: 'p3ke' | 'dtks', ...tags: string[]): number =>
      tags.reduce((sum, t) => sum + (result.defects[side][t] ?? 0), 0) / n[side];
    const checks: [side: 'p3ke' | 'dtks', rate: number, tags: string[]][] = [
      ['p3ke', DEFECTS.p3ke.nik_blank, ['nik_blank']],
      ['dtks', DEFECTS.dtks.nik_blank, ['nik_blank']],
      ['p3ke', DEFECTS.p3ke.nik_excel_zero16, ['nik_excel_zero16']],
      ['p3ke', DEFECTS.p3ke.nik_placeholder, ['nik_placeholder']],
      ['p3ke', DEFECTS.p3ke.name_typo, ['name_typo_sub', 'name_typo_del', 'name_typo_transpose', 'name_typo_ins']],
      ['dtks', DEFECTS.dtks.name_typo, ['name_typo_sub', 'name_typo_del', 'name_typo_transpose', 'name_typo_ins']],
      ['p3ke', DEFECTS.p3ke.date_missing, ['date_missing']],
      ['dtks', DEFECTS.dtks.date_missing, ['date_missing']],
      ['dtks', DEFECTS.dtks.date_placeholder, ['date_placeholder']],
      ['p3ke', DEFECTS.p3ke.date_fmt_serial, ['date_fmt_serial']],
      ['dtks', DEFECTS.dtks.name_lowercase, ['name_lowercase']],
    ];
    for (const [side, rate, tags] of checks) {
      const got = observed(side, ...tags);
      expect(got, `${side} ${tags.join('+')}: ${got.toFixed(4)} vs ${rate}`).toBeGreaterThan(rate * 0.65);
      expect(got, `${side} ${tags.join('+')}: ${got.toFixed(4)} vs ${rate}`).toBeLessThan(rate * 1.35);
    }
    // Children recorded under a parent's NIK happen at the configured per-child rate.
    expect(observed('p3ke', 'nik_parent')).toBeGreaterThan(0.005);
  });

  it('builds every intact NIK by the rules: official kecamatan, DDMMYY with +40 for women, serial', () => {
    const records = new Map(csvObjects(dir, 'truth_records.csv').map((r) => [`${r.source}:${r.id}`, r]));
    const p3ke = p3keRows(dir).rows.map((r) => ({ id: `${r[1]}-${r[9]}`, nik: r[11]!, sex: r[13] === 'Perempuan' ? 'P' : 'L', date: r[15]! }));
    const dtks = dtksRows(dir).rows.map((r) => ({ id: r[0]!, nik: r[10]!, sex: r[14] === 'PEREMPUAN' ? 'P' : 'L', date: r[12]! }));
    let checked = 0;
    let datesChecked = 0;
    const problems: string[] = [];
    for (const [source, list] of [['p3ke', p3ke], ['dtks', dtks]] as const) {
      for (const rec of list) {
        const truth = records.get(`${source}:${rec.id}`);
        if (!truth) {
          problems.push(`${source} ${rec.id}: not in truth_records.csv`);
          continue;
        }
        const defects = truth.defects!.split(' ').filter(Boolean);
        if (defects.some((d) => d.startsWith('nik_') || d === 'sex_wrong')) continue;
        checked++;
        const nik = rec.nik;
        const dd = Number(nik.slice(6, 8));
        const mm = Number(nik.slice(8, 10));
        const day = rec.sex === 'P' ? dd - 40 : dd;
        if (!/^\d{16}$/.test(nik)) problems.push(`${rec.id}: ${nik} is not 16 digits`);
        else if (regionByCode(nik.slice(0, 6))?.level !== 'kecamatan') problems.push(`${rec.id}: ${nik} names no official kecamatan`);
        else if (day < 1 || day > 31 || mm < 1 || mm > 12) problems.push(`${rec.id}: ${nik} has no valid DDMM for sex ${rec.sex}`);
        else if (nik.endsWith('0000')) problems.push(`${rec.id}: ${nik} has serial 0000`);
        // An undamaged date agrees with the NIK unless the registry itself got it wrong.
        const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(rec.date) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(rec.date);
        if (m && !defects.some((d) => d.startsWith('date_')) && !truth.traits!.includes('nik_date_differs')) {
          const [d, mo, y] = m[1]!.length === 4 ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
          const fromNik = `${String(day).padStart(2, '0')}${nik.slice(8, 12)}`;
          if (fromNik !== `${d}${mo}${y!.slice(2)}`) problems.push(`${rec.id}: NIK ${nik} vs date ${rec.date}`);
          datesChecked++;
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(0.7 * (p3ke.length + dtks.length));
    expect(datesChecked).toBeGreaterThan(0.5 * checked);
  });

  it('makes the hard cases: twins one NIK serial apart, shared common names, NIKs from elsewhere', () => {
    const rows = p3keRows(dir).rows;
    const records = new Map(csvObjects(dir, 'truth_records.csv').map((r) => [`${r.source}:${r.id}`, r]));
    const byPrefix = new Map<string, Set<string>>();
    for (const r of rows) {
      const rec = records.get(`p3ke:${r[1]}-${r[9]}`)!;
      if (!rec.traits!.includes('twin') || !/^\d{16}$/.test(r[11]!)) continue;
      const key = r[11]!.slice(0, 15);
      byPrefix.set(key, (byPrefix.get(key) ?? new Set()).add(rec.person_key!));
    }
    expect([...byPrefix.values()].some((people) => people.size >= 2)).toBe(true);

    const names = new Map<string, Set<string>>();
    for (const r of rows) {
      const key = records.get(`p3ke:${r[1]}-${r[9]}`)!.person_key!;
      names.set(r[10]!, (names.get(r[10]!) ?? new Set()).add(key));
    }
    expect([...names.values()].filter((people) => people.size >= 3).length).toBeGreaterThan(10);

    const elsewhere = rows.filter((r) => /^\d{16}$/.test(r[11]!) && !r[11]!.startsWith('3301')).length / rows.length;
    expect(elsewhere).toBeGreaterThan(0.05);
    expect(POPULATION.nikOtherKabupaten).toBeGreaterThan(0);
  });

  it('makes split families, moves and duplicates visible in the truth', () => {
    const traits = csvObjects(dir, 'truth.csv').flatMap((t) => t.traits!.split(' '));
    for (const trait of ['split_kk', 'moved_desa', 'dtks_duplicate', 'twin', 'common_name', 'nik_other_kabupaten']) {
      expect(traits, trait).toContain(trait);
    }
  });
});

describe('generate (options)', () => {
  it('stops at a --persons target and honours the comma delimiter and persentil column', () => {
    const dir = join(root, 'persons');
    const result = generate({ out: dir, persons: 500, seed: 3, p3keDelimiter: ',', persentil: true });
    expect(result.counts.p3kePersons).toBeGreaterThanOrEqual(500);
    expect(result.counts.p3kePersons).toBeLessThan(520);
    const { header, rows } = p3keRows(dir, ',');
    expect(header.slice(0, 9)).toEqual(['No', 'ID Keluarga', 'Provinsi', 'Kabupaten', 'Kecamatan', 'Desa', 'Kode Kemendagri', 'Desil Kesejahteraan', 'Persentil']);
    for (const row of rows) {
      expect(row.length).toBe(header.length);
      const desil = Number(row[7]!.replace('Desil ', ''));
      const persentil = Number(row[8]);
      expect(persentil).toBeGreaterThanOrEqual(1);
      expect(persentil).toBeLessThanOrEqual(40);
      expect(Math.abs(desil - Math.ceil(persentil / 10))).toBeLessThanOrEqual(1);
    }
  });

  it('gives clean data with defectScale 0', () => {
    const dir = join(root, 'clean');
    const result = generate({ out: dir, families: 100, seed: 4, defectScale: 0 });
    expect(result.defects.p3ke).toEqual({});
    expect(result.defects.dtks).toEqual({});
    for (const r of p3keRows(dir).rows) expect(r[11]).toMatch(/^\d{16}$/);
  });

  it('rejects a code that is not a kabupaten', () => {
    expect(() => generate({ out: join(root, 'bad'), families: 10, kabupaten: '320501' })).toThrow(/kabupaten/);
  });
});

describe('command line', () => {
  const script = join(process.cwd(), 'dist', 'scripts', 'generate-fixtures.js');

  it('writes the files and says so on stderr', () => {
    const dir = join(root, 'cli');
    const run = spawnSync(process.execPath, [script, '--families', '20', '--seed', '5', '--out', dir], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/p3ke\.csv: \d+ persons in 20 families/);
    expect(run.stdout).toBe('');
    expect(read(dir, 'truth.csv').startsWith('p3ke_id,dtks_id,')).toBe(true);
  });

  it('exits 2 on a usage error', () => {
    const run = spawnSync(process.execPath, [script, '--families', 'many'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--families/);
  });
});
