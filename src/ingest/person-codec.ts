// Carrying rows from the parse worker to the main thread cheaply. Structured clone of 5,000
// {line, cells, person} objects cost the sender ~20 ms to serialise and the receiver ~16-20 ms to
// rebuild (nested objects and mixed-type values are slow). Here each row travels as one string,
// its cells and person fields joined by U+001F: the sender only joins, the receiver splits and
// builds each person with a fixed-shape literal, about half the receiver's time.
import { PROGRAMMES, type NormalisedPerson, type Programme } from '../normalise/types.js';

type Kind = 'str' | 'num' | 'bool' | 'programmes' | 'flags';

/**
 * Every field and its kind, in the order encodePerson writes and decodePerson reads them; the type
 * makes a new NormalisedPerson field a compile error here, and the round-trip test checks the
 * hand-written encoder and decoder against this list.
 */
const SCHEMA: { [K in keyof NormalisedPerson]-?: Kind } = {
  sourceId: 'str',
  familyId: 'str',
  nik: 'str',
  nikStatus: 'str',
  nikDetail: 'str',
  nikTglLahir: 'str',
  nikSex: 'str',
  noKk: 'str',
  noKkStatus: 'str',
  nama: 'str',
  namaGelar: 'str',
  namaBin: 'str',
  namaKey: 'str',
  namaTokens: 'str',
  namaInitials: 'str',
  tglLahir: 'str',
  tglLahirFlag: 'str',
  jenisKelamin: 'str',
  hubungan: 'str',
  tempatLahir: 'str',
  namaIbu: 'str',
  kodeWilayah: 'str',
  kodeProvinsi: 'str',
  kodeKabupaten: 'str',
  kodeKecamatan: 'str',
  wilayahStatus: 'str',
  provinsi: 'str',
  kabupaten: 'str',
  kecamatan: 'str',
  desa: 'str',
  alamat: 'str',
  dusun: 'str',
  rt: 'str',
  rw: 'str',
  desil: 'num',
  persentil: 'num',
  padanDukcapil: 'bool',
  programmes: 'programmes',
  flags: 'flags',
};

const KEYS = Object.keys(SCHEMA) as (keyof NormalisedPerson)[];
export const PERSON_WIDTH = KEYS.length;

const NULL = '\u0000';
const ESCAPE = '\u0001';

const s = (v: string | null): string => (v === null ? NULL : v.length > 0 && v.charCodeAt(0) <= 2 ? ESCAPE + v : v);
const n = (v: number | null): string => (v === null ? NULL : Object.is(v, -0) ? '-0' : String(v));
const b = (v: boolean | null): string => (v === null ? NULL : v ? 'T' : 'F');
function encodeProgrammes(p: Partial<Record<Programme, boolean>>): string {
  let out = '';
  for (const name of PROGRAMMES) out += p[name] === undefined ? '-' : p[name] ? 'T' : 'F';
  return out;
}

/**
 * Appends one person as PERSON_WIDTH strings: null is NUL, a string starting with NUL, SOH or STX is
 * escaped with SOH. None of them holds U+001F (the batch separator): cells with control
 * characters are rejected before they reach a normaliser, and flags are joined with commas.
 */
export function encodePerson(p: NormalisedPerson, out: string[]): void {
  out.push(
    s(p.sourceId), s(p.familyId), s(p.nik), s(p.nikStatus), s(p.nikDetail), s(p.nikTglLahir), s(p.nikSex),
    s(p.noKk), s(p.noKkStatus), s(p.nama), s(p.namaGelar), s(p.namaBin), s(p.namaKey), s(p.namaTokens),
    s(p.namaInitials), s(p.tglLahir), s(p.tglLahirFlag), s(p.jenisKelamin), s(p.hubungan), s(p.tempatLahir),
    s(p.namaIbu), s(p.kodeWilayah), s(p.kodeProvinsi), s(p.kodeKabupaten), s(p.kodeKecamatan),
    s(p.wilayahStatus), s(p.provinsi), s(p.kabupaten), s(p.kecamatan), s(p.desa), s(p.alamat), s(p.dusun),
    s(p.rt), s(p.rw), n(p.desil), n(p.persentil), b(p.padanDukcapil), encodeProgrammes(p.programmes),
    p.flags.join(','),
  );
}

function str(v: string): string | null {
  if (v === NULL) return null;
  return v.charCodeAt(0) === 1 ? v.slice(1) : v;
}
const num = (v: string): number | null => (v === NULL ? null : Number(v));
const bool = (v: string): boolean | null => (v === NULL ? null : v === 'T');
function programmes(v: string): Partial<Record<Programme, boolean>> {
  const out: Partial<Record<Programme, boolean>> = {};
  for (let i = 0; i < PROGRAMMES.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x54) out[PROGRAMMES[i]!] = true;
    else if (c === 0x46) out[PROGRAMMES[i]!] = false;
  }
  return out;
}
const flags = (v: string): string[] => (v === '' ? [] : v.split(','));

type P = NormalisedPerson;

