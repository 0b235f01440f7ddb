// Sex to `L` (laki-laki) or `P` (perempuan), whichever spelling or code the export used.
// `P` is always perempuan, as on the KTP: a column coded P/W (pria/wanita) cannot be told apart
// per value and would be misread; none of the layouts padan knows uses it.
import { CodedValues } from './memo.js';
import type { Sex } from './types.js';

/** Keys are upper-case with everything but letters and digits removed. */
const SEXES = new Map<string, Sex>([
  ['L', 'L'],
  ['LK', 'L'],
  ['LAKI', 'L'],
  ['LAKILAKI', 'L'],
  ['LELAKI', 'L'],
  ['PRIA', 'L'],
  ['1', 'L'], // Dukcapil, BPS and BDT code 1
  ['01', 'L'],
  ['M', 'L'],
  ['MALE', 'L'],
  ['P', 'P'],
  ['PR', 'P'],
  ['PRP', 'P'],
  ['PEREMPUAN', 'P'],
  ['WANITA', 'P'],
  ['W', 'P'],
  ['2', 'P'], // code 2
  ['02', 'P'],
  ['F', 'P'],
  ['FEMALE', 'P'],
]);

const NOT_ALNUM_G = /[^A-Z0-9]+/g;
const FLOAT_CODE_RE = /^\s*0*([12])[.,]0+\s*$/;

function sexOf(raw: string): Sex | null {
  const float = FLOAT_CODE_RE.exec(raw); // `1.0` from a numeric column
  if (float) return float[1] === '1' ? 'L' : 'P';
  const upper = raw.toUpperCase();
  const key = upper.replace(NOT_ALNUM_G, '');
  const byKey = SEXES.get(key);
  if (byKey !== undefined) return byKey;
  // `LAKI-LAKI (L)`, `P - PEREMPUAN`: every word must name the same sex.
  let found: Sex | null = null;
  for (const word of upper.split(NOT_ALNUM_G)) {
    if (word === '') continue;
    const sex = SEXES.get(word);
    if (sex === undefined || (found !== null && sex !== found)) return null;
    found = sex;
  }
  return found;
}

// A column holds a handful of spellings (`Laki-laki`, `Perempuan`): remembered, bounded.
const sexes = new CodedValues<Sex | null>(SEXES, 1024, sexOf);

export function normaliseSex(raw: string | undefined): Sex | null {
  return raw === undefined ? null : sexes.get(raw);
}
