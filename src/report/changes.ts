// What changed between two runs, per category, by keys that are stable across runs (source ids).
import type { Db } from '../store/open.js';
import type { Run } from '../store/runs.js';
import { snapshotById } from '../store/snapshots.js';
import { CATEGORIES, type Category, type CategoryName, type CategoryRow, type ReportContext } from './categories.js';

/** Categories whose rows are findings an officer acts on; matches and families show progress. */
export const TRACKED: readonly CategoryName[] = ['p3ke_only', 'dtks_only', 'field_mismatch', 'nik_conflict', 'duplicates', 'invalid_nik', 'review', 'matches', 'families'];

export interface CategoryChange {
  category: CategoryName;
  added: { key: string; detail: string }[];
  resolved: { key: string; detail: string }[];
  persisting: number;
}

export function contextOf(db: Db, run: Run, maskNik = false): ReportContext {
  const p3ke = snapshotById(db, run.p3keSnapshotId);
  const dtks = snapshotById(db, run.dtksSnapshotId);
  if (!p3ke || !dtks) throw new Error(`run ${run.id}: its snapshots are no longer in the store (purged?)`);
  return { db, run, p3ke, dtks, maskNik };
}

export const detailOf = (category: Category, row: CategoryRow): string => category.detail?.(row) ?? '';

function keyed(category: Category, context: ReportContext): Map<string, string> {
  const keys = new Map<string, string>();
  for (const row of category.rows(context)) keys.set(row.key, detailOf(category, row));
  return keys;
}

/**
 * Findings of `after` that `before` did not have (added), that it had and are gone (resolved).
 * With `maskNik`, keys that hold a KK (a DTKS household) are masked on both sides alike.
 * `afterKeys`: the keys and details of `after` per tracked category, when the caller has them
 * (made with the same `maskNik`).
 */
export function diffRuns(db: Db, before: Run, after: Run, maskNik = false, afterKeys?: ReadonlyMap<CategoryName, ReadonlyMap<string, string>>): CategoryChange[] {
  const contextBefore = contextOf(db, before, maskNik);
  const contextAfter = contextOf(db, after, maskNik);
  return TRACKED.map((name) => {
    const category = CATEGORIES.find((c) => c.name === name)!;
    const old = keyed(category, contextBefore);
    const now = afterKeys?.get(name) ?? keyed(category, contextAfter);
    const added = [...now].filter(([key]) => !old.has(key)).map(([key, detail]) => ({ key, detail }));
    const resolved = [...old].filter(([key]) => !now.has(key)).map(([key, detail]) => ({ key, detail }));
    const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return { category: name, added: added.sort(byKey), resolved: resolved.sort(byKey), persisting: now.size - added.length };
  });
}
