// report.html end to end: written by run and report, opened in headless Chromium with the network
// cut off, and the --lang option for the page, the terminal summary and error messages.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { qualityByDesa } from '../../src/store/quality.js';
import { latestRun } from '../../src/store/runs.js';
import { FIXTURES, ROOT, padan, tempDir } from '../helpers/cli.js';
import { readReportCsv as csv, withoutHashes } from '../helpers/report.js';

const P3KE = join(FIXTURES, 'p3ke.csv');
const DTKS = join(FIXTURES, 'dtks.csv');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');

describe('report.html', () => {
  const dir = tempDir('e2e-html');
  const db = join(dir.path, 'padan.db');
  const nightly = join(dir.path, 'nightly');
  afterAll(() => dir.remove());

  let result: ReturnType<typeof padan>;
  beforeAll(() => {
    // A first night with a stricter threshold, so the page has a trend of two runs.
    expect(padan(['run', P3KE, DTKS, '--db', db, '--out', join(dir.path, 'first'), '--threshold', '0.95']).status).toBe(0);
    result = padan(['run', P3KE, DTKS, '--db', db, '--out', nightly, '--force', '--format', 'csv,html', '--json']);
  });

  it('run --format csv,html writes the page beside the CSVs', () => {
    expect(result.status).toBe(0);
    const files = (JSON.parse(result.stdout) as { files: { category: string; path: string }[] }).files;
    expect(files.find((f) => f.category === 'html')?.path).toBe(join(nightly, 'report.html'));
    expect(readdirSync(nightly)).toEqual(expect.arrayContaining(['report.html', 'p3ke_only.csv', 'matches.csv', 'summary.json', 'changes.csv']));
    expect(statSync(join(nightly, 'report.html')).mode & 0o777).toBe(0o600);
    const page = readFileSync(join(nightly, 'report.html'), 'utf8');
    expect(page).toContain('<html lang="id">'); // officials read it: Indonesian by default
    expect(page).toContain('Proses 2 padan');
    expect(page).toContain('p3ke.csv');
    expect(page).toContain('dtks.csv');
    expect(withoutHashes(page)).not.toMatch(/\d{16}/);
    for (const row of csv(join(nightly, 'p3ke_only.csv'))) expect(page).not.toContain(row.nama);
  });

  it('report --format html writes only the page (and summary.json); --lang en makes it English', () => {
    const out = join(dir.path, 'english');
    const result = padan(['report', '--db', db, '--out', out, '--format', 'html', '--lang', 'en']);
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'summary.json']);
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Counts per category');
    expect(result.stdout).toContain('run 2:'); // the terminal speaks English too
  });

  it('--with-names lists desil 1 persons with masked NIKs; --kecamatan opens on its desa', () => {
    const out = join(dir.path, 'names');
    expect(padan(['report', '--db', db, '--out', out, '--format', 'html', '--with-names', '--kecamatan', 'Lumban Julu']).status).toBe(0);
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(withoutHashes(page)).not.toMatch(/\d{16}/);
    expect(page).toMatch(/\d{6}\*{6}\d{4}/);
    expect(page).toContain('di Lumban Julu, per desa');
    const unknown = padan(['report', '--db', db, '--out', out, '--format', 'html', '--kecamatan', 'Atlantis']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--kecamatan: no kecamatan "Atlantis"');
  });

  it('an unknown format is a usage error', () => {
    const result = padan(['report', '--db', db, '--out', join(dir.path, 'x'), '--format', 'csv,pdf']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown format pdf');
  });

  const skip = !existsSync(CHROMIUM);
  if (skip) console.warn(`report.html browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run does)`);
  describe.skipIf(skip)(`in headless Chromium (${CHROMIUM})`, () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders every chart with the expected bars, no console error, no network; a kecamatan shows its desa', async () => {
      // The expected bars, from the CSVs and the store rather than from the page's own data.
      const p3keOnly = csv(join(nightly, 'p3ke_only.csv'));
      const kecamatanWithP3keOnly = new Set(p3keOnly.map((r) => r.kode_desa?.slice(0, 6)));
      const store = openStore(db, { write: false, mustExist: true });
      const run = latestRun(store.db)!;
      // one NIK-quality bar per kecamatan and source with records there
      const nikBars = [run.p3keSnapshotId, run.dtksSnapshotId].reduce((n, snapshot) => n + new Set(qualityByDesa(store.db, snapshot).map((q) => q.kodeKecamatan)).size, 0);
      store.close();

      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(join(nightly, 'report.html')).href);

      const bars = (selector: string) => page.locator(`${selector} g.bar`).count();
      const charts = page.locator('svg.chart');
      for (let i = 0; i < (await charts.count()); i += 1) {
        const box = await charts.nth(i).boundingBox();
        expect(box?.width).toBeGreaterThan(100);
        expect(box?.height).toBeGreaterThan(10);
      }
      expect(await page.locator('#p3ke-only > svg.chart').count()).toBe(2); // persons and families
      expect(await bars('#p3ke-only > svg.chart:nth-of-type(1)')).toBe(kecamatanWithP3keOnly.size);
      expect(await page.locator('#p3ke-only > svg.chart').first().locator('rect').count()).toBeGreaterThanOrEqual(kecamatanWithP3keOnly.size);
      expect(await bars('#nik-quality')).toBe(nikBars);
      expect(await page.locator('#trend circle.point').count()).toBe(2 * 5);
      expect(await bars('#families')).toBe(4);
      expect(await page.locator('#desa').isHidden()).toBe(true);

      const kecamatan = '121220';
      await page.selectOption('#kecamatan', kecamatan);
      await expect.poll(() => page.locator('#desa').isVisible()).toBe(true);
      const desaWithP3keOnly = new Set(p3keOnly.filter((r) => r.kode_desa?.startsWith(kecamatan)).map((r) => r.kode_desa));
      expect(await page.locator('#desa svg.chart').count()).toBe(3);
      expect(await bars('#desa svg.chart:nth-of-type(1)')).toBe(desaWithP3keOnly.size);
      expect(await page.locator('#desa h3').textContent()).toContain('Siantar Narumonda');

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      // Printable to A4: Chromium's print path lays it out on A4 pages.
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(6);

      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });
  });
});

