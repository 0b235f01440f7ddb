// Blocking: candidate pairs from a union of rules. A rule lists fields whose derived values must be
// equal (rules are data: a settings file can replace them); `nik_near` pairs NIKs one edit apart by
// deletion neighbourhoods. Each rule's pairs are packed into numbers and sorted; merging the sorted
// lists drops duplicates and credits each pair to the first rule that found it (Splink's
// cumulative counts). Candidates come out ordered by P3KE index, then DTKS index. Rules are
// independent, so two threads can share them out. Blocks above a size cap are skipped and
// reported (sizes only: block keys are names and dates, i.e. personal data).
import { NIK_VALID, shared, type Dictionaries, type MatchInput, type SideTable } from './features.js';
import { BLOCK_FIELDS, type BlockField, type BlockingRule, type BlockingRuleStats, type KeyBlockingRule } from './types.js';

/**
 * The default union. Each defect of domain.md is survived by at least one rule:
 * - wrong, missing, mangled or shared NIK → the name rules (desa, name+year, dob+name);
 *   a NIK on both sides → nik (the deterministic pass);
 * - NIK typo → nik_near; moved desa → name_year (names of two tokens or more: one-token names
 *   like SUPARMAN would make nationwide blocks of thousands), dob_first_name, dob_last_name;
 * - name typo → desa_name_prefix (typo after the third letter), dob rules (first or last token
 *   intact), nik, kk; name order → desa_tokens, name_year;
 * - swapped day/month, placeholder or missing date → desa_name_prefix, desa_tokens, name_year;
 * - a name shortened to its first or last token → desa_first_name_year, desa_last_name_year;
 * - a name replaced or badly misspelt, no NIK → desa_dob, desa_year_initial (placeholder dates);
 *   the two initial rules also require the same sex, so a wrong sex on top loses the pair;
 * - split KK → every rule but kk_initial.
 */
export const DEFAULT_BLOCKING_RULES: BlockingRule[] = [
  { name: 'nik', on: ['nik'] },
  { name: 'nik_near', kind: 'nik_near' },
  { name: 'desa_name_prefix', on: ['desa', 'namePrefix'] },
  // By desa, not kecamatan: at a million records a kecamatan's blocks of common names passed the
  // cap and were dropped whole; by desa they stay whole, with a seventh of the pairs.
  { name: 'desa_tokens', on: ['desa', 'nameKeySortedMulti'] },
  { name: 'name_year', on: ['nameKeySortedMulti', 'birthYear'] },
  { name: 'desa_first_name_year', on: ['desa', 'nameFirstKey', 'birthYear'] },
  { name: 'desa_last_name_year', on: ['desa', 'nameLastKey', 'birthYear'] },
  { name: 'desa_dob', on: ['desa', 'dob'] },
  // with sex (recorded, else the NIK's): a third fewer pairs in these wide fallback blocks, for
  // 2 of 808k true pairs on the 1M benchmark (both defects at once)
  { name: 'desa_year_initial', on: ['desa', 'birthYear', 'initial', 'sex'] },
  { name: 'dob_first_name', on: ['dob', 'nameFirstKey'] },
  { name: 'dob_last_name', on: ['dob', 'nameLastKey'] },
  { name: 'kabupaten_dob_initial', on: ['kabupaten', 'dob', 'initial', 'sex'] },
  { name: 'kk_initial', on: ['noKk', 'initial'] },
  // Records without any region code (FEBRL-like data, DTKS names that did not resolve) cannot be
  // blocked by region: for them alone, the classic blocks on birth date, each name token, the
  // place and the address, with a larger cap (such data is small, or these records are few).
  { name: 'no_region_dob', on: ['noRegionCode', 'dob'], maxBlockPairs: 20_000 },
  { name: 'no_region_tokens', on: ['noRegionCode', 'nameKeySorted'], maxBlockPairs: 20_000 },
  { name: 'no_region_name_prefix', on: ['noRegionCode', 'namePrefix'], maxBlockPairs: 20_000 },
  { name: 'no_region_desa', on: ['noRegionCode', 'desa'], maxBlockPairs: 20_000 },
  { name: 'no_region_address', on: ['noRegionCode', 'addressWord'], maxBlockPairs: 20_000 },
  { name: 'no_region_first_name', on: ['noRegionCode', 'nameFirstKey'], maxBlockPairs: 20_000 },
  { name: 'no_region_last_name', on: ['noRegionCode', 'nameLastKey'], maxBlockPairs: 20_000 },
];

