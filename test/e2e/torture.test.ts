// Crash safety: `padan run` killed with SIGKILL at 30 seeded random moments spread over ingest,
// match and report (scripts/torture.ts does the killing and the checks; `npm run torture` does more).
import { describe, expect, it } from 'vitest';
import { PHASES, torture } from '../../scripts/torture.js';

describe('SIGKILL at random moments of padan run', () => {
  it('never corrupts the store, never changes last night, never shows half a file; the re-run gives the same reports', async () => {
    const result = await torture({ kills: 30, persons: 200, seed: 'suite', rerunEvery: 5 });
    expect(result.failures).toEqual([]);
    expect(result.kills.length).toBeGreaterThanOrEqual(30);
    // Every phase was aimed at, and the kills landed in at least three different phases.
    for (const phase of PHASES) expect(result.kills.filter((k) => k.phase === phase).length).toBeGreaterThan(0);
    expect(new Set(result.kills.map((k) => k.killedIn)).size).toBeGreaterThanOrEqual(3);
  }, 600_000);
});
