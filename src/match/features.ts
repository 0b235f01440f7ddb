// Per-record features computed once, stored column-wise: strings interned into dictionaries shared
// by both sources (equal id ⇔ equal value), dates and NIK digits as integers. A million records
// per side then cost tens of megabytes instead of a gigabyte of objects, and the hot loops compare
// integers. The store can stream rows into a builder so full records never pile up in memory.
import { HUBUNGAN, NIK_STATUSES, type Source } from '../normalise/types.js';
import type { MatchRecord } from './types.js';

export class Interner {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  private frozen = false;

  intern(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return -1;
    if (this.frozen) throw new Error('interner frozen: the match input is finished');
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  get size(): number {
    return this.values.length;
  }

  /** Drops the lookup map once no value will be added: the values stay, the memory of the map goes. */
  freeze(): this {
    (this as { ids: Map<string, number> }).ids = new Map();
    this.frozen = true;
    return this;
  }
}

type TypedArray = Int32Array | Int16Array | Uint8Array | Uint16Array | Float64Array;
type TypedCtor<T extends TypedArray> = { new (buffer: ArrayBufferLike, offset?: number, length?: number): T; BYTES_PER_ELEMENT: number };

/** A typed array on shared memory, so a worker thread can read it without a copy. */
export function shared<T extends TypedArray>(ctor: TypedCtor<T>, length: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT), 0, length);
}

/**
 * A column being filled: exact size when the caller said how many records come (no growth, no
 * copy), doubling otherwise. The builder writes `data[k]` itself: one shared push() method seeing
 * five kinds of typed array ran megamorphic and cost three seconds at a million records a side.
 */
export class Column<T extends TypedArray> {
  data: T;
  constructor(
    private readonly ctor: TypedCtor<T>,
    capacity: number,
  ) {
    this.data = shared(ctor, Math.max(16, capacity));
  }
  grow(): void {
    const next = shared(this.ctor, this.data.length * 2);
    next.set(this.data as never);
    this.data = next;
  }
  finish(length: number): T {
    if (length === this.data.length) return this.data;
    const out = shared(this.ctor, length);
    out.set(this.data.subarray(0, length) as never);
    return out;
  }
}

/** Growable plain Int32 list for small bookkeeping (not shared). */
class GrowInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** dobFlag values. */
export const DOB_MISSING = 0;
export const DOB_OK = 1;
export const DOB_PLACEHOLDER = 2;
export const DOB_FROM_NIK = 3;

export const NIK_VALID = NIK_STATUSES.indexOf('valid');
export const NIK_EXCEL = NIK_STATUSES.indexOf('excel_mangled');
export const NIK_MISSING = NIK_STATUSES.indexOf('missing');
export const NIK_PLACEHOLDER = NIK_STATUSES.indexOf('placeholder');

/** One source's records, column by column; index i is the i-th record added. */
export interface SideTable {
  source: Source;
  n: number;
  recordId: Float64Array;
  sourceId: string[];
  family: Int32Array;
  familyIds: string[];
  /** NIK digits: first 8 as an integer, the rest as an integer, and the digit count (0: none). */
  nikHi: Int32Array;
  nikLo: Int32Array;
  nikLen: Uint8Array;
  nikStatus: Uint8Array;
  kkHi: Int32Array;
  kkLo: Int32Array;
  kkLen: Uint8Array;
  kkValid: Uint8Array;
  name: Int32Array;
  nameTokens: Int32Array;
  nameKey: Int32Array;
  initial: Uint16Array;
  /** yyyymmdd; 0 when unknown. */
  dob: Int32Array;
  dobFlag: Uint8Array;
  /** 0 unknown, 1 L, 2 P (the NIK's sex when none was recorded). */
  sex: Uint8Array;
  hub: Uint8Array;
  desa: Int32Array;
  kec: Int32Array;
  kab: Int32Array;
  alamat: Int32Array;
  rt: Int16Array;
  rw: Int16Array;
  tempat: Int32Array;
  ibu: Int32Array;
}