export const DEFAULT_MAX_BLOCK_PAIRS = 5_000;

const TWO32 = 4294967296;

function hash32(key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / TWO32) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Open-addressing table from integer-valued float keys to dense slots. */
export class KeyTable {
  readonly keys: Float64Array;
  readonly mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(NaN);
    this.mask = cap - 1;
  }

  /** Empties the table for reuse (one allocation for all rules: less garbage, fewer GCs). */
  clear(): void {
    this.keys.fill(NaN);
    this.size = 0;
  }

  /** Slot of `key`, inserting it when absent. */
  insert(key: number): number {
    let s = hash32(key) & this.mask;
    for (;;) {
      const k = this.keys[s]!;
      if (k === key) return s;
      if (k !== k) {
        this.keys[s] = key;
        this.size++;
        return s;
      }
      s = (s + 1) & this.mask;
    }
  }

  /** Slot of `key`, or -1. */
  find(key: number): number {
    let s = hash32(key) & this.mask;
    for (;;) {
      const k = this.keys[s]!;
      if (k === key) return s;
      if (k !== k) return -1;
      s = (s + 1) & this.mask;
    }
  }
}

export interface Candidates {
  /** P3KE (left) and DTKS (right) record indexes of each pair, and the rule that found it. */
  a: Int32Array;
  b: Int32Array;
  rule: Uint8Array;
  length: number;
  stats: BlockingRuleStats[];
}

// --- key derivation ------------------------------------------------------------------------------

/** What rules read from the dictionaries: typed arrays and sizes only, so a worker gets it without copying. */
export interface BlockingData {
  sizes: { desa: number; kec: number; kab: number; keys: number; keySorted: number; tokens: number; keyToken: number; keyPrefix: number; addressWord: number };
  keySortedId: Int32Array;
  keyTokStart: Int32Array;
  keyFirst: Int32Array;
  keyLast: Int32Array;
  keyPrefixId: Int32Array;
  alamatWord: Int32Array;
  /** per desa id: 1 when the desa is known by name only (no code) */
  desaByName: Uint8Array;
}

export function blockingData(dict: Dictionaries): BlockingData {
  const desaByName = shared(Uint8Array, dict.desa.size);
  dict.desa.values.forEach((v, k) => (desaByName[k] = v.startsWith('~') ? 1 : 0));
  return {
    sizes: {
      desa: dict.desa.size,
      kec: dict.kec.size,
      kab: dict.kab.size,
      keys: dict.keys.size,
      keySorted: dict.keySorted.size,
      tokens: dict.tokens.size,
      keyToken: dict.keyToken.size,
      keyPrefix: dict.keyPrefix.size,
      addressWord: dict.addressWord.size,
    },
    keySortedId: dict.keySortedId,
    keyTokStart: dict.keyTokStart,
    keyFirst: dict.keyFirst,
    keyLast: dict.keyLast,
    keyPrefixId: dict.keyPrefixId,
    alamatWord: dict.alamatWord,
    desaByName,
  };
}

interface FieldReader {
  /** Exclusive upper bound of values, for exact packing; Infinity when the value is an id pair. */
  bound: number;
  /** Value of record i, or -1 when it has none. NIK and KK use `wide`. */
  value(side: SideTable, i: number): number;
  wide?: boolean;
}

