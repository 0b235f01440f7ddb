// Comparisons: for a pair of records, each field falls into the first level it satisfies, in the
// order missing → exact → close → far → else. Level 0 is always `missing` (neutral: weight 0).
// The levels of all comparisons pack into one integer (a mixed-radix "pattern"), so EM runs over
// pattern counts and scoring is a table lookup.
//
// Address, RT/RW, desa and KK are one comparison (`household`), not four: the members of one
// household agree on all of them at once, and multiplying them as if independent would make
// siblings look like the same person.
import {
  DOB_FROM_NIK,
  DOB_MISSING,
  DOB_PLACEHOLDER,
  NIK_EXCEL,
  NIK_VALID,
  shared,
  type Dictionaries,
  type SideTable,
} from './features.js';
import { CodePool } from './similarity.js';
import type { ComparisonName } from './types.js';

export interface ComparisonSpec {
  name: ComparisonName;
  levels: readonly string[];
  /** Levels whose weight is pinned to 0 besides `missing`: evidence that must not count. */
  neutral: readonly string[];
  /** Levels that get a term-frequency adjustment. */
  tf: readonly string[];
  /** Used to start EM when no pair agrees on a valid NIK: P(level | same person). */
  defaultM: readonly number[];
}

export const COMPARISONS: readonly ComparisonSpec[] = [
  {
    name: 'name',
    // JW is the better of the names as written and, for names with as many tokens, the tokens
    // matched each to its closest (typos in reordered names). `shared_token`: one token in common
    // (or nearly: JW ≥ 0.9), the rest different — a first name dropped or replaced; weighed by
    // how rare the shared token is. `jw_0.75`: still alike (SAIFUL/SEFUL); only `different`
    // says two names are unrelated.
    levels: ['missing', 'exact', 'tokens_reordered', 'phonetic', 'jw_0.92', 'jw_0.85', 'contained', 'shared_token', 'jw_0.75', 'different'],
    neutral: [],
    tf: ['exact', 'tokens_reordered', 'phonetic', 'contained', 'shared_token'],
    defaultM: [0, 0.8, 0.02, 0.06, 0.05, 0.02, 0.02, 0.01, 0.01, 0.01],
  },
  {
    // `implied_by_nik`: both dates equal the birth date inside NIKs that agree; the NIK comparison
    // already counted it, and two different people who share a NIK share its date too.
    name: 'dob',
    levels: ['missing', 'exact', 'swapped_day_month', 'placeholder_same_year', 'same_year_month', 'year_off_by_one', 'one_digit', 'different', 'implied_by_nik'],
    neutral: ['implied_by_nik'],
    tf: [],
    defaultM: [0, 0.85, 0.02, 0.03, 0.03, 0.02, 0.02, 0.03, 0],
  },
  {
    // Only the 16th digit differs with the same region and date: twins and siblings registered
    // the same day get consecutive serials, so this is no evidence either way.
    name: 'nik',
    levels: ['missing', 'exact', 'last_digit', 'one_edit', 'excel_prefix', 'different'],
    neutral: ['last_digit'],
    tf: [],
    defaultM: [0, 0.9, 0, 0.03, 0.03, 0.04],
  },
  {
    name: 'household',
    // a desa known only by name (unresolved DTKS names, FEBRL suburbs) matches a near spelling;
    // `same_address` is an address agreeing across different or unknown desa
    levels: ['missing', 'same_kk', 'same_desa_address', 'same_desa_rt_rw', 'same_desa', 'same_address', 'same_kecamatan', 'same_kabupaten', 'different'],
    neutral: [],
    tf: [],
    defaultM: [0, 0.3, 0.3, 0.1, 0.18, 0.02, 0.04, 0.03, 0.03],
  },
  { name: 'sex', levels: ['missing', 'same', 'different'], neutral: [], tf: [], defaultM: [0, 0.97, 0.03] },
  { name: 'hubungan', levels: ['missing', 'same', 'different'], neutral: [], tf: [], defaultM: [0, 0.85, 0.15] },
  { name: 'tempat_lahir', levels: ['missing', 'exact', 'similar', 'different'], neutral: [], tf: [], defaultM: [0, 0.85, 0.1, 0.05] },
  { name: 'nama_ibu', levels: ['missing', 'exact', 'similar', 'different'], neutral: [], tf: [], defaultM: [0, 0.85, 0.1, 0.05] },
];