/** Dictionaries shared by both sides, and what is derived once per distinct value. */
export interface Dictionaries {
  names: Interner;
  tokens: Interner; // sorted canonical token strings
  keys: Interner; // phonetic keys of whole names
  keySorted: Interner; // phonetic key tokens sorted
  keyToken: Interner; // single phonetic key tokens
  desa: Interner;
  kec: Interner;
  kab: Interner;
  alamat: Interner;
  tempat: Interner;
  ibu: Interner;
  keyPrefix: Interner; // first three letters of the first and last key tokens
  addressWord: Interner; // the longest word of an address (a street or dusun name)
  /** per alamat id: id of its rarest word of four letters or more, or -1 */
  alamatWord: Int32Array;
  /** per alamat id: its distinct words (ids, sorted), CSR */
  alamatWordStart: Int32Array;
  alamatWordIds: Int32Array;
  /** per key id: first and last token id, sorted-key id, prefix id, token ids (CSR). */
  keyFirst: Int32Array;
  keyPrefixId: Int32Array;
  keyLast: Int32Array;
  keySortedId: Int32Array;
  keyTokStart: Int32Array;
  keyTokIds: Int32Array;
}

/** Both sides plus the dictionaries and value counts (term frequencies). */
export interface MatchInput {
  dict: Dictionaries;
  p3ke: SideTable;
  dtks: SideTable;
  /** Records holding each value, both sides together. */
  counts: { names: Int32Array; tokens: Int32Array; keys: Int32Array; keySorted: Int32Array; keyToken: Int32Array };
}

const HUB_INDEX = new Map<string, number>(HUBUNGAN.map((h, i) => [h, i + 1]));
const NIK_STATUS_INDEX = new Map<string, number>(NIK_STATUSES.map((s, i) => [s, i]));

/** Digits of an id: [first 8 as int, rest as int, length]; length 0 if not all digits or > 16. */
function parseDigits(value: string | null, out: Int32Array): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  if (value === null || value.length === 0 || value.length > 16) return;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return;
    if (i < 8) hi = hi * 10 + d;
    else lo = lo * 10 + d;
  }
  out[0] = hi;
  out[1] = lo;
  out[2] = value.length;
}

/** ISO `YYYY-MM-DD` → yyyymmdd, or 0. */
export function isoToInt(iso: string | null | undefined): number {
  if (!iso || iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return 0;
  let v = 0;
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const c = iso.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return 0;
    v = v * 10 + c;
  }
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  return m < 1 || m > 12 || d < 1 || d > 31 ? 0 : v;
}

/** RT/RW number, or -1 (unknown, zero, not a number, too large for 16 bits). */
function smallInt(value: string | null | undefined): number {
  if (!value) return -1;
  const n = Number(value.trim());
  return Number.isInteger(n) && n > 0 && n < 32768 ? n : -1;
}

const sexCode = (s: string | null | undefined): number => (s === 'L' ? 1 : s === 'P' ? 2 : 0);

function sortedTokens(text: string): string {
  return Array.from(new Set(text.split(' ').filter((t) => t.length > 0)))
    .sort()
    .join(' ');
}

/** An interner that remembers the last value: family members come in a row and share family id, address, mother. */
class RunInterner {
  private last: string | null | undefined = undefined;
  private lastId = -1;
  constructor(readonly interner: Interner) {}
  intern(value: string | null | undefined): number {
    if (value === this.last) return this.lastId;
    this.last = value;
    this.lastId = this.interner.intern(value);
    return this.lastId;
  }
}