function fieldReader(field: BlockField, dict: BlockingData): FieldReader {
  switch (field) {
    case 'nik':
      return {
        bound: Infinity,
        wide: true,
        value: (s, i) => (s.nikLen[i] === 16 && s.nikStatus[i] === NIK_VALID ? s.nikHi[i]! * 1e8 + s.nikLo[i]! : -1),
      };
    case 'noKk':
      return { bound: Infinity, wide: true, value: (s, i) => (s.kkValid[i] === 1 ? s.kkHi[i]! * 1e8 + s.kkLo[i]! : -1) };
    case 'desa':
      return { bound: dict.sizes.desa, value: (s, i) => s.desa[i]! };
    case 'kecamatan':
      return { bound: dict.sizes.kec, value: (s, i) => s.kec[i]! };
    case 'kabupaten':
      return { bound: dict.sizes.kab, value: (s, i) => s.kab[i]! };
    case 'nameKey':
      return { bound: dict.sizes.keys, value: (s, i) => s.nameKey[i]! };
    case 'nameKeySorted':
      return { bound: dict.sizes.keySorted, value: (s, i) => (s.nameKey[i]! >= 0 ? dict.keySortedId[s.nameKey[i]!]! : -1) };
    case 'nameKeySortedMulti':
      return {
        bound: dict.sizes.keySorted,
        value: (s, i) => {
          const k = s.nameKey[i]!;
          return k >= 0 && dict.keyTokStart[k + 1]! - dict.keyTokStart[k]! > 1 ? dict.keySortedId[k]! : -1;
        },
      };
    case 'nameTokens':
      return { bound: dict.sizes.tokens, value: (s, i) => s.nameTokens[i]! };
    case 'nameFirstKey':
      return { bound: dict.sizes.keyToken, value: (s, i) => (s.nameKey[i]! >= 0 ? dict.keyFirst[s.nameKey[i]!]! : -1) };
    case 'nameLastKey':
      return { bound: dict.sizes.keyToken, value: (s, i) => (s.nameKey[i]! >= 0 ? dict.keyLast[s.nameKey[i]!]! : -1) };
    case 'namePrefix':
      return { bound: dict.sizes.keyPrefix, value: (s, i) => (s.nameKey[i]! >= 0 ? dict.keyPrefixId[s.nameKey[i]!]! : -1) };
    case 'initial':
      return { bound: 65536, value: (s, i) => (s.initial[i]! > 0 ? s.initial[i]! : -1) };
    case 'dob':
      // placeholders carry only a year: a block on 01-01 of every year would be huge and meaningless
      return { bound: 100_000_000, value: (s, i) => (s.dobFlag[i] === 1 || s.dobFlag[i] === 3 ? s.dob[i]! : -1) };
    case 'birthYear':
      return { bound: 10_000, value: (s, i) => (s.dobFlag[i] !== 0 ? (s.dob[i]! / 10000) | 0 : -1) };
    case 'sex':
      return { bound: 3, value: (s, i) => (s.sex[i]! > 0 ? s.sex[i]! : -1) };
    case 'addressWord':
      return { bound: dict.sizes.addressWord, value: (s, i) => (s.alamat[i]! >= 0 ? dict.alamatWord[s.alamat[i]!]! : -1) };
    case 'noRegionCode':
      return { bound: 1, value: (s, i) => (s.kab[i]! < 0 && s.kec[i]! < 0 && (s.desa[i]! < 0 || dict.desaByName[s.desa[i]!] === 1) ? 0 : -1) };
  }
}


