import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../src/normalise/address.js';

describe('normaliseAddress: blanks', () => {
  it.each([[undefined], [''], ['   '], ['-'], ['--'], ['.'], ['NULL'], ['null'], ['N/A']])('%j → all null', (raw) => {
    expect(normaliseAddress(raw)).toEqual({ alamat: null, rt: null, rw: null, dusun: null });
  });
});

describe('normaliseAddress: case, accents, punctuation, abbreviations', () => {
  it.each([
    ['jalan merdeka', 'JALAN MERDEKA'],
    ['  Jalan   Merdeka  ', 'JALAN MERDEKA'],
    ['JL. MERDEKA', 'JALAN MERDEKA'],
    ['Jl. Merdeka', 'JALAN MERDEKA'],
    ['JL.MERDEKA', 'JALAN MERDEKA'],
    ['JL MERDEKA', 'JALAN MERDEKA'],
    ['JLN. MERDEKA', 'JALAN MERDEKA'],
    ['JLN MERDEKA', 'JALAN MERDEKA'],
    ['GG. MAWAR', 'GANG MAWAR'],
    ['GG MAWAR', 'GANG MAWAR'],
    ['DS. SUKAMAJU', 'DESA SUKAMAJU'],
    ['KEL. SUKAJADI', 'KELURAHAN SUKAJADI'],
    ['KEC. CIBEUNYING', 'KECAMATAN CIBEUNYING'],
    ['KAB. BELITUNG TIMUR', 'KABUPATEN BELITUNG TIMUR'],
    ['KP. BARU', 'KAMPUNG BARU'],
    ['KMP. BARU', 'KAMPUNG BARU'],
    ['PERUM GRIYA ASRI', 'PERUMAHAN GRIYA ASRI'],
    ['PERUM. GRIYA ASRI', 'PERUMAHAN GRIYA ASRI'],
    ['PROV. JAWA BARAT', 'PROVINSI JAWA BARAT'],
    ['JL. MERDEKA NO. 5, KEL. SUKAJADI, KEC. SUKASARI', 'JALAN MERDEKA NO 5 KELURAHAN SUKAJADI KECAMATAN SUKASARI'],
    // only whole tokens are abbreviations
    ['JLAMPRANG', 'JLAMPRANG'],
    ['GGM', 'GGM'],
    ['DSA SUKAMAJU', 'DSA SUKAMAJU'],
    ['KAMPUNG PERTAMA', 'KAMPUNG PERTAMA'],
    ['PERUMNAS', 'PERUMNAS'],
    ['KEPUH', 'KEPUH'],
    // house numbers keep their slash or dash; other punctuation becomes space
    ['NO. 12/3 BLOK A-1', 'NO 12/3 BLOK A 1'],
    ['JL. MAWAR NO 5-7', 'JALAN MAWAR NO 5-7'],
    ["JL. SA'ADAH", 'JALAN SAADAH'],
    ['Jl. Pemuda (dekat masjid)', 'JALAN PEMUDA DEKAT MASJID'],
    ['Jalan Kenanga; Blok C', 'JALAN KENANGA BLOK C'],
    ['Bénteng', 'BENTENG'],
  ])('%j → %s', (raw, alamat) => {
    expect(normaliseAddress(raw).alamat).toBe(alamat);
  });
});

