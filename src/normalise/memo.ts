// Bounded memo tables for the normalisers. Names, addresses and region tuples repeat over a
// million rows, so remembering results pays; the bound keeps memory flat whatever the file size.

/**
 * A copy of `s` that keeps no larger string alive. V8 makes a substring of 13 or more characters
 * a view into its parent, and the cells of a row are substrings of the whole chunk of text read:
 * one such key kept in a table would keep its chunk alive, and a full table most of the file
 * (the worker's heap reached 300 MB so). Concatenating and slicing again forces a fresh copy of
 * just these characters.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * Longer keys are not remembered (unless a table says otherwise): such values hardly repeat, and
 * a bound on the count then bounds the memory too.
 */
export const MAX_KEY_LENGTH = 128;

/**
 * A string-keyed cache of at most 2 × `limit` entries in two generations: when the young one is
 * full it becomes the old one and the previous old one is dropped; a hit in the old generation
 * moves the entry back to the young one. Values that keep being used survive a turnover, at the
 * cost of one Map lookup more on a miss; one-off values age out.
 */
export class Memo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(
    private readonly limit: number,
    private readonly maxKeyLength = MAX_KEY_LENGTH,
  ) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined || this.old.size === 0) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (key.length > this.maxKeyLength) return;
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(detached(key), value);
  }
}

/**
 * The last few distinct keys of a coded column and their values, checked before a Memo: a yes/no
 * column holds two spellings over a million rows (`Ya`, `Tidak`), and comparing with four strings
 * costs less than looking one up in a Map.
 */
export class Recent<V> {
  private readonly keys: (string | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly values: (V | undefined)[] = [undefined, undefined, undefined, undefined];
  private next = 0;

  get(key: string): V | undefined {
    const k = this.keys;
    if (k[0] === key) return this.values[0];
    if (k[1] === key) return this.values[1];
    if (k[2] === key) return this.values[2];
    if (k[3] === key) return this.values[3];
    return undefined;
  }

  set(key: string, value: V): void {
    this.keys[this.next] = detached(key);
    this.values[this.next] = value;
    this.next = (this.next + 1) & 3;
  }
}

/**
 * The values of a coded column (sex, yes/no): the last few spellings seen, then the table of
 * known spellings, then a bounded memo of the ones worked out by `compute`.
 */
export class CodedValues<V> {
  private readonly recent = new Recent<V>();
  private readonly memo: Memo<V>;

  constructor(
    private readonly known: ReadonlyMap<string, V>,
    limit: number,
    private readonly compute: (raw: string) => V,
  ) {
    this.memo = new Memo<V>(limit);
  }

  get(raw: string): V {
    let value = this.recent.get(raw);
    if (value !== undefined) return value;
    value = this.known.get(raw) ?? this.memo.get(raw);
    if (value === undefined) {
      value = this.compute(raw);
      this.memo.set(raw, value);
    }
    this.recent.set(raw, value);
    return value;
  }
}
