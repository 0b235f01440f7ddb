import { describe, expect, it } from 'vitest';
import { CodePool, hamming, jaro, jaroWinkler, levenshtein, withinOneEdit } from '../../src/match/similarity.js';
import { seededRandom } from '../../src/match/train.js';

describe('Jaro–Winkler', () => {
  // reference values from Winkler's papers and the record-linkage literature
  it.each([
    ['MARTHA', 'MARHTA', 0.9611],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.8133],
    ['JONES', 'JOHNSON', 0.8324],
    ['ABROMS', 'ABRAMS', 0.9222],
  ])('JW(%s, %s) = %s', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 4);
  });

  it('Jaro reference values', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.9444, 4);
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.8222, 4);
  });

  it('is 1 for equal strings, 0 when nothing matches or one is empty, and symmetric', () => {
    expect(jaroWinkler('SITI', 'SITI')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'SITI')).toBe(0);
    expect(jaroWinkler('SITI AMINAH', 'AMINAH SITI')).toBeCloseTo(jaroWinkler('AMINAH SITI', 'SITI AMINAH'), 12);
  });

  it('the packed pool gives exactly the string results', () => {
    const random = seededRandom(3);
    const letters = 'AIUEOKNRSTMLHGY ';
    const values = Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 18) }, () => letters[Math.floor(random() * letters.length)]).join(''));
    const pool = CodePool.of(values);
    for (let k = 0; k < 2000; k++) {
      const x = Math.floor(random() * values.length);
      const y = Math.floor(random() * values.length);
      expect(pool.jaroWinkler(x, y)).toBe(jaroWinkler(values[x]!, values[y]!));
    }
  });
});

describe('edit distances', () => {
  it('levenshtein (fast-levenshtein)', () => {
    expect(levenshtein('KITTEN', 'SITTING')).toBe(3);
    expect(levenshtein('SUPARMI', 'SUPARNI')).toBe(1);
    expect(levenshtein('', 'ABC')).toBe(3);
  });

  it.each([
    ['3273014507850002', '3273014507850002', true],
    ['3273014507850002', '3273014507850003', true], // substitution
    ['3273014507850002', '3273015407850002', true], // adjacent transposition
    ['3273014507850002', '327301450785002', true], // deletion
    ['3273014507850002', '32730145078500023', true], // insertion
    ['3273014507850002', '3273015407850003', false], // two edits
    ['3273014507850002', '3273024507850012', false],
  ])('withinOneEdit(%s, %s) = %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });

  it('hamming', () => {
    expect(hamming('1985-07-05', '1985-07-06')).toBe(1);
    expect(hamming('AB', 'ABC')).toBe(Infinity);
  });
});