export const C_NAME = 0;
export const C_DOB = 1;
export const C_NIK = 2;
export const C_HOUSEHOLD = 3;
export const C_SEX = 4;

export const NAME_EXACT = 1;
export const NAME_TOKENS = 2;
export const NAME_PHONETIC = 3;
export const NAME_JW92 = 4;
export const NAME_JW85 = 5;
export const NAME_CONTAINED = 6;
export const NAME_SHARED_TOKEN = 7;
export const NAME_JW75 = 8;
export const NAME_DIFFERENT = 9;
export const DOB_EXACT = 1;
export const DOB_DIFFERENT = 7;
export const DOB_IMPLIED = 8;
export const NIK_EXACT = 1;
export const NIK_LAST_DIGIT = 2;
export const NIK_DIFFERENT = 5;
export const SEX_DIFFERENT = 2;

/** Mixed-radix strides: code = Σ level_c × stride_c. */
export const RADIX = COMPARISONS.map((c) => c.levels.length);
export const STRIDE: number[] = [];
{
  let s = 1;
  for (const r of RADIX) {
    STRIDE.push(s);
    s *= r;
  }
}
export const PATTERN_COUNT = RADIX.reduce((a, b) => a * b, 1);

export function levelOf(code: number, comparison: number): number {
  return Math.floor(code / STRIDE[comparison]!) % RADIX[comparison]!;
}

export function decodePattern(code: number): number[] {
  return RADIX.map((r, c) => Math.floor(code / STRIDE[c]!) % r);
}

export const NAME_JW_HIGH = 0.92;
export const NAME_JW_LOW = 0.85;
export const NAME_JW_ALIKE = 0.75;
export const ADDRESS_JW = 0.88;
export const TOKEN_JW = 0.9;
export const PLACE_JW = 0.88;

/**
 * A small direct-mapped cache of Jaro–Winkler values between interned strings: the same pair of
 * names recurs across blocks (SITI AMINAH vs SITI AMINA in many desa), and a miss costs little.
 */
class JwCache {
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly v: Float64Array;
  private readonly mask: number;

  constructor(
    private readonly pool: CodePool,
    bits: number,
  ) {
    this.a = new Int32Array(1 << bits).fill(-1);
    this.b = new Int32Array(1 << bits);
    this.v = new Float64Array(1 << bits); // exact values: a rounded hit must decide as a miss would
    this.mask = (1 << bits) - 1;
  }

  get(x: number, y: number): number {
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) & this.mask;
    if (this.a[slot] === x && this.b[slot] === y) return this.v[slot]!;
    const value = this.pool.jaroWinkler(x, y);
    this.a[slot] = x;
    this.b[slot] = y;
    this.v[slot] = value;
    return value;
  }
}

const digitsA = new Uint8Array(16);
const digitsB = new Uint8Array(16);

function decode(hi: number, lo: number, len: number, out: Uint8Array): void {
  const hiLen = len < 8 ? len : 8;
  for (let k = hiLen - 1; k >= 0; k--) {
    out[k] = hi % 10;
    hi = (hi - out[k]!) / 10;
  }
  for (let k = len - 1; k >= 8; k--) {
    out[k] = lo % 10;
    lo = (lo - out[k]!) / 10;
  }
}

/** OSA distance ≤ 1 between two digit arrays of lengths la, lb. */
function digitsWithinOneEdit(a: Uint8Array, la: number, b: Uint8Array, lb: number): boolean {
  if (la === lb) {
    let first = -1;
    for (let i = 0; i < la; i++) {
      if (a[i] !== b[i]) {
        if (first < 0) first = i;
        else {
          if (i !== first + 1 || a[first] !== b[i] || a[i] !== b[first]) return false;
          for (let k = i + 1; k < la; k++) if (a[k] !== b[k]) return false;
          return true;
        }
      }
    }
    return true;
  }
  if (la - lb !== 1 && lb - la !== 1) return false;
  const long = la > lb ? a : b;
  const short = la > lb ? b : a;
  const ls = la > lb ? lb : la;
  let i = 0;
  while (i < ls && long[i] === short[i]) i++;
  for (let k = i; k < ls; k++) if (long[k + 1] !== short[k]) return false;
  return true;
}