describe('--lang and LANG', () => {
  const dir = tempDir('e2e-lang');
  afterAll(() => dir.remove());
  const missing = (): string => join(dir.path, 'none.db');

  it('error messages speak English by default', () => {
    const result = padan(['status', '--db', missing()], { env: { LANG: 'C.UTF-8' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`padan: no store at ${missing()}\n  hint: ingest an export first (padan ingest p3ke FILE), or pass --db PATH\n`);
  });

  it.each([
    ['--lang id', ['--lang', 'id'], { LANG: 'C.UTF-8' }],
    ['LANG=id_ID.UTF-8', [], { LANG: 'id_ID.UTF-8' }],
  ])('error messages speak Indonesian with %s', (_name, args, env) => {
    const result = padan(['status', '--db', missing(), ...args], { env });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`padan: tidak ada penyimpanan di ${missing()}\n  saran: muat ekspor dulu (padan ingest p3ke BERKAS), atau berikan --db JALUR\n`);
  });

  it('--lang en wins over an Indonesian LANG', () => {
    expect(padan(['status', '--db', missing(), '--lang', 'en'], { env: { LANG: 'id_ID.UTF-8' } }).stderr).toContain('no store at');
  });

  it('an error raised in the parse worker speaks the language asked for', () => {
    const empty = join(dir.path, 'empty.csv');
    writeFileSync(empty, '');
    const result = padan(['ingest', 'p3ke', empty, '--db', join(dir.path, 'w.db'), '--lang', 'id']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${empty}: berkas kosong`);
  });

  it('the terminal summary and the run log speak Indonesian with --lang id', () => {
    const result = padan(['run', P3KE, DTKS, '--db', join(dir.path, 'r.db'), '--out', join(dir.path, 'out'), '--lang', 'id']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^proses 1: 1\.182 orang P3KE, 1\.165 orang DTKS$/m);
    expect(result.stdout).toMatch(/hanya di P3KE \(tidak ada di DTKS\) +\d[\d.]* +\d+,\d%/);
    expect(result.stdout).toContain(`laporan di ${join(dir.path, 'out')}`);
    // and so do the lines the nightly job logs on stderr
    expect(result.stderr).toMatch(/^p3ke .*p3ke\.csv: 1\.182 baris dibaca, 1\.182 diterima, 0 ditolak /m);
    expect(result.stderr).toMatch(/^proses 1: 1\.182 orang P3KE x 1\.165 orang DTKS -> [\d.]+ cocok/m);
    expect(readdirSync(join(dir.path, 'out'))).not.toContain('report.html'); // csv is the default format
  });
});