class SideBuilder {
  n = 0;
  readonly recordId: Column<Float64Array>;
  readonly sourceId: string[] = [];
  readonly families = new Interner();
  readonly familyRun = new RunInterner(this.families);
  alamatRun: RunInterner | null = null;
  ibuRun: RunInterner | null = null;
  desaRun: RunInterner | null = null;
  readonly family: Column<Int32Array>;
  readonly nikHi: Column<Int32Array>;
  readonly nikLo: Column<Int32Array>;
  readonly nikLen: Column<Uint8Array>;
  readonly nikStatus: Column<Uint8Array>;
  readonly kkHi: Column<Int32Array>;
  readonly kkLo: Column<Int32Array>;
  readonly kkLen: Column<Uint8Array>;
  readonly kkValid: Column<Uint8Array>;
  readonly name: Column<Int32Array>;
  readonly nameTokens: Column<Int32Array>;
  readonly nameKey: Column<Int32Array>;
  readonly initial: Column<Uint16Array>;
  readonly dob: Column<Int32Array>;
  readonly dobFlag: Column<Uint8Array>;
  readonly sex: Column<Uint8Array>;
  readonly hub: Column<Uint8Array>;
  readonly desa: Column<Int32Array>;
  readonly kec: Column<Int32Array>;
  readonly kab: Column<Int32Array>;
  readonly alamat: Column<Int32Array>;
  readonly rt: Column<Int16Array>;
  readonly rw: Column<Int16Array>;
  readonly tempat: Column<Int32Array>;
  readonly ibu: Column<Int32Array>;

  constructor(
    readonly source: Source,
    expected: number,
  ) {
    const i32 = (): Column<Int32Array> => new Column(Int32Array, expected);
    const u8 = (): Column<Uint8Array> => new Column(Uint8Array, expected);
    this.recordId = new Column(Float64Array, expected);
    this.family = i32();
    this.nikHi = i32();
    this.nikLo = i32();
    this.nikLen = u8();
    this.nikStatus = u8();
    this.kkHi = i32();
    this.kkLo = i32();
    this.kkLen = u8();
    this.kkValid = u8();
    this.name = i32();
    this.nameTokens = i32();
    this.nameKey = i32();
    this.initial = new Column(Uint16Array, expected);
    this.dob = i32();
    this.dobFlag = u8();
    this.sex = u8();
    this.hub = u8();
    this.desa = i32();
    this.kec = i32();
    this.kab = i32();
    this.alamat = i32();
    this.rt = new Column(Int16Array, expected);
    this.rw = new Column(Int16Array, expected);
    this.tempat = i32();
    this.ibu = i32();
  }

  private columns(): Column<TypedArray>[] {
    return Object.values(this).filter((v): v is Column<TypedArray> => v instanceof Column);
  }

  /** Index of the next record, every column grown when full. */
  reserve(): number {
    if (this.n === this.recordId.data.length) for (const column of this.columns()) column.grow();
    return this.n++;
  }

  finish(): SideTable {
    const n = this.n;
    return {
      source: this.source,
      n,
      recordId: this.recordId.finish(n),
      sourceId: this.sourceId,
      family: this.family.finish(n),
      familyIds: this.families.values,
      nikHi: this.nikHi.finish(n),
      nikLo: this.nikLo.finish(n),
      nikLen: this.nikLen.finish(n),
      nikStatus: this.nikStatus.finish(n),
      kkHi: this.kkHi.finish(n),
      kkLo: this.kkLo.finish(n),
      kkLen: this.kkLen.finish(n),
      kkValid: this.kkValid.finish(n),
      name: this.name.finish(n),
      nameTokens: this.nameTokens.finish(n),
      nameKey: this.nameKey.finish(n),
      initial: this.initial.finish(n),
      dob: this.dob.finish(n),
      dobFlag: this.dobFlag.finish(n),
      sex: this.sex.finish(n),
      hub: this.hub.finish(n),
      desa: this.desa.finish(n),
      kec: this.kec.finish(n),
      kab: this.kab.finish(n),
      alamat: this.alamat.finish(n),
      rt: this.rt.finish(n),
      rw: this.rw.finish(n),
      tempat: this.tempat.finish(n),
      ibu: this.ibu.finish(n),
    };
  }
}

/**
 * Collects records of both sources one at a time (the store streams rows into it) and turns them
 * into a `MatchInput`.
 */
