// Family level: P3KE families (one KK) and DTKS households (possibly several KKs) linked through
// their members. One row per P3KE family × DTKS household that share at least one linked person.
import type { MatchInput } from './features.js';
import type { FamilyLink, FamilyPattern } from './types.js';

/**
 * `links` are (P3KE index, DTKS index) pairs of confident person links. Pattern per row: `split`
 * when the family spreads over several households, `merged` when the household holds several
 * families, `same` when one-to-one with every member on both sides linked, else `partial`.
 */
export function familyLinks(input: MatchInput, links: readonly [number, number][]): FamilyLink[] {
  const L = input.p3ke;
  const R = input.dtks;
  const nFamilies = L.familyIds.length;
  const nHouseholds = R.familyIds.length;
  const familySize = new Int32Array(nFamilies);
  for (let i = 0; i < L.n; i++) if (L.family[i]! >= 0) familySize[L.family[i]!]!++;
  const householdSize = new Int32Array(nHouseholds);
  for (let j = 0; j < R.n; j++) if (R.family[j]! >= 0) householdSize[R.family[j]!]!++;

  const edges = new Map<number, number>();
  for (const [i, j] of links) {
    const f = L.family[i]!;
    const h = R.family[j]!;
    if (f < 0 || h < 0) continue;
    const key = f * nHouseholds + h;
    edges.set(key, (edges.get(key) ?? 0) + 1);
  }
  const householdsOf = new Int32Array(nFamilies);
  const familiesOf = new Int32Array(nHouseholds);
  for (const key of edges.keys()) {
    householdsOf[Math.floor(key / nHouseholds)]!++;
    familiesOf[key % nHouseholds]!++;
  }
  const out: FamilyLink[] = [];
  for (const [key, linked] of edges) {
    const f = Math.floor(key / nHouseholds);
    const h = key % nHouseholds;
    let pattern: FamilyPattern;
    if (householdsOf[f]! > 1) pattern = 'split';
    else if (familiesOf[h]! > 1) pattern = 'merged';
    else if (linked === familySize[f] && linked === householdSize[h]) pattern = 'same';
    else pattern = 'partial';
    out.push({
      p3keFamilyId: L.familyIds[f]!,
      dtksHouseholdId: R.familyIds[h]!,
      p3keMembers: familySize[f]!,
      dtksMembers: householdSize[h]!,
      linkedMembers: linked,
      pattern,
    });
  }
  out.sort((x, y) =>
    x.p3keFamilyId < y.p3keFamilyId ? -1 : x.p3keFamilyId > y.p3keFamilyId ? 1 : x.dtksHouseholdId < y.dtksHouseholdId ? -1 : x.dtksHouseholdId > y.dtksHouseholdId ? 1 : 0,
  );
  return out;
}
