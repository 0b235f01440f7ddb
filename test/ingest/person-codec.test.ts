import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePerson, decodeRows, encodePerson, encodeRows, PERSON_KEYS, PERSON_KINDS, PERSON_WIDTH } from '../../src/ingest/person-codec.js';
import { PROGRAMMES, type NormalisedPerson } from '../../src/normalise/types.js';

/** A person whose every field holds a value of its own, so a swapped field cannot go unnoticed. */
function distinct(): NormalisedPerson {
  const p: Record<string, unknown> = {};
  PERSON_KEYS.forEach((key, i) => {
    const kind = PERSON_KINDS[key];
    p[key] = kind === 'str' ? `v${i}` : kind === 'num' ? i : kind === 'bool' ? i % 2 === 0 : kind === 'flags' ? [`f${i}`, 'g'] : { pkh: true, bst: false };
  });
  return p as unknown as NormalisedPerson;
}

const value = fc.oneof(fc.constant(null), fc.string({ unit: fc.constantFrom('a', 'É', '\u0000', '\u0001', '\u0002', ' ', ',', '\u{1F600}') }));

describe('person codec', () => {
  it('every field survives, in its place', () => {
    const person = distinct();
    const out: string[] = [];
    encodePerson(person, out);
    expect(out).toHaveLength(PERSON_WIDTH);
    expect(decodePerson(out, 0)).toEqual(person);
  });

  it('nulls, empty strings, leading NUL/SOH, numbers, booleans, programmes, flags round-trip', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: PERSON_WIDTH, maxLength: PERSON_WIDTH }),
        fc.option(fc.integer({ min: 1, max: 10 })),
        fc.option(fc.double({ noNaN: true })),
        fc.option(fc.boolean()),
        fc.dictionary(fc.constantFrom(...PROGRAMMES), fc.boolean()),
        fc.array(fc.constantFrom('nik_date_mismatch', 'gelar_stripped')),
        (strings, desil, persentil, padan, programmes, flags) => {
          const p: Record<string, unknown> = {};
          PERSON_KEYS.forEach((key, i) => {
            const kind = PERSON_KINDS[key];
            p[key] = kind === 'str' ? strings[i] : kind === 'num' ? (key === 'desil' ? desil : persentil) : kind === 'bool' ? padan : kind === 'flags' ? flags : programmes;
          });
          p.sourceId = strings[0] ?? 'x';
          const person = p as unknown as NormalisedPerson;
          const rows = [
            { cells: ['ab', '', 'Éé'], person },
            { cells: ['ab', 'cd', 'Éé', 'extra'], person },
            { cells: [], person: { ...person, nik: 'other' } },
          ];
          const decoded = decodeRows(encodeRows(rows), [2, 9, 10]);
          expect(decoded).toEqual(rows.map((r, i) => ({ line: [2, 9, 10][i], ...r })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an empty batch', () => {
    expect(decodeRows(encodeRows([]), [])).toEqual([]);
  });
});