export class MatchInputBuilder {
  private readonly dict = {
    names: new Interner(),
    tokens: new Interner(),
    keys: new Interner(),
    desa: new Interner(),
    kec: new Interner(),
    kab: new Interner(),
    alamat: new Interner(),
    tempat: new Interner(),
    ibu: new Interner(),
  };
  private readonly sides: { p3ke: SideBuilder; dtks: SideBuilder };

  /** `expected`: record counts per source when known (the store knows them): exact-size columns. */
  constructor(expected: { p3ke?: number; dtks?: number } = {}) {
    this.sides = { p3ke: new SideBuilder('p3ke', expected.p3ke ?? 1024), dtks: new SideBuilder('dtks', expected.dtks ?? 1024) };
    for (const side of [this.sides.p3ke, this.sides.dtks]) {
      side.alamatRun = new RunInterner(this.dict.alamat);
      side.ibuRun = new RunInterner(this.dict.ibu);
      side.desaRun = new RunInterner(this.dict.desa);
    }
  }
  private readonly digits = new Int32Array(3);
  // per name id and per desa-code id: what follows from the value (one Map lookup per record)
  private readonly nameTokensOf = new GrowInt32();
  private readonly nameKeyOf = new GrowInt32();
  private readonly kecOfDesa = new GrowInt32();
  private readonly kabOfDesa = new GrowInt32();

  add(source: Source, r: MatchRecord): void {
    const s = this.sides[source];
    const d = this.dict;
    const k = s.reserve();
    s.recordId.data[k] = r.recordId;
    s.sourceId.push(r.sourceId);
    s.family.data[k] = s.familyRun.intern(r.familyId);

    const nikStatus = NIK_STATUS_INDEX.get(r.nikStatus) ?? NIK_MISSING;
    const usableNik = nikStatus !== NIK_MISSING && nikStatus !== NIK_PLACEHOLDER;
    parseDigits(usableNik ? r.nik : null, this.digits);
    s.nikHi.data[k] = this.digits[0]!;
    s.nikLo.data[k] = this.digits[1]!;
    s.nikLen.data[k] = this.digits[2]!;
    s.nikStatus.data[k] = nikStatus;
    const nikDob = nikStatus === NIK_VALID ? isoToInt(r.nikTglLahir) : 0;

    const kkValid = r.noKkStatus === 'valid';
    parseDigits(kkValid ? r.noKk : null, this.digits);
    s.kkHi.data[k] = this.digits[0]!;
    s.kkLo.data[k] = this.digits[1]!;
    s.kkLen.data[k] = this.digits[2]!;
    s.kkValid.data[k] = kkValid && this.digits[2] === 16 ? 1 : 0;

    const nama = r.nama && r.nama.length > 0 ? r.nama : null;
    const name = d.names.intern(nama);
    s.name.data[k] = name;
    // token set and key are functions of the canonical name: look them up once per distinct name
    if (name >= 0 && name < this.nameTokensOf.length) {
      s.nameTokens.data[k] = this.nameTokensOf.data[name]!;
      s.nameKey.data[k] = this.nameKeyOf.data[name]!;
    } else {
      const tokens = d.tokens.intern(r.namaTokens ?? (nama ? sortedTokens(nama) : null));
      const key = d.keys.intern(r.namaKey ?? nama);
      s.nameTokens.data[k] = tokens;
      s.nameKey.data[k] = key;
      if (name >= 0) {
        this.nameTokensOf.push(tokens);
        this.nameKeyOf.push(key);
      }
    }
    s.initial.data[k] = nama ? nama.charCodeAt(0) : 0;

    let dob = 0;
    let flag = DOB_MISSING;
    if (r.tglLahirFlag === 'ok' || r.tglLahirFlag === 'placeholder') {
      dob = isoToInt(r.tglLahir);
      if (dob !== 0) flag = r.tglLahirFlag === 'ok' ? DOB_OK : DOB_PLACEHOLDER;
    }
    if (flag === DOB_MISSING && nikDob !== 0) {
      // the recorded date is missing or broken: the NIK's date is evidence, not truth
      dob = nikDob;
      flag = DOB_FROM_NIK;
    }
    s.dob.data[k] = dob;
    s.dobFlag.data[k] = flag;

    s.sex.data[k] = sexCode(r.jenisKelamin) || (nikStatus === NIK_VALID ? sexCode(r.nikSex) : 0);
    s.hub.data[k] = r.hubungan ? (HUB_INDEX.get(r.hubungan) ?? 0) : 0;

    // a desa (code, or name within its kecamatan) fixes its kecamatan and kabupaten: one Map
    // lookup per record, the parents cached per desa id
    const kode = r.kodeWilayah && r.kodeWilayah.length > 0 ? r.kodeWilayah : null;
    let desaId = kode ? s.desaRun!.intern(kode) : -1;
    if (desaId >= 0 && desaId < this.kecOfDesa.length) {
      s.desa.data[k] = desaId;
      s.kec.data[k] = this.kecOfDesa.data[desaId]!;
      s.kab.data[k] = this.kabOfDesa.data[desaId]!;
    } else {
      const kec = r.kodeKecamatan ?? (kode ? kode.slice(0, 6) : null);
      const kab = r.kodeKabupaten ?? (kode ? kode.slice(0, 4) : kec ? kec.slice(0, 4) : null);
      const kecId = d.kec.intern(kec);
      const kabId = d.kab.intern(kab);
      // No desa code (DTKS names that did not resolve, FEBRL suburbs): the desa name within its parent.
      if (desaId < 0 && r.desa) desaId = d.desa.intern(`~${kec ?? kab ?? ''}~${r.desa}`);
      if (desaId >= 0 && desaId === this.kecOfDesa.length) {
        this.kecOfDesa.push(kecId);
        this.kabOfDesa.push(kabId);
      }
      s.desa.data[k] = desaId;
      s.kec.data[k] = kecId;
      s.kab.data[k] = kabId;
    }
    s.alamat.data[k] = s.alamatRun!.intern(r.alamat);
    s.rt.data[k] = smallInt(r.rt);
    s.rw.data[k] = smallInt(r.rw);
    s.tempat.data[k] = d.tempat.intern(r.tempatLahir);
    s.ibu.data[k] = s.ibuRun!.intern(r.namaIbu);
  }

