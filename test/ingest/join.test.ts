// A mapping file may build a text field from several columns (FEBRL: given_name + surname).
import { describe, expect, it } from 'vitest';
import { matchHeaders } from '../../src/ingest/header.js';
import { headerKey, parseProfile } from '../../src/ingest/profiles.js';
import { fieldsFromCells } from '../../src/ingest/read-export.js';

const profile = parseProfile(
  { source: 'dtks', columns: { person_id: 'rec_id', nama: { join: ['given_name', 'surname'] }, alamat: { join: ['street_number', 'address_1'] } } },
  'febrl.json',
);

describe('joined columns', () => {
  it('maps every part and joins the non-empty values with one space', () => {
    const { mapping, missing } = matchHeaders(['rec_id', ' given_name', ' surname', 'street_number', 'address_1'].map(headerKey), profile);
    expect(missing).toEqual([]);
    expect(mapping).toEqual({ person_id: 0, nama: [1, 2], alamat: [3, 4] });
    expect(fieldsFromCells(['rec-1-dup-0', ' michaela', ' neumann', '', ' stanley street'], mapping)).toEqual({
      person_id: 'rec-1-dup-0',
      nama: 'michaela neumann',
      alamat: 'stanley street',
    });
  });

  it('reports a joined field as missing when one of its parts is', () => {
    expect(matchHeaders(['rec_id', 'given_name', 'street_number', 'address_1'].map(headerKey), profile).missing).toEqual(['nama']);
  });

  it.each([
    [{ nik: { join: ['a', 'b'] } }, /only nama, alamat/],
    [{ nama: { join: ['a'] } }, /two or more header names/],
    [{ nama: { join: ['a', 'b'], extra: 1 } }, /two or more header names/],
  ])('refuses %j', (columns, message) => {
    expect(() => parseProfile({ source: 'p3ke', columns: { family_id: 'f', person_id: 'p', ...columns } }, 'm.json')).toThrow(message);
  });
});