/** Key of every record of a side under a key rule (NaN: the record has no key). */
function ruleKeys(rule: KeyBlockingRule, dict: BlockingData, side: SideTable): Float64Array {
  const readers = rule.on.map((f) => fieldReader(f, dict));
  const keys = new Float64Array(side.n);
  let product = 1;
  for (const r of readers) product *= r.bound + 1;
  const exact = product < 2 ** 52;
  const single = readers.length === 1 ? readers[0]! : null;
  for (let i = 0; i < side.n; i++) {
    if (single) {
      const v = single.value(side, i);
      keys[i] = v < 0 ? NaN : v;
      continue;
    }
    let key = 0;
    let h1 = 0x12345678;
    let h2 = 0x9abcdef0;
    let missing = false;
    for (const r of readers) {
      const v = r.value(side, i);
      if (v < 0) {
        missing = true;
        break;
      }
      if (exact) key = key * (r.bound + 1) + v;
      else {
        // wide values (NIK, KK) are hashed by their two halves; collisions only add a candidate
        const lo = v >>> 0;
        const hi = Math.floor(v / TWO32) >>> 0;
        h1 = Math.imul(h1 ^ lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b);
        h2 = Math.imul(h2 ^ hi, 0xc2b2ae35) ^ Math.imul(lo, 0x27d4eb2f);
        h1 = (h1 ^ (h1 >>> 15)) >>> 0;
        h2 = (h2 ^ (h2 >>> 13)) >>> 0;
      }
    }
    keys[i] = missing ? NaN : exact ? key : (h1 >>> 0) * 2 ** 20 + (h2 >>> 12);
  }
  return keys;
}

// --- NIK deletion neighbourhoods -------------------------------------------------------------------

const digits = new Uint8Array(16);

/** Deletion keys of a NIK (15 or 16 digits) into `out`; returns how many. Same first six digits required. */
function deletionKeys(side: SideTable, i: number, out: Float64Array): number {
  const len = side.nikLen[i]!;
  if (len !== 15 && len !== 16) return 0;
  let hi = side.nikHi[i]!;
  let lo = side.nikLo[i]!;
  for (let k = 7; k >= 0; k--) {
    digits[k] = hi % 10;
    hi = (hi - digits[k]!) / 10;
  }
  for (let k = len - 1; k >= 8; k--) {
    digits[k] = lo % 10;
    lo = (lo - digits[k]!) / 10;
  }
  let prefix = 0;
  for (let k = 0; k < 6; k++) prefix = prefix * 10 + digits[k]!;
  const base = prefix * 1e9;
  if (len === 15) {
    let rest = 0;
    for (let k = 6; k < 15; k++) rest = rest * 10 + digits[k]!;
    out[0] = base + rest;
    return 1;
  }
  let n = 0;
  for (let skip = 6; skip < 16; skip++) {
    let rest = 0;
    for (let k = 6; k < 16; k++) if (k !== skip) rest = rest * 10 + digits[k]!;
    out[n++] = base + rest;
  }
  return n;
}

/** Records whose 16 digits occur on the other side: they need no near-NIK candidates. */
function exactNikPresence(left: SideTable, right: SideTable): [Uint8Array, Uint8Array] {
  const table = new KeyTable(right.n);
  const full = (s: SideTable, i: number): number => (s.nikLen[i] === 16 ? s.nikHi[i]! * 1e8 + s.nikLo[i]! : NaN);
  for (let j = 0; j < right.n; j++) {
    const k = full(right, j);
    if (k === k) table.insert(k);
  }
  const inLeft = new Uint8Array(left.n);
  const leftTable = new KeyTable(left.n);
  for (let i = 0; i < left.n; i++) {
    const k = full(left, i);
    if (k !== k) continue;
    leftTable.insert(k);
    if (table.find(k) >= 0) inLeft[i] = 1;
  }
  const inRight = new Uint8Array(right.n);
  for (let j = 0; j < right.n; j++) {
    const k = full(right, j);
    if (k === k && leftTable.find(k) >= 0) inRight[j] = 1;
  }
  return [inLeft, inRight];
}

// --- generation ----------------------------------------------------------------------------------