/** Whether a NIK's DDMMYY part (women's day + 40) is the date yyyymmdd. */
function nikDateIs(hi: number, lo: number, yyyymmdd: number): boolean {
  let day = hi % 100;
  if (day > 40) day -= 40;
  const rest = Math.floor(lo / 10000); // MMYY
  const month = Math.floor(rest / 100);
  const yy = rest % 100;
  return day === yyyymmdd % 100 && month === Math.floor(yyyymmdd / 100) % 100 && yy === Math.floor(yyyymmdd / 10000) % 100;
}

/** Whether two yyyymmdd integers differ in exactly one of their 8 digits. */
function oneDigitApart(x: number, y: number): boolean {
  let diff = 0;
  for (let k = 0; k < 8; k++) {
    if (x % 10 !== y % 10) diff++;
    x = Math.floor(x / 10);
    y = Math.floor(y / 10);
  }
  return diff === 1;
}

/** What comparisons need from the dictionaries: packed strings and name-key tables (no JS strings, so a worker thread gets them without copying). */
export interface ComparerData {
  names: CodePool;
  keyTokens: CodePool;
  /** desa keys, and whether each is a name (no code): names are compared fuzzily */
  desa: CodePool;
  desaByName: Uint8Array;
  alamat: CodePool;
  tempat: CodePool;
  ibu: CodePool;
  alamatWordStart: Int32Array;
  alamatWordIds: Int32Array;
  /** the words of addresses, packed */
  addressWords: CodePool;
  keySortedId: Int32Array;
  keyTokStart: Int32Array;
  keyTokIds: Int32Array;
}

const SHARED_ALLOC = { i32: (n: number) => shared(Int32Array, n), u16: (n: number) => shared(Uint16Array, n) };

export function comparerData(dict: Dictionaries): ComparerData {
  const desaByName = shared(Uint8Array, dict.desa.size);
  dict.desa.values.forEach((v, k) => (desaByName[k] = v.startsWith('~') ? 1 : 0));
  return {
    names: CodePool.of(dict.names.values, SHARED_ALLOC),
    keyTokens: CodePool.of(dict.keyToken.values, SHARED_ALLOC),
    desa: CodePool.of(dict.desa.values, SHARED_ALLOC),
    desaByName,
    alamat: CodePool.of(dict.alamat.values, SHARED_ALLOC),
    tempat: CodePool.of(dict.tempat.values, SHARED_ALLOC),
    ibu: CodePool.of(dict.ibu.values, SHARED_ALLOC),
    alamatWordStart: dict.alamatWordStart,
    alamatWordIds: dict.alamatWordIds,
    addressWords: CodePool.of(dict.addressWord.values, SHARED_ALLOC),
    keySortedId: dict.keySortedId,
    keyTokStart: dict.keyTokStart,
    keyTokIds: dict.keyTokIds,
  };
}

/** Rebuilds ComparerData received by a worker (structured clone drops the class). */
export function reviveComparerData(data: ComparerData): ComparerData {
  const pool = (p: CodePool): CodePool => new CodePool(p.codes, p.start);
  return {
    ...data,
    names: pool(data.names),
    keyTokens: pool(data.keyTokens),
    desa: pool(data.desa),
    alamat: pool(data.alamat),
    addressWords: pool(data.addressWords),
    tempat: pool(data.tempat),
    ibu: pool(data.ibu),
  };
}

/**
 * Compares records of two side tables (P3KE × DTKS, or one side with itself). Holds the caches;
 * one instance per thread.
 */
export class Comparer {
  private readonly nameJw: JwCache;
  private readonly keyTokenJw: JwCache;
  private readonly alamatJw: JwCache;
  private readonly wordJw: JwCache;
  private readonly desaJw: JwCache;
  private readonly desaByName: Uint8Array;
  private readonly tempatJw: JwCache;
  private readonly ibuJw: JwCache;
  private readonly keySortedId: Int32Array;
  private readonly keyTokStart: Int32Array;
  private readonly keyTokIds: Int32Array;

