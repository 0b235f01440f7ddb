import { describe, expect, it } from 'vitest';
import { familyLinks } from '../../src/match/families.js';
import { buildMatchInput } from '../../src/match/features.js';
import { matchRecords } from '../../src/match/index.js';
import { record } from './factory.js';
import { synthPopulation } from './synth.js';

describe('family links from person links', () => {
  // P3KE families F1..F5, DTKS households H1..H5; persons linked by index
  const left = [
    ...['F1', 'F1', 'F1'],
    ...['F2', 'F2', 'F2', 'F2'],
    ...['F3', 'F3', 'F4', 'F4'],
    ...['F5', 'F5', 'F5'],
  ].map((familyId) => record({ familyId }));
  const right = [...['H1', 'H1', 'H1'], ...['H2', 'H2', 'H3', 'H3'], ...['H4', 'H4', 'H4', 'H4'], ...['H5', 'H5', 'H5']].map((familyId) => record({ familyId }));
  const input = buildMatchInput(left, right);
  const links: [number, number][] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((k) => [k, k]); // F5's third member unlinked
  const rows = familyLinks(input, links);
  const row = (f: string, h: string) => rows.find((r) => r.p3keFamilyId === f && r.dtksHouseholdId === h);

  it('same: one-to-one, every member linked on both sides', () => {
    expect(row('F1', 'H1')).toEqual({ p3keFamilyId: 'F1', dtksHouseholdId: 'H1', p3keMembers: 3, dtksMembers: 3, linkedMembers: 3, pattern: 'same' });
  });
  it('split: one P3KE family over several DTKS households (a married child with a new KK)', () => {
    expect(row('F2', 'H2')).toMatchObject({ p3keMembers: 4, dtksMembers: 2, linkedMembers: 2, pattern: 'split' });
    expect(row('F2', 'H3')).toMatchObject({ pattern: 'split' });
  });
  it('merged: several P3KE families in one DTKS household', () => {
    expect(row('F3', 'H4')).toMatchObject({ p3keMembers: 2, dtksMembers: 4, linkedMembers: 2, pattern: 'merged' });
    expect(row('F4', 'H4')).toMatchObject({ pattern: 'merged' });
  });
  it('partial: one-to-one, not every member linked', () => {
    expect(row('F5', 'H5')).toMatchObject({ p3keMembers: 3, dtksMembers: 3, linkedMembers: 2, pattern: 'partial' });
  });
  it('one row per family × household, sorted', () => {
    expect(rows.map((r) => `${r.p3keFamilyId}|${r.dtksHouseholdId}`)).toEqual(['F1|H1', 'F2|H2', 'F2|H3', 'F3|H4', 'F4|H4', 'F5|H5']);
  });
});

describe('families in a run', () => {
  it('only confident links count, and patterns appear on a synthetic population', () => {
    const pop = synthPopulation({ families: 400, seed: 9 });
    const out = matchRecords(pop.p3ke, pop.dtks);
    const patterns = new Set(out.families.map((f) => f.pattern));
    expect(patterns.has('same')).toBe(true);
    expect(patterns.has('split')).toBe(true);
    const linked = out.families.reduce((s, f) => s + f.linkedMembers, 0);
    expect(linked).toBe(out.links.filter((l) => l.status === 'match').length);
  });
});