export interface BlockingOptions {
  maxBlockPairs?: number;
  /** Compare a side with itself (dedupe): only pairs i < j. */
  self?: boolean;
  /** Runs the rules (e.g. on worker threads); results in rule order. */
  runner?: (rules: readonly BlockingRule[], data: BlockingData, left: SideTable, right: SideTable, self: boolean, globalCap: number) => RuleResult[];
}

export function isNikNearRule(rule: BlockingRule): rule is Extract<BlockingRule, { kind: 'nik_near' }> {
  return 'kind' in rule && rule.kind === 'nik_near';
}

/** Validates rules from a settings file; throws with every problem listed. */
export function validateBlockingRules(rules: unknown): BlockingRule[] {
  const problems: string[] = [];
  if (!Array.isArray(rules) || rules.length === 0) throw new Error('blocking rules: expected a non-empty array');
  if (rules.length > 250) problems.push('at most 250 rules');
  const names = new Set<string>();
  rules.forEach((rule: unknown, n) => {
    const r = rule as Partial<KeyBlockingRule> & { kind?: unknown };
    if (typeof r !== 'object' || r === null || typeof r.name !== 'string' || r.name === '') {
      problems.push(`rule ${n + 1}: needs a name`);
      return;
    }
    if (names.has(r.name)) problems.push(`rule ${r.name}: name used twice`);
    names.add(r.name);
    if (r.kind !== undefined) {
      if (r.kind !== 'nik_near') problems.push(`rule ${r.name}: unknown kind ${String(r.kind)}`);
    } else if (!Array.isArray(r.on) || r.on.length === 0) problems.push(`rule ${r.name}: "on" must list fields`);
    else for (const f of r.on) if (!(BLOCK_FIELD_SET as Set<unknown>).has(f)) problems.push(`rule ${r.name}: unknown field ${String(f)}`);
    if (r.maxBlockPairs !== undefined && !(typeof r.maxBlockPairs === 'number' && r.maxBlockPairs > 0)) problems.push(`rule ${r.name}: maxBlockPairs must be positive`);
  });
  if (problems.length > 0) throw new Error(`blocking rules: ${problems.join('; ')}`);
  return rules as BlockingRule[];
}

const BLOCK_FIELD_SET = new Set<string>(BLOCK_FIELDS);

/**
 * Candidate pairs of `left` × `right` under the union of `rules`, each pair once, ordered by left
 * index then right index; `rule` is the first rule that found the pair. `self`: a side against
 * itself (pairs i < j).
 */
export function generateCandidates(
  input: MatchInput,
  rules: readonly BlockingRule[],
  options: BlockingOptions = {},
  left: SideTable = input.p3ke,
  right: SideTable = input.dtks,
): Candidates {
  if (rules.length > 255) throw new Error('at most 255 blocking rules');
  const data = blockingData(input.dict);
  const self = options.self === true;
  const globalCap = options.maxBlockPairs ?? DEFAULT_MAX_BLOCK_PAIRS;
  // Each rule's pairs as sorted numbers i × nRight + j, computed by rule (on several threads when
  // a runner is given); a merge of the sorted lists removes duplicates and credits each pair to
  // the first rule that found it (Splink's counting).
  const results = options.runner
    ? options.runner(rules, data, left, right, self, globalCap)
    : (() => {
        const scratch = new RuleScratch(left.n, right.n);
        return rules.map((rule) => ruleList(rule, data, left, right, self, globalCap, scratch));
      })();
  return mergeLists(
    results.map((r) => r.list),
    results.map((r) => r.stat),
    right.n,
  );
}

export interface RuleResult {
  list: Float64Array;
  stat: BlockingRuleStats;
}