  finish(): MatchInput {
    const p3ke = this.sides.p3ke.finish();
    const dtks = this.sides.dtks.finish();
    const d = this.dict;
    const keySorted = new Interner();
    const keyToken = new Interner();
    const keyPrefix = new Interner();
    const nk = d.keys.size;
    const keyFirst = shared(Int32Array, nk);
    const keyLast = shared(Int32Array, nk);
    const keySortedId = shared(Int32Array, nk);
    const keyPrefixId = shared(Int32Array, nk);
    const keyTokStart = shared(Int32Array, nk + 1);
    const flat: number[] = [];
    for (let k = 0; k < nk; k++) {
      const toks = d.keys.values[k]!.split(' ').filter((t) => t.length > 0);
      keyTokStart[k] = flat.length;
      const ids = toks.map((t) => keyToken.intern(t));
      keyFirst[k] = ids[0] ?? -1;
      keyLast[k] = ids[ids.length - 1] ?? -1;
      keySortedId[k] = keySorted.intern([...toks].sort().join(' '));
      // survives a typo after the third letter of any token
      keyPrefixId[k] = keyPrefix.intern(toks.length === 0 ? null : `${toks[0]!.slice(0, 3)}|${toks.length > 1 ? toks[toks.length - 1]!.slice(0, 3) : ''}`);
      for (const id of new Set(ids)) flat.push(id);
    }
    keyTokStart[nk] = flat.length;
    // Words of each address; the rarest word of four letters or more (a street or dusun name,
    // not JALAN or STREET) survives typos elsewhere in the address and blocks well.
    const addressWord = new Interner();
    const alamatWord = shared(Int32Array, d.alamat.size);
    const alamatWordStart = shared(Int32Array, d.alamat.size + 1);
    const words: number[] = [];
    d.alamat.values.forEach((v, k) => {
      alamatWordStart[k] = words.length;
      const ids = new Set<number>();
      for (const w of v.split(/[^A-Z0-9]+/)) if (w.length > 0) ids.add(addressWord.intern(w));
      words.push(...[...ids].sort((x, y) => x - y));
    });
    alamatWordStart[d.alamat.size] = words.length;
    const alamatWordIds = shared(Int32Array, words.length);
    alamatWordIds.set(words);
    const wordCount = new Int32Array(addressWord.size);
    for (const w of words) wordCount[w]!++;
    for (let k = 0; k < d.alamat.size; k++) {
      let best = -1;
      for (let x = alamatWordStart[k]!; x < alamatWordStart[k + 1]!; x++) {
        const w = alamatWordIds[x]!;
        const text = addressWord.values[w]!;
        if (text.length < 4 || !/^[A-Z]+$/.test(text)) continue;
        if (best < 0 || wordCount[w]! < wordCount[best]! || (wordCount[w] === wordCount[best] && text < addressWord.values[best]!)) best = w;
      }
      alamatWord[k] = best;
    }
    const dict: Dictionaries = {
      ...d,
      addressWord,
      alamatWord,
      alamatWordStart,
      alamatWordIds,
      keySorted,
      keyToken,
      keyPrefix,
      keyFirst,
      keyPrefixId,
      keyLast,
      keySortedId,
      keyTokStart,
      keyTokIds: (() => {
        const ids = shared(Int32Array, flat.length);
        ids.set(flat);
        return ids;
      })(),
    };
    const counts = {
      names: new Int32Array(d.names.size),
      tokens: new Int32Array(d.tokens.size),
      keys: new Int32Array(nk),
      keySorted: new Int32Array(keySorted.size),
      keyToken: new Int32Array(keyToken.size),
    };
    for (const side of [p3ke, dtks]) {
      for (let i = 0; i < side.n; i++) {
        const name = side.name[i]!;
        if (name >= 0) counts.names[name]!++;
        const tok = side.nameTokens[i]!;
        if (tok >= 0) counts.tokens[tok]!++;
        const key = side.nameKey[i]!;
        if (key >= 0) {
          counts.keys[key]!++;
          counts.keySorted[keySortedId[key]!]!++;
          for (let t = keyTokStart[key]!; t < keyTokStart[key + 1]!; t++) counts.keyToken[dict.keyTokIds[t]!]!++;
        }
      }
    }
    for (const interner of [d.names, d.tokens, d.keys, d.desa, d.kec, d.kab, d.alamat, d.tempat, d.ibu, keySorted, keyToken, keyPrefix, addressWord]) interner.freeze();
    this.sides.p3ke.families.freeze();
    this.sides.dtks.families.freeze();
    return { dict, p3ke, dtks, counts };
  }
}

/** Builds the columnar input from two arrays of records. */
export function buildMatchInput(p3ke: readonly MatchRecord[], dtks: readonly MatchRecord[]): MatchInput {
  const builder = new MatchInputBuilder({ p3ke: p3ke.length, dtks: dtks.length });
  for (const r of p3ke) builder.add('p3ke', r);
  for (const r of dtks) builder.add('dtks', r);
  return builder.finish();
}

/** The NIK's digits as a string (for reports and explain), or null. */
export function nikDigits(side: SideTable, i: number, hiArr = side.nikHi, loArr = side.nikLo, lenArr = side.nikLen): string | null {
  const len = lenArr[i]!;
  if (len === 0) return null;
  const hiLen = len < 8 ? len : 8;
  const hi = String(hiArr[i]!).padStart(hiLen, '0');
  if (len <= 8) return hi;
  return hi + String(loArr[i]!).padStart(len - 8, '0');
}
