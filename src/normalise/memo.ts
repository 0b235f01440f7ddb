// Bounded memo tables for the normalisers. Names, addresses and region tuples repeat over a
// million rows, so remembering results pays; the bound keeps memory flat whatever the file size.

/**
 * A copy of `s` that keeps no larger string alive. V8 makes a substring of 13 or more characters
 * a view into its parent, and the cells of a row are substrings of the whole chunk of text read
 * (a megabyte): one such key kept in a table would keep its chunk, and a full table nearly the
 * whole file. Concatenating and slicing again forces a fresh copy of just these characters.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** Longer keys are not remembered: such values hardly repeat, and memory stays bounded by count. */
export const MAX_KEY_LENGTH = 64;

/**
 * A string-keyed cache of at most 2 × `limit` entries in two generations: when the young one is
 * full it becomes the old one and the previous old one is dropped; a hit in the old generation
 * moves the entry back to the young one. Values that keep being used survive a turnover, at the
 * cost of one Map lookup more on a miss; one-off values age out.
 */
export class Memo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined || this.old.size === 0) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (key.length > MAX_KEY_LENGTH) return;
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(detached(key), value);
  }
}