  constructor(
    readonly data: ComparerData,
    readonly left: SideTable,
    readonly right: SideTable,
  ) {
    this.nameJw = new JwCache(data.names, 18);
    this.keyTokenJw = new JwCache(data.keyTokens, 14);
    this.alamatJw = new JwCache(data.alamat, 16);
    this.wordJw = new JwCache(data.addressWords, 14);
    this.desaJw = new JwCache(data.desa, 12);
    this.desaByName = data.desaByName;
    this.tempatJw = new JwCache(data.tempat, 12);
    this.ibuJw = new JwCache(data.ibu, 14);
    this.keySortedId = data.keySortedId;
    this.keyTokStart = data.keyTokStart;
    this.keyTokIds = data.keyTokIds;
  }

  name(i: number, j: number): number {
    const na = this.left.name[i]!;
    const nb = this.right.name[j]!;
    if (na < 0 || nb < 0) return 0;
    if (na === nb) return NAME_EXACT;
    const ta = this.left.nameTokens[i]!;
    const tb = this.right.nameTokens[j]!;
    if (ta >= 0 && ta === tb) return NAME_TOKENS;
    const ka = this.left.nameKey[i]!;
    const kb = this.right.nameKey[j]!;
    if (ka >= 0 && kb >= 0 && (ka === kb || this.keySortedId[ka] === this.keySortedId[kb])) return NAME_PHONETIC;
    let jw = this.nameJw.get(na, nb);
    if (jw < NAME_JW_HIGH && ka >= 0 && kb >= 0) {
      const nt = this.keyTokStart[ka + 1]! - this.keyTokStart[ka]!;
      if (nt > 1 && nt === this.keyTokStart[kb + 1]! - this.keyTokStart[kb]!) {
        const byTokens = this.tokenSimilarity(ka, kb);
        if (byTokens > jw) jw = byTokens;
      }
    }
    if (jw >= NAME_JW_HIGH) return NAME_JW92;
    if (jw >= NAME_JW_LOW) return NAME_JW85;
    if (ka >= 0 && kb >= 0) {
      if (this.keyContained(ka, kb)) return NAME_CONTAINED;
      if (this.shareKeyToken(ka, kb) || this.nearToken(ka, kb)) return NAME_SHARED_TOKEN;
    }
    return jw >= NAME_JW_ALIKE ? NAME_JW75 : NAME_DIFFERENT;
  }

  /**
   * Names of as many tokens, each token matched to its closest in the other name (Monge–Elkan,
   * averaged both ways): the same tokens reordered with typos in them still score high.
   */
  private tokenSimilarity(ka: number, kb: number): number {
    const s = this.keyTokStart;
    const t = this.keyTokIds;
    let sum = 0;
    for (let x = s[ka]!; x < s[ka + 1]!; x++) {
      let best = 0;
      for (let y = s[kb]!; y < s[kb + 1]!; y++) {
        const v = t[x] === t[y] ? 1 : this.keyTokenJw.get(t[x]!, t[y]!);
        if (v > best) best = v;
      }
      sum += best;
    }
    for (let y = s[kb]!; y < s[kb + 1]!; y++) {
      let best = 0;
      for (let x = s[ka]!; x < s[ka + 1]!; x++) {
        const v = t[x] === t[y] ? 1 : this.keyTokenJw.get(t[x]!, t[y]!);
        if (v > best) best = v;
      }
      sum += best;
    }
    return sum / (s[ka + 1]! - s[ka]! + s[kb + 1]! - s[kb]!);
  }

  private shareKeyToken(ka: number, kb: number): boolean {
    if (ka < 0 || kb < 0) return false;
    for (let x = this.keyTokStart[ka]!; x < this.keyTokStart[ka + 1]!; x++) {
      const t = this.keyTokIds[x]!;
      for (let y = this.keyTokStart[kb]!; y < this.keyTokStart[kb + 1]!; y++) if (this.keyTokIds[y] === t) return true;
    }
    return false;
  }

