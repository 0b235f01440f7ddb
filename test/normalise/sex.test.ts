import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseSex } from '../../src/normalise/sex.js';

describe('normaliseSex', () => {
  it.each([
    ['L', 'L'],
    ['l', 'L'],
    [' L ', 'L'],
    ['LK', 'L'],
    ['LAKI-LAKI', 'L'],
    ['Laki-laki', 'L'],
    ['laki laki', 'L'],
    ['LAKI - LAKI', 'L'],
    ['LAKI', 'L'],
    ['LELAKI', 'L'],
    ['PRIA', 'L'],
    ['Pria', 'L'],
    ['1', 'L'],
    ['01', 'L'],
    ['1.0', 'L'],
    ['M', 'L'],
    ['Male', 'L'],
    ['MALE', 'L'],
    ['LAKI-LAKI (L)', 'L'],
    ['P', 'P'],
    ['p', 'P'],
    ['PR', 'P'],
    ['PEREMPUAN', 'P'],
    ['Perempuan', 'P'],
    ['  perempuan  ', 'P'],
    ['WANITA', 'P'],
    ['Wanita', 'P'],
    ['W', 'P'],
    ['2', 'P'],
    ['02', 'P'],
    ['2.0', 'P'],
    ['F', 'P'],
    ['FEMALE', 'P'],
    ['female', 'P'],
    ['P - PEREMPUAN', 'P'],
  ])('%j → %s', (raw, sex) => {
    expect(normaliseSex(raw)).toBe(sex);
  });

  it.each([[undefined], [''], ['  '], ['-'], ['3'], ['0'], ['X'], ['L/P'], ['LAKI-LAKI / PEREMPUAN'], ['TIDAK TAHU'], ['10']])(
    '%j → null',
    (raw) => {
      expect(normaliseSex(raw)).toBeNull();
    },
  );

  it('ignores case and spacing', () => {
    const words = fc.constantFrom('LAKI-LAKI', 'PEREMPUAN', 'PRIA', 'WANITA', 'MALE', 'FEMALE');
    const spacing = fc.constantFrom('', ' ', '  ', '\t');
    fc.assert(
      fc.property(words, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), spacing, spacing, (word, lower, pre, post) => {
        const varied = [...word].map((c, i) => (lower[i % lower.length] ? c.toLowerCase() : c)).join('');
        expect(normaliseSex(`${pre}${varied}${post}`)).toBe(normaliseSex(word));
      }),
    );
  });

  it('is a fixpoint on its own output', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const sex = normaliseSex(raw);
        if (sex !== null) expect(normaliseSex(sex)).toBe(sex);
      }),
    );
  });
});
