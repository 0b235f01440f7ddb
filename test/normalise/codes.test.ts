import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseDesil, normaliseHubungan, normalisePersentil, normaliseYaTidak } from '../../src/normalise/codes.js';
import { HUBUNGAN } from '../../src/normalise/types.js';

describe('normaliseHubungan', () => {
  it.each([
    ['KEPALA KELUARGA', 'kepala_keluarga'],
    ['Kepala Keluarga', 'kepala_keluarga'],
    ['KEPALA RUMAH TANGGA', 'kepala_keluarga'],
    ['Kepala ART', 'kepala_keluarga'],
    ['Kpl. Keluarga', 'kepala_keluarga'],
    ['KPL KELUARGA', 'kepala_keluarga'],
    ['KRT', 'kepala_keluarga'],
    ['SUAMI', 'suami'],
    ['Suami', 'suami'],
    ['ISTRI', 'istri'],
    ['ISTERI', 'istri'],
    ['ISTRI/SUAMI', 'istri'],
    ['Suami/Istri', 'istri'],
    ['ANAK', 'anak'],
    ['ANAK KANDUNG', 'anak'],
    ['ANAK TIRI', 'anak'],
    ['ANAK ANGKAT', 'anak'],
    ['Anak Tiri/Angkat', 'anak'],
    ['MENANTU', 'menantu'],
    ['CUCU', 'cucu'],
    ['ORANG TUA', 'orang_tua'],
    ['Orang Tua/Mertua', 'orang_tua'],
    ['MERTUA', 'mertua'],
    ['FAMILI LAIN', 'famili_lain'],
    ['Famili Lain', 'famili_lain'],
    ['PEMBANTU', 'pembantu'],
    ['PEMBANTU RUMAH TANGGA', 'pembantu'],
    ['LAINNYA', 'lainnya'],
    ['LAIN-LAIN', 'lainnya'],
    ['  kepala   keluarga ', 'kepala_keluarga'],
    ['1. Kepala Keluarga', 'kepala_keluarga'],
    ['03 - ISTRI', 'istri'],
    ['4 ANAK', 'anak'],
  ])('%j → %s', (raw, value) => {
    expect(normaliseHubungan(raw)).toBe(value);
  });

  it.each(HUBUNGAN.map((value, i) => [String(i + 1), value] as const))('Dukcapil code %s → %s', (code, value) => {
    expect(normaliseHubungan(code)).toBe(value);
    expect(normaliseHubungan(`0${code}`)).toBe(value);
    expect(normaliseHubungan(`${code}.0`)).toBe(value);
  });

  it.each([
    ['1', 'kepala_keluarga'],
    ['2', 'istri'],
    ['3', 'anak'],
    ['4', 'menantu'],
    ['5', 'cucu'],
    ['6', 'orang_tua'],
    ['7', 'pembantu'],
    ['8', 'lainnya'],
    ['9', null],
  ])('BDT code %s → %s', (code, value) => {
    expect(normaliseHubungan(code, { codes: 'bdt' })).toBe(value);
  });

  it('splits a label naming both spouses by sex', () => {
    expect(normaliseHubungan('ISTRI/SUAMI', { sex: 'L' })).toBe('suami');
    expect(normaliseHubungan('ISTRI/SUAMI', { sex: 'P' })).toBe('istri');
    expect(normaliseHubungan('2', { codes: 'bdt', sex: 'L' })).toBe('suami');
    expect(normaliseHubungan('2', { codes: 'bdt', sex: null })).toBe('istri');
    // an explicit label is never overridden by sex
    expect(normaliseHubungan('ISTRI', { sex: 'L' })).toBe('istri');
    expect(normaliseHubungan('2', { sex: 'P' })).toBe('suami');
  });

  it.each([[undefined], [''], ['-'], ['0'], ['12'], ['99'], ['TETANGGA'], ['?']])('%j → null', (raw) => {
    expect(normaliseHubungan(raw)).toBeNull();
  });

  it('maps every value of the vocabulary onto itself', () => {
    for (const value of HUBUNGAN) expect(normaliseHubungan(value.replace('_', ' '))).toBe(value);
  });

  it('never throws and only answers with the vocabulary', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const value = normaliseHubungan(raw);
        expect(value === null || (HUBUNGAN as readonly string[]).includes(value)).toBe(true);
      }),
    );
  });
});