/** Arrays a thread reuses from rule to rule: less garbage, fewer collections. */
export class RuleScratch {
  readonly table: KeyTable;
  readonly head: Int32Array;
  readonly countR: Int32Array;
  readonly countL: Int32Array;
  readonly next: Int32Array;
  readonly slotL: Int32Array;
  constructor(nLeft: number, nRight: number) {
    this.table = new KeyTable(nRight);
    const size = this.table.keys.length;
    this.head = new Int32Array(size);
    this.countR = new Int32Array(size);
    this.countL = new Int32Array(size);
    this.next = new Int32Array(nRight);
    this.slotL = new Int32Array(nLeft);
  }
}

/** The sorted pair list of one rule (i × nRight + j) and its counts. Pure: any thread may run it. */
export function ruleList(rule: BlockingRule, data: BlockingData, left: SideTable, right: SideTable, self: boolean, globalCap: number, scratch: RuleScratch): RuleResult {
  const cap = rule.maxBlockPairs ?? globalCap;
  const nR = right.n;
  const stat: BlockingRuleStats = { rule: rule.name, newPairs: 0, pairs: 0, cappedBlocks: 0, cappedPairs: 0, largestCapped: null };
  const noteCapped = (na: number, nb: number): void => {
    stat.cappedBlocks++;
    stat.cappedPairs += na * nb;
    if (!stat.largestCapped || na * nb > stat.largestCapped[0] * stat.largestCapped[1]) stat.largestCapped = [na, nb];
  };

  if (isNikNearRule(rule)) {
    const list = nikNearPairs(left, right, self, cap, noteCapped);
    stat.pairs = list.length;
    return { list, stat };
  }

  const keyL = ruleKeys(rule, data, left);
  let anyL = false;
  for (let i = 0; i < keyL.length && !anyL; i++) anyL = keyL[i] === keyL[i];
  // e.g. No KK: P3KE exports have none, so the rule can find nothing
  if (!anyL) return { list: new Float64Array(0), stat };
  const keyR = self ? keyL : ruleKeys(rule, data, right);
  const { table, head, countR, countL, next, slotL } = scratch;
  const size = table.keys.length;
  table.clear();
  head.fill(-1);
  countR.fill(0);
  countL.fill(0);
  // lists built back to front so each is in ascending right index
  for (let j = right.n - 1; j >= 0; j--) {
    const k = keyR[j]!;
    if (k !== k) continue;
    const s = table.insert(k);
    next[j] = head[s]!;
    head[s] = j;
    countR[s]!++;
  }
  for (let i = 0; i < left.n; i++) {
    const k = keyL[i]!;
    const s = k === k ? table.find(k) : -1;
    slotL[i] = s;
    if (s >= 0) countL[s]!++;
  }
  let total = 0;
  for (let s = 0; s < size; s++) {
    if (countL[s]! === 0) continue;
    const blockPairs = self ? (countR[s]! * (countR[s]! - 1)) / 2 : countL[s]! * countR[s]!;
    if (blockPairs > cap) {
      noteCapped(self ? countR[s]! : countL[s]!, countR[s]!);
      countL[s] = -1; // marks the block skipped
    } else total += blockPairs;
  }
  const list = shared(Float64Array, total);
  let n = 0;
  for (let i = 0; i < left.n; i++) {
    const s = slotL[i]!;
    if (s < 0 || countL[s]! < 0) continue;
    for (let j = head[s]!; j >= 0; j = next[j]!) if (!self || i < j) list[n++] = i * nR + j;
  }
  const out = n === total ? list : list.subarray(0, n);
  out.sort();
  stat.pairs = n;
  return { list: out, stat };
}

/**
 * Merges sorted pair lists, dropping duplicates; a pair counts as new for the first list holding
 * it. Two passes, one counting the union and one filling arrays of that size: arrays sized for the
 * sum of the lists held 300 MB more than needed at a million records a side, beside the lists.
 */