describe('normaliseAddress: RT and RW', () => {
  it.each([
    ['RT 002 RW 003', null, '002', '003'],
    ['RT.02/RW.03', null, '002', '003'],
    ['RT/RW 2/3', null, '002', '003'],
    ['RT/RW: 002/003', null, '002', '003'],
    ['RT/RW : 002 / 003', null, '002', '003'],
    ['RT/RW. 02-03', null, '002', '003'],
    ['RTRW 2/3', null, '002', '003'],
    ['RT 2 / RW 3', null, '002', '003'],
    ['Rt.002 Rw.003', null, '002', '003'],
    ['rt 2 rw 3', null, '002', '003'],
    ['RT02RW03', null, '002', '003'],
    ['RT002/RW003', null, '002', '003'],
    ['RT. 02 RW. 03', null, '002', '003'],
    ['RT:2, RW:3', null, '002', '003'],
    ['RT-02 RW-03', null, '002', '003'],
    ['RT 02/03', null, '002', '003'],
    ['RW 3 RT 2', null, '002', '003'],
    ['RT 15 RW 7', null, '015', '007'],
    ['RT 123 RW 045', null, '123', '045'],
    ['RT 0002 RW 0003', null, '002', '003'],
    ['RT 2', null, '002', null],
    ['RW 3', null, null, '003'],
    ['JL. MERDEKA NO. 5 RT.02/RW.03 KEL. SUKAJADI', 'JALAN MERDEKA NO 5 KELURAHAN SUKAJADI', '002', '003'],
    ['KP. BARU RT 003 RW 001 DS. SUKAMAJU', 'KAMPUNG BARU DESA SUKAMAJU', '003', '001'],
    ['GG. MAWAR RT 2 / RW 3, KEL. SUKAJADI', 'GANG MAWAR KELURAHAN SUKAJADI', '002', '003'],
    ['RT02RW03 KP. BARU', 'KAMPUNG BARU', '002', '003'],
    ['JL. MAWAR NO. 12 RT 02/03', 'JALAN MAWAR NO 12', '002', '003'],
    // 0 is no RT; a run-on number is not an RT; RT/RW with one number cannot be placed
    ['RT 000 RW 000', null, null, null],
    ['RT 0 RW 3', null, null, '003'],
    ['RT 12345', '12345', null, null],
    ['RT/RW 02', null, null, null],
    ['RT/RW', null, null, null],
    ['RT RW -', null, null, null],
    // RT inside a word is not an RT
    ['KAMPUNG PERTAMA 5', 'KAMPUNG PERTAMA 5', null, null],
    ['JL. MARTADINATA 7', 'JALAN MARTADINATA 7', null, null],
    ['JL. SURTWAN 2', 'JALAN SURTWAN 2', null, null],
  ])('%j → %j RT %j RW %j', (raw, alamat, rt, rw) => {
    const r = normaliseAddress(raw);
    expect(r.alamat).toBe(alamat);
    expect(r.rt).toBe(rt);
    expect(r.rw).toBe(rw);
  });

  it.each([
    // separate columns win and are normalised the same way
    ['JL. MAWAR RT 1 RW 2', { rt: '5', rw: '6' }, '005', '006'],
    ['JL. MAWAR', { rt: '2', rw: '3' }, '002', '003'],
    ['JL. MAWAR', { rt: '02', rw: '03' }, '002', '003'],
    ['JL. MAWAR', { rt: '002', rw: '003' }, '002', '003'],
    ['JL. MAWAR', { rt: ' 2 ', rw: '3 ' }, '002', '003'],
    ['JL. MAWAR', { rt: 'RT 02', rw: 'RW.03' }, '002', '003'],
    ['JL. MAWAR', { rt: '002/003' }, '002', '003'],
    ['JL. MAWAR', { rt: '002/003', rw: '' }, '002', '003'],
    ['JL. MAWAR', { rt: 'RT/RW 2/3' }, '002', '003'],
    // a column that says nothing (0, -, blank, not a number) lets the address speak
    ['JL. MAWAR RT 4 RW 5', { rt: '0', rw: '000' }, '004', '005'],
    ['JL. MAWAR RT 4 RW 5', { rt: '-', rw: '' }, '004', '005'],
    ['JL. MAWAR RT 4 RW 5', { rt: 'X', rw: ' ' }, '004', '005'],
    ['JL. MAWAR', { rt: '0', rw: '0' }, null, null],
    ['JL. MAWAR', { rt: '1000' }, null, null],
    [undefined, { rt: '7', rw: '8' }, '007', '008'],
  ])('%j with %j → RT %j RW %j', (raw, parts, rt, rw) => {
    const r = normaliseAddress(raw, parts);
    expect(r.rt).toBe(rt);
    expect(r.rw).toBe(rw);
  });
});