  /** The first or last tokens of the two names nearly agree (HEMMINGS vs HEMSMINGS, JW ≥ 0.9). */
  private nearToken(ka: number, kb: number): boolean {
    const s = this.keyTokStart;
    const t = this.keyTokIds;
    if (s[ka + 1] === s[ka] || s[kb + 1] === s[kb]) return false;
    const fa = t[s[ka]!]!;
    const la = t[s[ka + 1]! - 1]!;
    const fb = t[s[kb]!]!;
    const lb = t[s[kb + 1]! - 1]!;
    return this.nearTokens(fa, fb) || (lb !== fb && this.nearTokens(fa, lb)) || (la !== fa && (this.nearTokens(la, fb) || (lb !== fb && this.nearTokens(la, lb))));
  }

  private nearTokens(x: number, y: number): boolean {
    const start = this.data.keyTokens.start;
    return start[x + 1]! - start[x]! >= 4 && start[y + 1]! - start[y]! >= 4 && this.keyTokenJw.get(x, y) >= TOKEN_JW;
  }

  /** Every phonetic token of the shorter name occurs in the longer one (SITI vs SITI AMINAH). */
  private keyContained(ka: number, kb: number): boolean {
    let s1 = this.keyTokStart[ka]!;
    let e1 = this.keyTokStart[ka + 1]!;
    let s2 = this.keyTokStart[kb]!;
    let e2 = this.keyTokStart[kb + 1]!;
    if (e1 - s1 > e2 - s2) {
      const ts = s1;
      const te = e1;
      s1 = s2;
      e1 = e2;
      s2 = ts;
      e2 = te;
    }
    if (e1 === s1) return false;
    for (let x = s1; x < e1; x++) {
      const t = this.keyTokIds[x]!;
      let found = false;
      for (let y = s2; y < e2; y++) {
        if (this.keyTokIds[y] === t) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /** `nikLevel`: the pair's NIK level; dates carried by agreeing NIKs must not count twice. */
  dob(i: number, j: number, nikLevel = this.nik(i, j)): number {
    const fa = this.left.dobFlag[i]!;
    const fb = this.right.dobFlag[j]!;
    if (fa === DOB_MISSING || fb === DOB_MISSING) return 0;
    const da = this.left.dob[i]!;
    const db = this.right.dob[j]!;
    if (nikLevel !== 0 && nikLevel !== NIK_DIFFERENT && this.nikDatesEqual(i, j)) {
      // a date read from the NIK itself says nothing the NIK comparison has not said
      if (fa === DOB_FROM_NIK || fb === DOB_FROM_NIK) return 0;
      if (da === db && nikDateIs(this.left.nikHi[i]!, this.left.nikLo[i]!, da)) return DOB_IMPLIED;
    }
    const level = this.dateLevel(fa, da, fb, db);
    // a date read from a NIK is evidence when it agrees, not when it disagrees: the NIK may be
    // someone else's (a child under a parent's NIK)
    if (level === DOB_DIFFERENT && (fa === DOB_FROM_NIK || fb === DOB_FROM_NIK)) return 0;
    return level;
  }

  private dateLevel(fa: number, da: number, fb: number, db: number): number {
    const ya = (da / 10000) | 0;
    const yb = (db / 10000) | 0;
    if (fa === DOB_PLACEHOLDER || fb === DOB_PLACEHOLDER) {
      // a placeholder only knows the year
      if (ya === yb) return 3;
      if (ya - yb === 1 || yb - ya === 1) return 5;
      return DOB_DIFFERENT;
    }
    if (da === db) return DOB_EXACT;
    const ma = ((da / 100) | 0) % 100;
    const mb = ((db / 100) | 0) % 100;
    const dda = da % 100;
    const ddb = db % 100;
    if (ya === yb && dda === mb && ma === ddb) return 2;
    if (ya === yb && ma === mb) return 4;
    if (ma === mb && dda === ddb && (ya - yb === 1 || yb - ya === 1)) return 5;
    if (oneDigitApart(da, db)) return 6;
    return DOB_DIFFERENT;
  }

  /** Both NIKs have 16 digits and the same DDMMYY part. */
  private nikDatesEqual(i: number, j: number): boolean {
    const L = this.left;
    const R = this.right;
    return (
      L.nikLen[i] === 16 &&
      R.nikLen[j] === 16 &&
      L.nikHi[i]! % 100 === R.nikHi[j]! % 100 &&
      Math.floor(L.nikLo[i]! / 10000) === Math.floor(R.nikLo[j]! / 10000)
    );
  }

  nik(i: number, j: number): number {
    const L = this.left;
    const R = this.right;
    const la = L.nikLen[i]!;
    const lb = R.nikLen[j]!;
    if (la === 0 || lb === 0) return 0;
    const sa = L.nikStatus[i]!;
    const sb = R.nikStatus[j]!;
    const hiA = L.nikHi[i]!;
    const hiB = R.nikHi[j]!;
    const loA = L.nikLo[i]!;
    const loB = R.nikLo[j]!;
    if (sa === NIK_EXCEL || sb === NIK_EXCEL) {
      if (sa === NIK_EXCEL && sb === NIK_EXCEL) return 0;
      return this.excelPrefix(sa === NIK_EXCEL, hiA, loA, la, hiB, loB, lb) ? 4 : 0;
    }
    if (la === 16 && lb === 16 && hiA === hiB) {
      if (loA === loB) return sa === NIK_VALID && sb === NIK_VALID ? NIK_EXACT : 0;
      if (((loA / 10) | 0) === ((loB / 10) | 0)) return NIK_LAST_DIGIT;
    }
    // one edit after the same region: a typo. One edit inside the region digits is as often two
    // people born the same day in neighbouring kecamatan, both with serial 0001.
    if (Math.floor(hiA / 100) === Math.floor(hiB / 100)) {
      decode(hiA, loA, la, digitsA);
      decode(hiB, loB, lb, digitsB);
      if (digitsWithinOneEdit(digitsA, la, digitsB, lb)) return 3;
    }
    return sa === NIK_VALID && sb === NIK_VALID ? NIK_DIFFERENT : 0;
  }

  /** The mangled NIK's digits before its trailing zeros agree with the other's (region and date at least). */
  private excelPrefix(leftMangled: boolean, hiA: number, loA: number, la: number, hiB: number, loB: number, lb: number): boolean {
    if (la !== 16 || lb !== 16) return false;
    decode(hiA, loA, la, digitsA);
    decode(hiB, loB, lb, digitsB);
    const mangled = leftMangled ? digitsA : digitsB;
    let sig = 16;
    while (sig > 0 && mangled[sig - 1] === 0) sig--;
    if (sig < 12) return false;
    for (let k = 0; k < sig; k++) if (digitsA[k] !== digitsB[k]) return false;
    return true;
  }

  household(i: number, j: number): number {
    const L = this.left;
    const R = this.right;
    if (L.kkValid[i] === 1 && R.kkValid[j] === 1 && L.kkHi[i] === R.kkHi[j] && L.kkLo[i] === R.kkLo[j]) return 1;
    const desaA = L.desa[i]!;
    const desaB = R.desa[j]!;
    const aa = L.alamat[i]!;
    const ab = R.alamat[j]!;
    const sameDesa = desaA >= 0 && (desaA === desaB || (desaB >= 0 && this.desaByName[desaA] === 1 && this.desaByName[desaB] === 1 && this.desaJw.get(desaA, desaB) >= ADDRESS_JW));
    if (sameDesa) {
      if (aa >= 0 && ab >= 0 && this.addressSimilar(aa, ab)) return 2;
      const rta = L.rt[i]!;
      const rtb = R.rt[j]!;
      const rwa = L.rw[i]!;
      const rwb = R.rw[j]!;
      if (rta > 0 && rta === rtb && (rwa <= 0 || rwb <= 0 || rwa === rwb)) return 3;
      return 4;
    }
    if (aa >= 0 && ab >= 0 && this.addressSimilar(aa, ab)) return 5;
    const kecA = L.kec[i]!;
    const kecB = R.kec[j]!;
    if (kecA >= 0 && kecA === kecB) return 6;
    const kabA = L.kab[i]!;
    const kabB = R.kab[j]!;
    if (kabA >= 0 && kabA === kabB) return 7;
    if ((kabA >= 0 || desaA >= 0) && (kabB >= 0 || desaB >= 0)) return 8;
    return 0;
  }

  /**
   * Same address: equal, JW ≥ 0.88, or at least 3/4 of the words of the shorter one (two words or
   * more) in the other, a word also counting when it is a near spelling (JW ≥ 0.9, four letters or
   * more) — a dropped house number, words in another order, an added RT/RW, a typo.
   */
  private addressSimilar(aa: number, ab: number): boolean {
    if (aa === ab || this.alamatJw.get(aa, ab) >= ADDRESS_JW) return true;
    const st = this.data.alamatWordStart;
    const ids = this.data.alamatWordIds;
    const xs = st[aa]!;
    const xe = st[aa + 1]!;
    const ys = st[ab]!;
    const ye = st[ab + 1]!;
    const shorter = Math.min(xe - xs, ye - ys);
    if (shorter < 2) return false;
    let common = 0;
    let x = xs;
    let y = ys;
    while (x < xe && y < ye) {
      const a = ids[x]!;
      const b = ids[y]!;
      if (a === b) {
        common++;
        x++;
        y++;
      } else if (a < b) x++;
      else y++;
    }
    const needed = Math.ceil(0.75 * shorter - 1e-9);
    if (common >= needed) return true;
    if (common === 0) return false;
    // near spellings among the words the shorter address does not share exactly
    const leftShorter = xe - xs <= ye - ys;
    const ss = leftShorter ? xs : ys;
    const se = leftShorter ? xe : ye;
    const os = leftShorter ? ys : xs;
    const oe = leftShorter ? ye : xe;
    const words = this.data.addressWords.start;
    for (let u = ss; u < se && common < needed; u++) {
      const w = ids[u]!;
      if (words[w + 1]! - words[w]! < 4) continue;
      let exact = false;
      for (let v = os; v < oe; v++) if (ids[v] === w) exact = true;
      if (exact) continue;
      for (let v = os; v < oe; v++) {
        const o = ids[v]!;
        if (words[o + 1]! - words[o]! >= 4 && this.wordJw.get(w, o) >= TOKEN_JW) {
          common++;
          break;
        }
      }
    }
    return common >= needed;
  }

  sex(i: number, j: number): number {
    const a = this.left.sex[i]!;
    const b = this.right.sex[j]!;
    if (a === 0 || b === 0) return 0;
    return a === b ? 1 : 2;
  }

  hubungan(i: number, j: number): number {
    const a = this.left.hub[i]!;
    const b = this.right.hub[j]!;
    if (a === 0 || b === 0) return 0;
    return a === b ? 1 : 2;
  }

  tempat(i: number, j: number): number {
    const a = this.left.tempat[i]!;
    const b = this.right.tempat[j]!;
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    return this.tempatJw.get(a, b) >= PLACE_JW ? 2 : 3;
  }

  ibu(i: number, j: number): number {
    const a = this.left.ibu[i]!;
    const b = this.right.ibu[j]!;
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    return this.ibuJw.get(a, b) >= PLACE_JW ? 2 : 3;
  }

  /** The pair's pattern: all comparison levels packed into one integer. */
  code(i: number, j: number): number {
    const nik = this.nik(i, j);
    return (
      this.name(i, j) +
      this.dob(i, j, nik) * STRIDE[1]! +
      nik * STRIDE[2]! +
      this.household(i, j) * STRIDE[3]! +
      this.sex(i, j) * STRIDE[4]! +
      this.hubungan(i, j) * STRIDE[5]! +
      this.tempat(i, j) * STRIDE[6]! +
      this.ibu(i, j) * STRIDE[7]!
    );
  }
}

/** Patterns of a chunk of pairs (left index a[k], right index b[k]) into `out`: pure, splittable. */
export function comparePairs(comparer: Comparer, a: Int32Array, b: Int32Array, from: number, to: number, out: Int32Array): void {
  for (let k = from; k < to; k++) out[k] = comparer.code(a[k]!, b[k]!);
}