function mergeLists(allLists: Float64Array[], stats: BlockingRuleStats[], nR: number): Candidates {
  // Rules that found nothing (no KK in P3KE, no region-less records) are left out of the loops,
  // which visit every list for every pair.
  const ruleOf = allLists.flatMap((l, r) => (l.length > 0 ? [r] : []));
  const lists = ruleOf.map((r) => allLists[r]!);
  const pos = new Int32Array(lists.length);
  /** Calls `emit` for each distinct pair in order, with the first list holding it. */
  const merge = (emit: (pair: number, from: number) => void): void => {
    pos.fill(0);
    for (;;) {
      let best = Infinity;
      let from = -1;
      for (let r = 0; r < lists.length; r++) {
        const list = lists[r]!;
        const p = pos[r]!;
        if (p < list.length && list[p]! < best) {
          best = list[p]!;
          from = r;
        }
      }
      if (from < 0) return;
      emit(best, from);
      for (let r = 0; r < lists.length; r++) {
        const list = lists[r]!;
        while (pos[r]! < list.length && list[pos[r]!] === best) pos[r]!++;
      }
    }
  };
  let total = 0;
  merge(() => total++);
  const a = shared(Int32Array, total);
  const b = shared(Int32Array, total);
  const rule = new Uint8Array(total);
  let n = 0;
  merge((pair, from) => {
    const r = ruleOf[from]!;
    stats[r]!.newPairs++;
    const i = Math.floor(pair / nR);
    a[n] = i;
    b[n] = pair - i * nR;
    rule[n++] = r;
  });
  return { a, b, rule, length: total, stats };
}

/** Sorted pairs of NIKs one edit apart (deletion neighbourhoods), as i × nRight + j. */
function nikNearPairs(left: SideTable, right: SideTable, self: boolean, cap: number, noteCapped: (na: number, nb: number) => void): Float64Array {
  const [presentL, presentR] = self ? [new Uint8Array(left.n), new Uint8Array(right.n)] : exactNikPresence(left, right);
  const eligibleL = (i: number): boolean => presentL[i] === 0 && (left.nikLen[i] === 15 || left.nikLen[i] === 16);
  const eligibleR = (j: number): boolean => presentR[j] === 0 && (right.nikLen[j] === 15 || right.nikLen[j] === 16);
  let eligible = 0;
  for (let j = 0; j < right.n; j++) if (eligibleR(j)) eligible++;
  // right side: deletion key → list of entries (record indexes)
  const table = new KeyTable(eligible * 10);
  const head = new Int32Array(table.keys.length).fill(-1);
  const count = new Int32Array(table.keys.length);
  const entryNext = new Int32Array(eligible * 10);
  const entryRecord = new Int32Array(eligible * 10);
  let entries = 0;
  const buf = new Float64Array(10);
  for (let j = right.n - 1; j >= 0; j--) {
    if (!eligibleR(j)) continue;
    const n = deletionKeys(right, j, buf);
    for (let x = 0; x < n; x++) {
      const s = table.insert(buf[x]!);
      entryNext[entries] = head[s]!;
      entryRecord[entries] = j;
      head[s] = entries++;
      count[s]!++;
    }
  }
  const lastSeen = new Int32Array(right.n).fill(-1);
  let out = new Float64Array(1024);
  let n = 0;
  for (let i = 0; i < left.n; i++) {
    if (!eligibleL(i)) continue;
    const nk = deletionKeys(left, i, buf);
    for (let x = 0; x < nk; x++) {
      const s = table.find(buf[x]!);
      if (s < 0) continue;
      if (count[s]! > cap) {
        noteCapped(1, count[s]!);
        continue;
      }
      for (let e = head[s]!; e >= 0; e = entryNext[e]!) {
        const j = entryRecord[e]!;
        if (lastSeen[j] === i || (self && i >= j)) continue;
        lastSeen[j] = i;
        if (n === out.length) {
          const grown = new Float64Array(n * 2);
          grown.set(out);
          out = grown;
        }
        out[n++] = i * right.n + j;
      }
    }
  }
  const list = shared(Float64Array, n);
  list.set(out.subarray(0, n));
  list.sort();
  return list;
}