describe('normaliseAddress: dusun', () => {
  it.each([
    ['DUSUN KRAJAN', null, 'KRAJAN'],
    ['Dusun Krajan', null, 'KRAJAN'],
    ['DSN. KRAJAN', null, 'KRAJAN'],
    ['DSN KRAJAN', null, 'KRAJAN'],
    ['DSN.KRAJAN', null, 'KRAJAN'],
    ['DUSUN: KRAJAN', null, 'KRAJAN'],
    ['DUSUN KRAJAN RT 002 RW 003', null, 'KRAJAN'],
    ['DUSUN KRAJAN KIDUL RT 2', null, 'KRAJAN KIDUL'],
    ['DUSUN I RT 1', null, 'I'],
    ['DUSUN 2', null, '2'],
    ['DSN. KRAJAN, DS. SUKAMAJU', 'DESA SUKAMAJU', 'KRAJAN'],
    ['DUSUN KRAJAN DESA SUKAMAJU', 'DESA SUKAMAJU', 'KRAJAN'],
    ['DESA SUKAMAJU DUSUN KRAJAN', 'DESA SUKAMAJU', 'KRAJAN'],
    ['JL. MAWAR NO 3 DUSUN KRAJAN', 'JALAN MAWAR NO 3', 'KRAJAN'],
    ['DUSUN (KRAJAN)', null, 'KRAJAN'],
    ['DUSUN, RT 2, KRAJAN', null, 'KRAJAN'],
    ["DUSUN MA'RUF", null, 'MARUF'],
    ['dsn krajan rt 1 rw 2 ds sukamaju kec maju kab jaya', 'DESA SUKAMAJU KECAMATAN MAJU KABUPATEN JAYA', 'KRAJAN'],
    // DUSUN without a name stays in the address
    ['DUSUN', 'DUSUN', null],
    ['DUSUN DESA SUKAMAJU', 'DUSUN DESA SUKAMAJU', null],
    // not the word DUSUN
    ['KAMPUNG DUSUNAN', 'KAMPUNG DUSUNAN', null],
  ])('%j → alamat %j dusun %j', (raw, alamat, dusun) => {
    const r = normaliseAddress(raw);
    expect(r.alamat).toBe(alamat);
    expect(r.dusun).toBe(dusun);
  });

  it.each([
    ['JL. MAWAR', { dusun: 'Krajan' }, 'JALAN MAWAR', 'KRAJAN'],
    ['JL. MAWAR', { dusun: 'DUSUN KRAJAN' }, 'JALAN MAWAR', 'KRAJAN'],
    ['JL. MAWAR', { dusun: 'Dsn. Krajan Kidul' }, 'JALAN MAWAR', 'KRAJAN KIDUL'],
    ['JL. MAWAR', { dusun: '-' }, 'JALAN MAWAR', null],
    ['JL. MAWAR', { dusun: '' }, 'JALAN MAWAR', null],
    // the column wins; the address still loses its DUSUN phrase so alamat compares alike
    ['DUSUN WETAN RT 1', { dusun: 'KRAJAN' }, null, 'KRAJAN'],
    ['DUSUN WETAN RT 1', { dusun: '  ' }, null, 'WETAN'],
    [undefined, { dusun: 'krajan' }, null, 'KRAJAN'],
  ])('%j with %j → alamat %j dusun %j', (raw, parts, alamat, dusun) => {
    const r = normaliseAddress(raw, parts);
    expect(r.alamat).toBe(alamat);
    expect(r.dusun).toBe(dusun);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const FRAGMENTS = [
  'JL', 'JL.', 'JLN', 'Jl.', 'GG.', 'DS', 'DS.', 'DSN', 'DSN.', 'DUSUN', 'Dusun', 'KEL.', 'KEC', 'KAB.',
  'KP', 'KMP.', 'PERUM', 'PROV.', 'RT', 'RW', 'Rt.', 'RT/RW', 'RTRW', '02', '3', '000', '12345', '/', '-',
  ',', ':', '(', ')', '.', 'KRAJAN', 'MAWAR', 'DESA', 'NO', 'NO.', '5', '12/3', 'A-1', 'KOTA', 'BLOK',
  'PERTAMA', 'É', "'",
];
const rawAddress = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(' ', '', '.', ', ', '/', ':', '  ')), { maxLength: 10 })
  .map((parts) => parts.map(([f, s]) => f + s).join(''));

describe('normaliseAddress: properties', () => {
  it('normalising alamat again changes nothing and finds nothing more (idempotence)', () => {
    fc.assert(
      fc.property(fc.oneof(rawAddress, fc.string()), (raw) => {
        const r = normaliseAddress(raw);
        if (r.alamat === null) return;
        expect(normaliseAddress(r.alamat)).toEqual({ alamat: r.alamat, rt: null, rw: null, dusun: null });
      }),
      { numRuns: 3000 },
    );
  });

  it('RT and RW are three digits, never 000; alamat is upper-case words and spaces', () => {
    fc.assert(
      fc.property(
        fc.oneof(rawAddress, fc.string()),
        fc.record({ rt: fc.option(fc.string(), { nil: undefined }), rw: fc.option(fc.string(), { nil: undefined }) }),
        (raw, parts) => {
          const r = normaliseAddress(raw, parts);
          for (const v of [r.rt, r.rw]) if (v !== null) expect(v).toMatch(/^(?!000)\d{3}$/);
          if (r.alamat !== null) expect(r.alamat).toMatch(/^[A-Z0-9/-]+(?: [A-Z0-9/-]+)*$/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('RT and RW are found whatever the spelling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('RT {a} RW {b}', 'RT.{a}/RW.{b}', 'RT/RW {a}/{b}', 'RT/RW: {a}/{b}', 'RT {a} / RW {b}', 'Rt.{a} Rw.{b}', 'RT{a}RW{b}', 'RT {a}/{b}'),
        fc.integer({ min: 0, max: 2 }),
        (a, b, template, pad) => {
          const fmt = (n: number): string => String(n).padStart(pad + 1, '0');
          const r = normaliseAddress(`JL. MAWAR ${template.replace('{a}', fmt(a)).replace('{b}', fmt(b))} DS. SUKAMAJU`);
          expect(r).toEqual({
            alamat: 'JALAN MAWAR DESA SUKAMAJU',
            rt: String(a).padStart(3, '0'),
            rw: String(b).padStart(3, '0'),
            dusun: null,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