/**
 * The person starting at `v[j]`. Written out field by field because an object literal of a fixed
 * shape is built far faster than one filled key by key; the order is SCHEMA's (a round-trip test
 * checks every field).
 */
export function decodePerson(v: readonly string[], j: number): NormalisedPerson {
  return {
    sourceId: str(v[j]!) ?? '',
    familyId: str(v[j + 1]!),
    nik: str(v[j + 2]!),
    nikStatus: str(v[j + 3]!) as P['nikStatus'],
    nikDetail: str(v[j + 4]!),
    nikTglLahir: str(v[j + 5]!),
    nikSex: str(v[j + 6]!) as P['nikSex'],
    noKk: str(v[j + 7]!),
    noKkStatus: str(v[j + 8]!) as P['noKkStatus'],
    nama: str(v[j + 9]!),
    namaGelar: str(v[j + 10]!),
    namaBin: str(v[j + 11]!),
    namaKey: str(v[j + 12]!),
    namaTokens: str(v[j + 13]!),
    namaInitials: str(v[j + 14]!),
    tglLahir: str(v[j + 15]!),
    tglLahirFlag: str(v[j + 16]!) as P['tglLahirFlag'],
    jenisKelamin: str(v[j + 17]!) as P['jenisKelamin'],
    hubungan: str(v[j + 18]!) as P['hubungan'],
    tempatLahir: str(v[j + 19]!),
    namaIbu: str(v[j + 20]!),
    kodeWilayah: str(v[j + 21]!),
    kodeProvinsi: str(v[j + 22]!),
    kodeKabupaten: str(v[j + 23]!),
    kodeKecamatan: str(v[j + 24]!),
    wilayahStatus: str(v[j + 25]!) as P['wilayahStatus'],
    provinsi: str(v[j + 26]!),
    kabupaten: str(v[j + 27]!),
    kecamatan: str(v[j + 28]!),
    desa: str(v[j + 29]!),
    alamat: str(v[j + 30]!),
    dusun: str(v[j + 31]!),
    rt: str(v[j + 32]!),
    rw: str(v[j + 33]!),
    desil: num(v[j + 34]!),
    persentil: num(v[j + 35]!),
    padanDukcapil: bool(v[j + 36]!),
    programmes: programmes(v[j + 37]!),
    flags: flags(v[j + 38]!),
  };
}

/** For the round-trip test: the field order decodePerson assumes. */
export const PERSON_KEYS: readonly (keyof NormalisedPerson)[] = KEYS;
export const PERSON_KINDS: Readonly<Record<keyof NormalisedPerson, Kind>> = SCHEMA;

export const SEPARATOR = '\u001f';

/** Stands for "the same value as in the row before": rows of one family or desa repeat most fields. */
const SAME = '\u0002';

/**
 * One batch of rows as one string per row: its cell count, its cells, its person, joined by
 * U+001F; a value equal to the previous row's value in the same position is sent as SAME, so the
 * receiver reuses that string instead of allocating a new one (about half the values of a P3KE
 * row). One string per row rather than per batch keeps every string small: strings over ~128 KB
 * go to V8's large-object space, allocated with mmap, and cost system time on both threads.
 */
export function encodeRows(rows: readonly { cells: readonly string[]; person: NormalisedPerson }[]): string[] {
  const out: string[] = new Array(rows.length);
  let prevCells: readonly string[] = [];
  let prevPerson: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const { cells, person: p } = rows[r]!;
    const parts: string[] = [String(cells.length)];
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      parts.push(c === prevCells[i] && c.length > 1 ? SAME : c);
    }
    const person: string[] = [];
    encodePerson(p, person);
    for (let i = 0; i < person.length; i++) {
      const v = person[i]!;
      parts.push(v === prevPerson[i] && v.length > 1 ? SAME : v);
    }
    out[r] = parts.join(SEPARATOR);
    prevCells = cells;
    prevPerson = person;
  }
  return out;
}

/** The inverse of encodeRows, with the line numbers that travel beside it. */
export function decodeRows(encoded: readonly string[], lines: ArrayLike<number>): { line: number; cells: string[]; person: NormalisedPerson }[] {
  const rows: { line: number; cells: string[]; person: NormalisedPerson }[] = new Array(lines.length);
  let prevCells: string[] = [];
  let prevPerson: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const parts = encoded[i]!.split(SEPARATOR);
    const count = Number(parts[0]);
    // A separator inside a value would shift every field after it: fail loudly rather than mislabel.
    if (parts.length !== 1 + count + PERSON_WIDTH) throw new Error(`internal error: row ${i} of a batch has ${parts.length} values`);
    const cells: string[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const v = parts[1 + k]!;
      cells[k] = v === SAME ? prevCells[k]! : v;
    }
    const person: string[] = new Array(PERSON_WIDTH);
    for (let k = 0; k < PERSON_WIDTH; k++) {
      const v = parts[1 + count + k]!;
      person[k] = v === SAME ? prevPerson[k]! : v;
    }
    rows[i] = { line: lines[i]!, cells, person: decodePerson(person, 0) };
    prevCells = cells;
    prevPerson = person;
  }
  return rows;
}
