// What changed between two runs, per category, by keys that are stable across runs (source ids).
// A night at a million persons has ~3M tracked findings per run: each run's keys are kept as
// sorted lists (details shared from a small vocabulary) and compared by walking both lists, one
// category at a time; maps of key → detail for both runs took 2.3 GB.
import type { Db } from '../store/open.js';
import type { Run } from '../store/runs.js';
import { snapshotById } from '../store/snapshots.js';
import { category, type Category, type CategoryName, type CategoryRow, type ReportContext } from './categories.js';

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

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface SortedFindings {
  /** Each key once, in JavaScript string order. */
  keys: string[];
  /** The detail of each key's last row (as a map of key → detail would keep). */
  details: string[];
}

/** One run's findings in one category, gathered row by row. */
export class Findings {
  private keys: string[] = [];
  private details: string[] = [];
  // Details are a few words from a small vocabulary: one string each, not one per finding.
  private readonly vocabulary = new Map<string, string>();

  add(key: string, detail: string): void {
    let shared = this.vocabulary.get(detail);
    if (shared === undefined) this.vocabulary.set(detail, (shared = detail));
    this.keys.push(key);
    this.details.push(shared);
  }

  /** Sorted and each key once; the gathered rows are let go. */
  sorted(): SortedFindings {
    const { keys, details } = this;
    this.keys = [];
    this.details = [];
    // A stable sort: equal keys stay in the order they came.
    const order = Array.from(keys.keys()).sort((i, j) => compareKeys(keys[i]!, keys[j]!));
    const sorted: SortedFindings = { keys: [], details: [] };
    for (let at = 0; at < order.length; at++) {
      const i = order[at]!;
      // Of equal keys, the last one's detail.
      if (at + 1 < order.length && keys[order[at + 1]!] === keys[i]) continue;
      sorted.keys.push(keys[i]!);
      sorted.details.push(details[i]!);
    }
    return sorted;
  }
}

function findingsOf(of: Category, context: ReportContext): Findings {
  const findings = new Findings();
  for (const row of of.rows(context)) findings.add(row.key, detailOf(of, row));
  return findings;
}

/** Added: in `after` only; resolved: in `before` only; both sorted by key. */
function compareFindings(category: CategoryName, before: SortedFindings, after: SortedFindings): CategoryChange {
  const change: CategoryChange = { category, added: [], resolved: [], persisting: 0 };
  let i = 0;
  let j = 0;
  while (i < before.keys.length || j < after.keys.length) {
    const order = i === before.keys.length ? 1 : j === after.keys.length ? -1 : compareKeys(before.keys[i]!, after.keys[j]!);
    if (order < 0) {
      change.resolved.push({ key: before.keys[i]!, detail: before.details[i]! });
      i++;
    } else if (order > 0) {
      change.added.push({ key: after.keys[j]!, detail: after.details[j]! });
      j++;
    } else {
      change.persisting++;
      i++;
      j++;
    }
  }
  return change;
}

/**
 * What changed in one tracked category: the findings of the later run, gathered by the caller,
 * against those of the `before` run, read here. Added: in the later run only; resolved: in the
 * earlier only. With `maskNik`, keys that hold a KK (a DTKS household) are masked on both sides
 * alike (`after` must have been gathered with the same `maskNik`).
 */
export function categoryChange(name: CategoryName, before: ReportContext, after: Findings): CategoryChange {
  // Sorted first, so that the later run's gathered rows are let go before the earlier's are read.
  const now = after.sorted();
  return compareFindings(name, findingsOf(category(name), before).sorted(), now);
}

/** Findings of `after` that `before` did not have (added), that it had and are gone (resolved). */
export function diffRuns(db: Db, before: Run, after: Run, maskNik = false): CategoryChange[] {
  const contextBefore = contextOf(db, before, maskNik);
  const contextAfter = contextOf(db, after, maskNik);
  return TRACKED.map((name) => categoryChange(name, contextBefore, findingsOf(category(name), contextAfter)));
}
