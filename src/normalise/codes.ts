// Coded columns to one vocabulary: relation to the head of family (SHDK), yes/no flags (programme
// recipients, Padan Dukcapil), desil and persentil. Words and numeric codes alike.
import { CodedValues, Memo, Recent } from './memo.js';
import type { Hubungan, Sex } from './types.js';

// A coded column holds a handful of spellings (`Ya`, `Tidak`, `Kepala Keluarga`) over a million
// rows: the answer for each spelling is remembered instead of worked out again (bounded, so a
// column of free text cannot grow it).
const SPELLINGS = 1024;

// ---- hubungan ---------------------------------------------------------------------------------

/** A spouse label that does not say which (`ISTRI/SUAMI`): resolved by sex, else `istri`. */
type Spouse = 'spouse';

export interface HubunganOptions {
  /**
   * Which numeric coding the column uses. Dukcapil (SHDK, default): 1 kepala keluarga, 2 suami,
   * 3 istri, 4 anak, 5 menantu, 6 cucu, 7 orang tua, 8 mertua, 9 famili lain, 10 pembantu,
   * 11 lainnya. BDT/BPS (legacy DTKS `HubKRT`/`Hubkel`, Regsosek-style questionnaires) agrees only
   * on 1: 1 kepala rumah tangga/keluarga, 2 istri/suami, 3 anak, 4 menantu, 5 cucu, 6 orang
   * tua/mertua, 7 pembantu/sopir, 8 lainnya. A code alone cannot tell the two apart (3 is istri
   * in one and anak in the other), so the caller that knows the layout says which.
   */
  codes?: 'dukcapil' | 'bdt';
  /** The person's sex, to split a label that names both spouses (`ISTRI/SUAMI`, BDT code 2). */
  sex?: Sex | null;
}

const DUKCAPIL_CODES: readonly Hubungan[] = [
  'kepala_keluarga',
  'suami',
  'istri',
  'anak',
  'menantu',
  'cucu',
  'orang_tua',
  'mertua',
  'famili_lain',
  'pembantu',
  'lainnya',
];

// `orang tua/mertua` (code 6) maps to orang_tua: the coding does not say which.
const BDT_CODES: readonly (Hubungan | Spouse)[] = [
  'kepala_keluarga',
  'spouse',
  'anak',
  'menantu',
  'cucu',
  'orang_tua',
  'pembantu',
  'lainnya',
];

/** Keys: upper-case words separated by single spaces, punctuation removed. */
const HUBUNGAN_WORDS = new Map<string, Hubungan | Spouse>();
for (const [value, labels] of [
  [
    'kepala_keluarga',
    [
      'KEPALA KELUARGA',
      'KEPALA RUMAH TANGGA',
      'KEPALA RUTA',
      'KEPALA ART',
      'KEPALA',
      'KPL KELUARGA',
      'KPL KEL',
      'KEP KELUARGA',
      'KEPALA KK',
      'KK',
      'KRT',
    ],
  ],
  ['suami', ['SUAMI']],
  ['istri', ['ISTRI', 'ISTERI']],
  ['spouse', ['ISTRI SUAMI', 'SUAMI ISTRI', 'ISTERI SUAMI', 'SUAMI ISTERI', 'ISTRI ATAU SUAMI', 'SUAMI ATAU ISTRI', 'PASANGAN']],
  [
    'anak',
    ['ANAK', 'ANAK KANDUNG', 'ANAK TIRI', 'ANAK ANGKAT', 'ANAK TIRI ANGKAT', 'ANAK ANGKAT TIRI', 'ANAK TIRI ANAK ANGKAT'],
  ],
  ['menantu', ['MENANTU']],
  ['cucu', ['CUCU']],
  ['orang_tua', ['ORANG TUA', 'ORANGTUA', 'ORTU', 'AYAH', 'IBU', 'BAPAK', 'ORANG TUA MERTUA', 'ORANGTUA MERTUA']],
  ['mertua', ['MERTUA']],
  ['famili_lain', ['FAMILI LAIN', 'FAMILI LAINNYA', 'FAMILI', 'FAMILY LAIN', 'KELUARGA LAIN', 'KELUARGA LAINNYA', 'SAUDARA']],
  ['pembantu', ['PEMBANTU', 'PEMBANTU RUMAH TANGGA', 'PEMBANTU RUTA', 'PEMBANTU SOPIR', 'SOPIR']],
  ['lainnya', ['LAINNYA', 'LAINYA', 'LAIN LAIN', 'LAIN', 'LAINNYA LAINNYA']],
] as const) {
  for (const label of labels) HUBUNGAN_WORDS.set(label, value);
}

const NOT_ALNUM_G = /[^A-Z0-9]+/g;
const CODE_RE = /^\s*0*(\d{1,2})(?:[.,]0+)?\s*$/;
/** `1. Kepala Keluarga`, `03 - ISTRI`: a code in front of the words. */
const LEADING_CODE_RE = /^\d{1,2} /;

/** Upper-case words separated by one space. */
function wordKey(raw: string): string {
  return raw.toUpperCase().replace(NOT_ALNUM_G, ' ').trim();
}

function resolveSpouse(value: Hubungan | Spouse | undefined, sex: Sex | null | undefined): Hubungan | null {
  if (value === undefined) return null;
  if (value !== 'spouse') return value;
  // Most heads of family are men, so an unsexed spouse is most often the wife.
  return sex === 'L' ? 'suami' : 'istri';
}

