// A large sheet is streamed: ingesting a workbook ten times longer must not need much more
// memory. Peak RSS of the CLI (worker thread included) via the benchmarks' rss-hook.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DTKS_HEADER, dtksRow } from '../ingest/helpers.js';
import { PADAN, ROOT, tempDir } from '../helpers/cli.js';
import { writeLargeWorkbook } from '../helpers/workbook.js';

const RSS_HOOK = join(ROOT, 'dist', 'scripts', 'rss-hook.js');
const LARGE = 100_000;
const SMALL = 10_000;
/** Growth allowed from the small sheet to the large one; a sheet held in memory takes ~10x more. */
const GROWTH_MB = 64;

const person = (i: number): string[] =>
  dtksRow(`D${String(i).padStart(7, '0')}`, {
    nik: String(3275010101800001 + i * 7),
    kk: String(3275010101100001 + (i >> 2)),
    nama: `${['SITI AMINAH', 'BUDI SANTOSO', 'AGUS SALIM', 'DEWI LESTARI'][i % 4]} ${i % 997}`,
  });

function ingest(path: string, db: string): { accepted: number; peakRssMb: number } {
  const result = spawnSync(process.execPath, ['--import', RSS_HOOK, PADAN, 'ingest', 'dtks', path, '--db', db, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 24,
  });
  expect(result.status, result.stderr).toBe(0);
  const rss = /padan-bench-maxrss-kb (\d+)/.exec(result.stderr);
  expect(rss, 'the rss hook reports').not.toBeNull();
  return { accepted: (JSON.parse(result.stdout) as { accepted: number }).accepted, peakRssMb: Number(rss![1]) / 1024 };
}

describe('a large sheet', () => {
  const dir = tempDir('e2e-xlsx-large');
  afterAll(() => dir.remove());

  it(`ingests ${LARGE.toLocaleString('en-US')} rows with about the memory of ${SMALL.toLocaleString('en-US')}`, { timeout: 900_000 }, async () => {
    const small = join(dir.path, 'small.xlsx');
    const large = join(dir.path, 'large.xlsx');
    await writeLargeWorkbook(small, SMALL, DTKS_HEADER, person);
    await writeLargeWorkbook(large, LARGE, DTKS_HEADER, person);
    const a = ingest(small, join(dir.path, 'small.db'));
    const b = ingest(large, join(dir.path, 'large.db'));
    expect(a.accepted).toBe(SMALL);
    expect(b.accepted).toBe(LARGE);
    expect(b.peakRssMb, `peak RSS ${a.peakRssMb.toFixed(0)} MB for ${SMALL} rows, ${b.peakRssMb.toFixed(0)} MB for ${LARGE}`).toBeLessThan(a.peakRssMb + GROWTH_MB);
  });
});
