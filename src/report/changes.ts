// What changed between two runs, per category, by keys that are stable across runs (source ids).
// A night at a million persons has ~3M tracked findings per run: the later run's keys of one
// category are kept as a sorted list (details shared from a small vocabulary) and the earlier
// run's rows looked up in it one by one; maps of key → detail for both runs took 2.3 GB.
import type { Db } from '../store/open.js';
import type { Run } from '../store/runs.js';
import { snapshotById } from '../store/snapshots.js';
import { collectGarbage } from '../util/memory.js';
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

/** Rows of the earlier run between garbage collections. */
const COLLECT_EVERY = 250_000;

export interface SortedFindings {
  /** Each key once, in JavaScript string order. */
  keys: string[];
  /** The detail of each key's last row (as a map of key → detail would keep). */
  details: string[];
}

/**
 * What changed in one category, as sorted lists rather than an object per finding: a night
 * against another population changes millions.
 */
export interface ChangeLists {
  category: CategoryName;
  added: SortedFindings;
  resolved: SortedFindings;
  persisting: number;
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

/** Where `key` is in sorted `keys`, or -1. */
function indexOf(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const order = compareKeys(keys[mid]!, key);
    if (order === 0) return mid;
    if (order < 0) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/**
 * What changed in one tracked category: the findings of the later run, gathered by the caller,
 * against the rows of the `before` run, read here one at a time and looked up among the later
 * run's sorted keys, so that only what is gone is kept of them. Added: in the later run only;
 * resolved: in the earlier only; both sorted by key. With `maskNik`, keys that hold a KK (a DTKS
 * household) are masked on both sides alike (`after` must have been gathered with the same).
 */
export function categoryChange(name: CategoryName, before: ReportContext, after: Findings): ChangeLists {
  const now = after.sorted();
  const persisting = new Uint8Array(now.keys.length);
  const gone = new Findings();
  const of = category(name);
  let read = 0;
  for (const row of of.rows(before)) {
    const at = indexOf(now.keys, row.key);
    if (at >= 0) persisting[at] = 1;
    else gone.add(row.key, detailOf(of, row));
    // The rows read leave garbage that V8 lets grow to about what is live before it collects:
    // with a million findings gone (a night against another population) that was the peak.
    if (++read % COLLECT_EVERY === 0) collectGarbage();
  }
  const change: ChangeLists = { category: name, added: { keys: [], details: [] }, resolved: gone.sorted(), persisting: 0 };
  for (let i = 0; i < now.keys.length; i++) {
    if (persisting[i] === 1) {
      change.persisting++;
    } else {
      change.added.keys.push(now.keys[i]!);
      change.added.details.push(now.details[i]!);
    }
  }
  return change;
}

const entries = ({ keys, details }: SortedFindings): { key: string; detail: string }[] => keys.map((key, i) => ({ key, detail: details[i]! }));

/** Findings of `after` that `before` did not have (added), that it had and are gone (resolved). */
export function diffRuns(db: Db, before: Run, after: Run, maskNik = false): CategoryChange[] {
  const contextBefore = contextOf(db, before, maskNik);
  const contextAfter = contextOf(db, after, maskNik);
  return TRACKED.map((name) => {
    const change = categoryChange(name, contextBefore, findingsOf(category(name), contextAfter));
    return { category: name, added: entries(change.added), resolved: entries(change.resolved), persisting: change.persisting };
  });
}
