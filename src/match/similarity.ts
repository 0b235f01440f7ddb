// String similarity for comparisons: Jaro, Jaro–Winkler (the usual measure for names in record
// linkage) and edit distances. Scratch buffers are reused so the hot loop allocates nothing.
import levenshteinLib from 'fast-levenshtein';

// Match flags are stamped with a call counter instead of cleared: no fill per call.
let flagsA = new Int32Array(64);
let flagsB = new Int32Array(64);
let stamp = 0;

function ensureScratch(n: number): void {
  if (flagsA.length < n) {
    flagsA = new Int32Array(n * 2);
    flagsB = new Int32Array(n * 2);
    stamp = 0;
  }
}

/** Jaro similarity in [0, 1]; two empty strings are identical (1). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  ensureScratch(la > lb ? la : lb);
  if (++stamp === 0x7fffffff) {
    flagsA.fill(0);
    flagsB.fill(0);
    stamp = 1;
  }
  const st = stamp;
  const fa = flagsA;
  const fb = flagsB;
  const range = Math.max(0, (la > lb ? la : lb) / 2 - 1) | 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > range ? i - range : 0;
    const hi = i + range + 1 < lb ? i + range + 1 : lb;
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (fb[j] !== st && b.charCodeAt(j) === c) {
        fa[i] = st;
        fb[j] = st;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (fa[i] !== st) continue;
    while (fb[k] !== st) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const t = transpositions / 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/**
 * Jaro–Winkler with the standard prefix scale 0.1 over at most 4 characters, applied when the
 * Jaro similarity exceeds 0.7 (Winkler's boost threshold).
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const max = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

const PLAIN = { i32: (n: number) => new Int32Array(n), u16: (n: number) => new Uint16Array(n) };

/**
 * Strings of a dictionary packed into one array of char codes, and Jaro–Winkler between two of
 * them by index: about a third faster than over JS strings in the hot loop, same results.
 */
export class CodePool {
  constructor(
    readonly codes: Uint16Array,
    readonly start: Int32Array,
  ) {}

  /** Packs strings; `alloc` decides where the arrays live (shared memory for worker threads). */
  static of(values: readonly string[], alloc: { i32(n: number): Int32Array; u16(n: number): Uint16Array } = PLAIN): CodePool {
    const start = alloc.i32(values.length + 1);
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      start[i] = total;
      total += values[i]!.length;
    }
    start[values.length] = total;
    const codes = alloc.u16(total);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const o = start[i]!;
      for (let k = 0; k < v.length; k++) codes[o + k] = v.charCodeAt(k);
    }
    return new CodePool(codes, start);
  }

  jaroWinkler(x: number, y: number): number {
    if (x === y) return 1;
    const codes = this.codes;
    const oa = this.start[x]!;
    const la = this.start[x + 1]! - oa;
    const ob = this.start[y]!;
    const lb = this.start[y + 1]! - ob;
    if (la === 0 || lb === 0) return 0;
    ensureScratch(la > lb ? la : lb);
    if (++stamp === 0x7fffffff) {
      flagsA.fill(0);
      flagsB.fill(0);
      stamp = 1;
    }
    const st = stamp;
    const fa = flagsA;
    const fb = flagsB;
    const range = Math.max(0, (la > lb ? la : lb) / 2 - 1) | 0;
    let matches = 0;
    for (let i = 0; i < la; i++) {
      const lo = i > range ? i - range : 0;
      const hi = i + range + 1 < lb ? i + range + 1 : lb;
      const c = codes[oa + i];
      for (let j = lo; j < hi; j++) {
        if (fb[j] !== st && codes[ob + j] === c) {
          fa[i] = st;
          fb[j] = st;
          matches++;
          break;
        }
      }
    }
    if (matches === 0) return 0;
    let transpositions = 0;
    let k = 0;
    for (let i = 0; i < la; i++) {
      if (fa[i] !== st) continue;
      while (fb[k] !== st) k++;
      if (codes[oa + i] !== codes[ob + k]) transpositions++;
      k++;
    }
    const j = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
    if (j <= 0.7) return j;
    const max = Math.min(4, la, lb);
    let prefix = 0;
    while (prefix < max && codes[oa + prefix] === codes[ob + prefix]) prefix++;
    return j + prefix * 0.1 * (1 - j);
  }
}

/** Levenshtein distance (fast-levenshtein). */
export function levenshtein(a: string, b: string): number {
  return levenshteinLib.get(a, b);
}

/**
 * Whether two strings are at most one edit apart, counting an adjacent transposition as one edit
 * (optimal string alignment distance ≤ 1). Linear, no allocation.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let first = -1;
    for (let i = 0; i < la; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (first < 0) first = i;
        else {
          // a second difference: only an adjacent transposition at (first, first+1) is allowed
          if (i !== first + 1) return false;
          if (a.charCodeAt(first) !== b.charCodeAt(i) || a.charCodeAt(i) !== b.charCodeAt(first)) return false;
          for (let k = i + 1; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
          return true;
        }
      }
    }
    return true;
  }
  if (la - lb !== 1 && lb - la !== 1) return false;
  const long = la > lb ? a : b;
  const short = la > lb ? b : a;
  let i = 0;
  while (i < short.length && long.charCodeAt(i) === short.charCodeAt(i)) i++;
  for (let k = i; k < short.length; k++) if (long.charCodeAt(k + 1) !== short.charCodeAt(k)) return false;
  return true;
}

/** Number of positions at which two equal-length strings differ (Infinity if lengths differ). */
export function hamming(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) d++;
  return d;
}
