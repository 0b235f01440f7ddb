// Duplicates inside one source: records sharing one valid NIK, and records the model says are the
// same person because both match one record on the other side strongly.
import { KeyTable } from './blocking.js';
import { NIK_VALID, type SideTable } from './features.js';
import type { DuplicateGroup } from './types.js';

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(x: number, y: number): void {
    const a = this.find(x);
    const b = this.find(y);
    if (a !== b) this.parent[a < b ? b : a] = a < b ? a : b;
  }
}

function groupsOf(side: SideTable, uf: UnionFind, members: Iterable<number>): number[][] {
  const byRoot = new Map<number, number[]>();
  for (const i of members) {
    const root = uf.find(i);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(i);
  }
  const groups = [...byRoot.values()].filter((g) => g.length > 1).map((g) => g.map((i) => side.recordId[i]!).sort((x, y) => x - y));
  groups.sort((x, y) => x[0]! - y[0]!);
  return groups;
}

/** Records of one side sharing a valid NIK. */
export function sameNikGroups(side: SideTable): number[][] {
  const table = new KeyTable(side.n);
  const first = new Int32Array(table.keys.length).fill(-1);
  const uf = new UnionFind(side.n);
  const members: number[] = [];
  for (let i = 0; i < side.n; i++) {
    if (side.nikLen[i] !== 16 || side.nikStatus[i] !== NIK_VALID) continue;
    const s = table.insert(side.nikHi[i]! * 1e8 + side.nikLo[i]!);
    if (first[s] === -1) first[s] = i;
    else {
      // float keys of Papua NIKs can collide: confirm the digits
      const f = first[s]!;
      if (side.nikHi[f] !== side.nikHi[i] || side.nikLo[f] !== side.nikLo[i]) continue;
      uf.union(f, i);
      members.push(f, i);
    }
  }
  return groupsOf(side, uf, new Set(members));
}

/** Records of one side that strongly match the same record on the other side. */
export function samePersonGroups(side: SideTable, pairs: readonly [number, number][]): number[][] {
  const uf = new UnionFind(side.n);
  const members = new Set<number>();
  for (const [x, y] of pairs) {
    uf.union(x, y);
    members.add(x);
    members.add(y);
  }
  return groupsOf(side, uf, members);
}

/** Numbered groups per source: NIK groups first, then model groups, numbers never reused. */
export function numberGroups(source: SideTable['source'], sameNik: number[][], samePerson: number[][]): DuplicateGroup[] {
  let group = 0;
  return [
    ...sameNik.map((recordIds) => ({ source, group: ++group, reason: 'same_nik' as const, recordIds })),
    ...samePerson.map((recordIds) => ({ source, group: ++group, reason: 'same_person' as const, recordIds })),
  ];
}