/** The words of a relation cell, looked up (undefined: not a relation). */
function hubunganWords(raw: string): Hubungan | Spouse | undefined {
  let key = wordKey(raw);
  if (key === '') return undefined;
  let value = HUBUNGAN_WORDS.get(key);
  if (value === undefined && LEADING_CODE_RE.test(key)) {
    // Trust the words over the code: they do not depend on the coding scheme.
    key = key.slice(key.indexOf(' ') + 1);
    value = HUBUNGAN_WORDS.get(key);
  }
  return value;
}

const hubunganRecent = new Recent<Hubungan | Spouse | 'none'>();
const hubunganMemo = new Memo<Hubungan | Spouse | 'none'>(SPELLINGS);

export function normaliseHubungan(raw: string | undefined, options?: HubunganOptions): Hubungan | null {
  if (raw === undefined) return null;
  let value = hubunganRecent.get(raw) ?? hubunganMemo.get(raw);
  if (value === undefined) {
    const code = CODE_RE.exec(raw);
    if (code) {
      const n = Number(code[1]);
      const table = options?.codes === 'bdt' ? BDT_CODES : DUKCAPIL_CODES;
      return n >= 1 && n <= table.length ? resolveSpouse(table[n - 1], options?.sex) : null;
    }
    value = hubunganWords(raw) ?? 'none';
    hubunganMemo.set(raw, value);
  }
  hubunganRecent.set(raw, value);
  return value === 'none' ? null : resolveSpouse(value, options?.sex);
}

// ---- yes / no ---------------------------------------------------------------------------------

const YA_TIDAK = new Map<string, boolean>([
  ['YA', true],
  ['Y', true],
  ['YES', true],
  ['1', true],
  ['TRUE', true],
  ['BENAR', true],
  ['ADA', true],
  ['SUDAH', true],
  ['PADAN', true],
  ['PENERIMA', true],
  ['MENERIMA', true],
  ['TERDAFTAR', true],
  ['AKTIF', true],
  ['V', true], // a tick typed as a letter
  ['TIDAK', false],
  ['TDK', false],
  ['T', false], // Y/T: tidak, not true
  ['N', false],
  ['NO', false],
  ['0', false],
  ['2', false], // BPS questionnaires code 1 ya, 2 tidak
  ['FALSE', false],
  ['SALAH', false],
  ['BUKAN', false],
  ['BELUM', false],
  ['NON', false],
  ['TAK', false],
  ['GAGAL', false],
]);

/** A first word that decides the answer of a longer text (`TIDAK PADAN DUKCAPIL`). */
const YES_FIRST = new Set(['YA', 'PADAN', 'PENERIMA', 'MENERIMA', 'SUDAH', 'ADA', 'TERDAFTAR', 'AKTIF']);
const NO_FIRST = new Set(['TIDAK', 'TDK', 'BUKAN', 'BELUM', 'NON', 'TAK', 'GAGAL']);
const FLOAT_FLAG_RE = /^\s*([012])[.,]0+\s*$/;

function yaTidak(raw: string): boolean | null {
  const float = FLOAT_FLAG_RE.exec(raw);
  if (float) return float[1] === '1';
  const key = wordKey(raw);
  if (key === '') return null;
  const byKey = YA_TIDAK.get(key);
  if (byKey !== undefined) return byKey;
  const space = key.indexOf(' ');
  if (space < 0) return null;
  const first = key.slice(0, space);
  if (NO_FIRST.has(first)) return false;
  if (YES_FIRST.has(first)) return true;
  return null;
}

const yaTidakValues = new CodedValues<boolean | null>(YA_TIDAK, SPELLINGS, yaTidak);

export function normaliseYaTidak(raw: string | undefined): boolean | null {
  return raw === undefined ? null : yaTidakValues.get(raw);
}

// ---- desil and persentil ----------------------------------------------------------------------

const DESIL_RE = /^\s*(?:(?:DESIL|D)\s*[-_:.]?\s*)?0*(\d{1,3})(?:[.,]0+)?\s*$/i;
const PERSENTIL_RE = /^\s*(?:(?:PERSENTIL|P)\s*[-_:.]?\s*)?0*(\d{1,3})(?:[.,]0+)?\s*%?\s*$/i;

function smallInteger(raw: string): number {
  // Fast path for the bare `1`–`99` almost every row carries.
  const a = raw.charCodeAt(0) - 0x30;
  if (raw.length === 1) return a >= 0 && a <= 9 ? a : -1;
  const b = raw.charCodeAt(1) - 0x30;
  return raw.length === 2 && a >= 1 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function inRange(raw: string | undefined, re: RegExp, max: number): number | null {
  if (raw === undefined || raw.length === 0) return null;
  let n = smallInteger(raw);
  if (n < 0) {
    const m = re.exec(raw);
    if (!m) return null;
    n = Number(m[1]);
  }
  return n >= 1 && n <= max ? n : null;
}

/** Welfare decile 1 (poorest) to 10: `1`, `Desil 1`, `DESIL-2`, `1.0`. Anything else: null. */
export function normaliseDesil(raw: string | undefined): number | null {
  return inRange(raw, DESIL_RE, 10);
}

/** Welfare percentile 1–100: `35`, `35.0`, `Persentil 35`, `35%`. Anything else: null. */
export function normalisePersentil(raw: string | undefined): number | null {
  return inRange(raw, PERSENTIL_RE, 100);
}
