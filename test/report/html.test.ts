// The report page's data and markup, on a real store made by the CLI from the fixtures (two runs),
// checked against the CSVs of the same run.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../src/report/html/charts.js';
import { pageData, type PageData } from '../../src/report/html/data.js';
import { renderPage } from '../../src/report/html/page.js';
import type { ReportResult } from '../../src/report/write-reports.js';
import { openStore, type OpenStore } from '../../src/store/open.js';
import { latestRun, type Run } from '../../src/store/runs.js';
import { PadanError } from '../../src/util/errors.js';
import { FIXTURES, padan, tempDir } from '../helpers/cli.js';
import { readReportCsv as csv, withoutHashes } from '../helpers/report.js';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('report page data and markup', () => {
  const dir = tempDir('html-data');
  const db = join(dir.path, 'padan.db');
  const out = join(dir.path, 'out');
  let store: OpenStore;
  let run: Run;
  let result: ReportResult;
  let data: PageData;

  beforeAll(() => {
    // Two runs, so the trend has two points; the second writes the CSVs the page is checked against.
    expect(padan(['run', join(FIXTURES, 'p3ke.csv'), join(FIXTURES, 'dtks.csv'), '--db', db, '--out', join(dir.path, 'first'), '--threshold', '0.95']).status).toBe(0);
    const second = padan(['run', join(FIXTURES, 'p3ke.csv'), join(FIXTURES, 'dtks.csv'), '--db', db, '--out', out, '--force', '--json']);
    expect(second.status).toBe(0);
    result = JSON.parse(second.stdout) as ReportResult;
    store = openStore(db, { write: false, mustExist: true });
    run = latestRun(store.db)!;
    data = pageData(store.db, run, result, { lang: 'id' });
  });
  afterAll(() => {
    store.close();
    dir.remove();
  });

  it('counts the P3KE-only persons per kecamatan and desa as p3ke_only.csv lists them', () => {
    const rows = csv(join(out, 'p3ke_only.csv'));
    expect(sum(data.kecamatan.map((k) => sum(k.persons)))).toBe(rows.length);
    expect(rows.length).toBe(result.counts.p3ke_only);
    for (const k of data.kecamatan) {
      const desa = data.desa[k.code] ?? [];
      expect(sum(desa.map((d) => sum(d.persons)))).toBe(sum(k.persons));
      expect(sum(desa.map((d) => sum(d.families)))).toBe(sum(k.families));
      const inCsv = rows.filter((r) => r.kode_desa?.startsWith(k.code));
      expect(sum(k.persons)).toBe(inCsv.length);
      // per desil: the slot of each desil holds the rows of that desil
      data.desils.forEach((desil, slot) => {
        expect(k.persons[slot]).toBe(inCsv.filter((r) => r.desil === (desil === null ? '' : String(desil))).length);
      });
    }
  });

  it('counts a family when none of its members is linked to DTKS', () => {
    const linkedFamilies = new Set(csv(join(out, 'matches.csv')).map((r) => r.p3ke_family_id));
    const unlinkedFamilies = new Set(csv(join(out, 'p3ke_only.csv')).map((r) => r.p3ke_family_id));
    const wholly = [...unlinkedFamilies].filter((f) => !linkedFamilies.has(f));
    expect(wholly.length).toBeGreaterThan(0);
    expect(sum(data.kecamatan.map((k) => sum(k.families)))).toBe(wholly.length);
  });

  it('names areas from the official Kemendagri list', () => {
    expect(data.kecamatan.map((k) => [k.code, k.name])).toEqual(
      expect.arrayContaining([
        ['121209', 'Lumban Julu'],
        ['121220', 'Siantar Narumonda'],
      ]),
    );
    expect(data.desa['121220']?.map((d) => d.name)).toContain('Narumonda VI'); // the export says NARUMONDA VI
  });

  it('sorts NIK quality into valid, missing, mangled and invalid, all records counted', () => {
    const total = (side: 'p3ke' | 'dtks'): number[] => [0, 1, 2, 3].map((i) => sum(data.kecamatan.map((k) => k.nik[side][i] ?? 0)));
    expect(sum(total('p3ke'))).toBe(result.persons.p3ke);
    expect(sum(total('dtks'))).toBe(result.persons.dtks);
    const invalid = csv(join(out, 'invalid_nik.csv'));
    const notValid = (source: string): number => invalid.filter((r) => r.source === source).length;
    expect(sum(total('p3ke').slice(1))).toBe(notValid('p3ke'));
    expect(sum(total('dtks').slice(1))).toBe(notValid('dtks'));
    expect(total('p3ke')[2]).toBe(invalid.filter((r) => r.source === 'p3ke' && r.nik_status === 'excel_mangled').length);
  });

  it('has the trend of both runs and the family patterns of families.csv', () => {
    expect(data.trend.map((p) => p.runId)).toEqual([1, 2]);
    expect(data.trend[1]).toMatchObject({ matches: result.counts.matches, review: result.counts.review, p3keOnly: result.counts.p3ke_only, dtksOnly: result.counts.dtks_only, nikConflict: result.counts.nik_conflict });
    const families = csv(join(out, 'families.csv'));
    for (const pattern of ['same', 'split', 'merged', 'partial'] as const) {
      expect(data.families[pattern]).toBe(families.filter((f) => f.pattern === pattern).length);
    }
  });

  it('carries no NIK, KK or name without --with-names; with it, desil 1 persons with masked NIKs', () => {
    const page = renderPage(data);
    expect(withoutHashes(page)).not.toMatch(/\d{16}/);
    const names = csv(join(out, 'p3ke_only.csv')).map((r) => r.nama ?? '');
    for (const name of names.filter((n) => n.length > 3)) expect(page).not.toContain(name);
    expect(data.names).toBeNull();

    const withNames = pageData(store.db, run, result, { lang: 'id', withNames: true });
    const desil1 = csv(join(out, 'p3ke_only.csv')).filter((r) => r.desil === '1');
    expect(withNames.names).toHaveLength(Math.min(500, desil1.length));
    const named = renderPage(withNames);
    expect(withoutHashes(named)).not.toMatch(/\d{16}/);
    expect(named).toMatch(/\d{6}\*{6}\d{4}/);
    expect(named).toContain(desil1[0]?.nama);
  });

  it('--kecamatan by code or name opens on its desa; an unknown one is a usage error listing the choices', () => {
    expect(pageData(store.db, run, result, { lang: 'id', kecamatan: '121209' }).selected).toBe('121209');
    expect(pageData(store.db, run, result, { lang: 'id', kecamatan: 'siantar narumonda' }).selected).toBe('121220');
    const page = renderPage(pageData(store.db, run, result, { lang: 'id', kecamatan: 'Lumban Julu' }));
    expect(page).toContain('<div id="desa">');
    expect(page).toContain('di Lumban Julu, per desa');
    expect(data.selected).toBeNull();
    expect(renderPage(data)).toContain('<div id="desa" hidden>');
    try {
      pageData(store.db, run, result, { lang: 'en', kecamatan: 'Atlantis' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PadanError);
      expect((error as PadanError).exitCode).toBe(2);
      expect((error as PadanError).hint).toContain('121209 Lumban Julu');
    }
  });

  it('speaks Indonesian or English, and fetches nothing', () => {
    const id = renderPage(data);
    const en = renderPage({ ...pageData(store.db, run, result, { lang: 'en' }) });
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Jumlah per kategori');
    expect(id).toContain('hanya di P3KE (tidak ada di DTKS)');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Counts per category');
    expect(en).not.toContain('Jumlah per kategori');
    for (const page of [id, en]) {
      expect(page).not.toMatch(/\b(src|href)=|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
      // The embedded JSON cannot close its script element.
      const json = /<script type="application\/json" id="padan-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
      expect(json).not.toContain('<');
      expect(JSON.parse(json)).toHaveProperty('desa');
    }
    expect(id).toContain(`p3ke.csv`);
    expect(id).toContain(`Proses ${run.id} padan`);
  });
  it('escapes what comes from the exports: file names and area names as exported', () => {
    const hostile = '</script><img src=x onerror=alert(1)>';
    const [first] = data.kecamatan;
    const page = renderPage({
      ...data,
      inputs: data.inputs.map((i) => ({ ...i, file: `${hostile}.csv` })),
      kecamatan: first ? [{ ...first, name: hostile }, ...data.kecamatan.slice(1)] : [],
      desa: Object.fromEntries(Object.entries(data.desa).map(([code, list]) => [code, list.map((d) => ({ ...d, name: hostile }))])),
    });
    expect(page).not.toContain('<img');
    expect(page.match(/<\/script>/g)).toHaveLength(2); // the page's own two script elements
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;.csv');
  });
});

describe('charts', () => {
  it('draws one bar per row, one rectangle per non-empty segment, and escapes text', () => {
    const svg = barChart({
      title: 'a <b> & "c"',
      series: [
        { label: 'one', colour: '#111' },
        { label: '<two>', colour: '#222' },
      ],
      rows: [
        { label: '<script>alert(1)</script>', values: [3, 0] },
        { label: 'Desa B', values: [1, 2] },
      ],
    });
    expect(svg.match(/<g class="bar">/g)).toHaveLength(2);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('aria-label="a &lt;b&gt; &amp; &quot;c&quot;"');
  });

  it('scales bars to the largest total, or each to 100 % as shares', () => {
    const widths = (svg: string): number[] => [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    const spec = { title: 't', series: [{ label: 's', colour: '#000' }], rows: [{ label: 'a', values: [10] }, { label: 'b', values: [5] }] };
    const [a, b] = widths(barChart(spec));
    expect(a).toBeCloseTo(2 * (b ?? 0), 5);
    const [pa, pb] = widths(barChart({ ...spec, percent: true }));
    expect(pa).toBeCloseTo(pb ?? 0, 5);
  });

  it('draws one point per run and series', () => {
    const svg = lineChart('trend', ['#1', '#2', '#3'], [
      { label: 'x', colour: '#000', values: [1, 2, 3] },
      { label: 'y', colour: '#f00', values: [3, 2, 1] },
    ]);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(6);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
  });
});