describe('normaliseYaTidak', () => {
  it.each([
    ['Ya', true],
    ['YA', true],
    ['ya', true],
    ['Y', true],
    ['1', true],
    ['1.0', true],
    ['TRUE', true],
    ['true', true],
    ['PADAN', true],
    ['Padan', true],
    ['PADAN DUKCAPIL', true],
    ['Penerima', true],
    ['PENERIMA', true],
    ['ADA', true],
    ['Sudah', true],
    ['Tidak', false],
    ['TIDAK', false],
    ['tidak', false],
    ['T', false], // Y/T: tidak
    ['N', false],
    ['0', false],
    ['0.0', false],
    ['2', false],
    ['FALSE', false],
    ['TIDAK PADAN', false],
    ['Tidak Padan', false],
    ['TIDAK PADAN DUKCAPIL', false],
    ['BELUM PADAN', false],
    ['Bukan', false],
    ['BUKAN PENERIMA', false],
    ['TIDAK ADA', false],
    ['Belum', false],
    [' Ya ', true],
  ])('%j → %s', (raw, value) => {
    expect(normaliseYaTidak(raw)).toBe(value);
  });

  it.each([[undefined], [''], ['  '], ['-'], ['NULL'], ['#N/A'], ['3'], ['MUNGKIN'], ['PKH']])('%j → null', (raw) => {
    expect(normaliseYaTidak(raw)).toBeNull();
  });
});

describe('normaliseDesil', () => {
  it.each([
    ['1', 1],
    ['4', 4],
    ['10', 10],
    [' 3 ', 3],
    ['01', 1],
    ['1.0', 1],
    ['2,0', 2],
    ['Desil 1', 1],
    ['DESIL 4', 4],
    ['DESIL-2', 2],
    ['desil_3', 3],
    ['Desil:10', 10],
  ])('%j → %s', (raw, value) => {
    expect(normaliseDesil(raw)).toBe(value);
  });

  it.each([[undefined], [''], ['0'], ['11'], ['-1'], ['1.5'], ['DESIL'], ['satu'], ['100']])('%j → null', (raw) => {
    expect(normaliseDesil(raw)).toBeNull();
  });

  it('reads every integer 1–10 in every spelling, and nothing outside', () => {
    // (`Desil -1` reads as `Desil-1` with a stray space: only a bare number can be negative.)
    const spelled = fc.oneof(
      fc.tuple(fc.integer({ min: -5, max: 30 }), fc.constant('')),
      fc.tuple(fc.integer({ min: 0, max: 30 }), fc.constantFrom('Desil ', 'DESIL-', 'desil')),
    );
    fc.assert(
      fc.property(spelled, fc.boolean(), ([n, prefix], decimal) => {
        const value = normaliseDesil(`${prefix}${n}${decimal ? '.0' : ''}`);
        expect(value).toBe(n >= 1 && n <= 10 ? n : null);
      }),
    );
  });
});

describe('normalisePersentil', () => {
  it.each([
    ['1', 1],
    ['35', 35],
    ['40', 40],
    ['100', 100],
    ['35.0', 35],
    ['Persentil 35', 35],
    ['35%', 35],
  ])('%j → %s', (raw, value) => {
    expect(normalisePersentil(raw)).toBe(value);
  });

  it.each([[undefined], [''], ['0'], ['101'], ['35.5'], ['-3'], ['abc']])('%j → null', (raw) => {
    expect(normalisePersentil(raw)).toBeNull();
  });

  it('agrees with desil as ⌈persentil / 10⌉ for every integer 1–100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (p) => {
        const persentil = normalisePersentil(String(p));
        expect(persentil).toBe(p);
        expect(normaliseDesil(String(Math.ceil(persentil! / 10)))).toBe(Math.ceil(p / 10));
      }),
    );
  });
});
