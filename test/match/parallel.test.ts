// The worker thread runs compiled JavaScript only: this test uses the build in dist/ (npm test
// builds it first) and is skipped when there is none, or when it is older than the sources.
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synthPopulation } from './synth.js';

const built = new URL('../../dist/src/match/index.js', import.meta.url);
const worker = new URL('../../dist/src/match/compare-worker.js', import.meta.url);
const sources = ['parallel.ts', 'compare-worker.ts', 'blocking.ts', 'comparisons.ts', 'index.ts'].map((f) => new URL(`../../src/match/${f}`, import.meta.url));
const fresh = existsSync(built) && existsSync(worker) && sources.every((s) => statSync(s).mtimeMs <= statSync(built).mtimeMs + 1 && statSync(s).mtimeMs <= statSync(worker).mtimeMs + 1);

describe.skipIf(!fresh)('two threads', () => {
  it('give exactly the result of one', async () => {
    const { matchRecords } = (await import(built.href)) as typeof import('../../src/match/index.js');
    const pop = synthPopulation({ families: 8000, seed: 13 });
    const strip = (o: ReturnType<typeof matchRecords>) => ({ ...o, stats: { ...o.stats, timingsMs: {}, pairsPerSecond: 0 } });
    const one = matchRecords(pop.p3ke, pop.dtks, { threads: 1 });
    const two = matchRecords(pop.p3ke, pop.dtks, { threads: 2 });
    expect(strip(two)).toEqual(strip(one));
  });
});
