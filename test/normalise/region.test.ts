import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boundedLevenshtein,
  canonicalRegionName,
  cleanRegionCode,
  isDesaCode,
  isKabupatenCode,
  isKecamatanCode,
  isProvinceCode,
  regionName,
  resolveRegion,
  type RegionInput,
} from '../../src/normalise/region.js';
import { allRegions, regionByCode, regionChildren, type Region } from '../../src/normalise/region-data.js';

// Real codes from the official list used below:
// 3273021004 DAGO in kecamatan COBLONG (327302), KOTA BANDUNG (3273), JAWA BARAT (32)
// 1971021002 GEDUNG NASIONAL in TAMAN SARI (197102), KOTA PANGKAL PINANG (1971), BANGKA BELITUNG (19)
// 3201 KABUPATEN BOGOR, 3271 KOTA BOGOR; SUKAMAJU is a desa in 4 kecamatan of Kabupaten Bogor,
// among them JONGGOL (320106 → 3201062001).
const DAGO = '3273021004';

beforeAll(() => {
  resolveRegion({ kodeWilayah: DAGO }); // load the list once, outside any test's timing
});

describe('cleanRegionCode', () => {
  it.each([
    ['32.73.02.1004', DAGO],
    ['3273021004', DAGO],
    ['32 73 02 1004', DAGO],
    [' 32.73.02.1004 ', DAGO],
    ["'3273021004", DAGO],
    ['3273021004.0', DAGO], // Excel number with a decimal
    ['3.273021004E+09', DAGO], // scientific notation that kept every digit
    ['3,273021004E+09', DAGO], // the same with an Indonesian decimal comma
    ['32.73.02', '327302'],
    ['327302', '327302'],
    ['32.73', '3273'],
    ['32', '32'],
    ['3.27302E+09', null], // digits lost: never invent them
    ['32.73.2.1004', null],
    ['12345', null],
    ['327302100', null],
    ['32.73.02.1004.5', null],
    ['abc', null],
    ['', null],
    ['   ', null],
    [undefined, null],
  ])('%j → %j', (raw, expected) => {
    expect(cleanRegionCode(raw)).toBe(expected);
  });

  it('is idempotent on its output', () => {
    const code = fc.oneof(
      fc.stringMatching(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/),
      fc.stringMatching(/^\d{1,12}$/),
      fc.stringMatching(/^\d{10}\.0{1,2}$/),
      fc.string(),
    );
    fc.assert(
      fc.property(code, (raw) => {
        const once = cleanRegionCode(raw);
        if (once !== null) expect(cleanRegionCode(once)).toBe(once);
      }),
    );
  });
});

describe('code predicates and names', () => {
  it.each([
    [isProvinceCode, '32', true],
    [isProvinceCode, '99', false],
    [isProvinceCode, '3273', false],
    [isKabupatenCode, '3273', true],
    [isKabupatenCode, '32.73', true],
    [isKabupatenCode, '3299', false],
    [isKabupatenCode, '32', false],
    [isKecamatanCode, '327302', true],
    [isKecamatanCode, '32.73.02', true],
    [isKecamatanCode, '327399', false],
    [isKecamatanCode, '010', false], // a BPS kecamatan part is never a Kemendagri code
    [isDesaCode, DAGO, true],
    [isDesaCode, '3273029999', false],
  ])('%o(%j) = %j', (predicate, code, expected) => {
    expect(predicate(code)).toBe(expected);
  });

  it.each([
    ['32', 'JAWA BARAT'],
    ['3201', 'KABUPATEN BOGOR'],
    ['3271', 'KOTA BOGOR'],
    ['32.73.02', 'COBLONG'],
    ['32.73.02.1004', 'DAGO'],
    ['3273029999', null],
    ['x', null],
  ])('regionName(%j) = %j', (code, name) => {
    expect(regionName(code)).toBe(name);
  });
});

describe('canonicalRegionName', () => {
  it.each([
    ['KAB. BELITUNG TIMUR', 'BELITUNG TIMUR'],
    ['Kabupaten Belitung Timur', 'BELITUNG TIMUR'],
    ['KAB BELITUNG TIMUR', 'BELITUNG TIMUR'],
    ['kab.belitung  timur', 'BELITUNG TIMUR'],
    ['KOTA BOGOR', 'KOTA BOGOR'],
    ['Kota Bogor', 'KOTA BOGOR'],
    ['KOTAMADYA BOGOR', 'KOTA BOGOR'],
    ['Kota Adm. Jakarta Pusat', 'KOTA JAKARTA PUSAT'],
    ['Kota Administrasi Jakarta Pusat', 'KOTA JAKARTA PUSAT'],
    ['KAB. ADM. KEP. SERIBU', 'KEPULAUAN SERIBU'],
    ['Kabupaten Administrasi Kepulauan Seribu', 'KEPULAUAN SERIBU'],
    ['Kota Kotamobagu', 'KOTA KOTAMOBAGU'],
    ['Kabupaten Kotabaru', 'KOTABARU'],
    ['KEC. COBLONG', 'COBLONG'],
    ['Kec.Coblong', 'COBLONG'],
    ['KECAMATAN COBLONG', 'COBLONG'],
    ['KEL. GEDUNG NASIONAL', 'GEDUNG NASIONAL'],
    ['Kelurahan Gedung Nasional', 'GEDUNG NASIONAL'],
    ['DS. SUKAMAJU', 'SUKAMAJU'],
    ['DESA SUKAMAJU', 'SUKAMAJU'],
    ['Desa Adat Yoboi', 'YOBOI'],
    ['PROV. JAWA BARAT', 'JAWA BARAT'],
    ['PROVINSI JAWA BARAT', 'JAWA BARAT'],
    ['PROP. JAWA BARAT', 'JAWA BARAT'],
    ['D.I. YOGYAKARTA', 'DI YOGYAKARTA'],
    ['Lalai I/II', 'LALAI 1 2'],
    ["Pasi Kuala Ba'u", 'PASI KUALA BAU'],
    ['Sukamaju 01', 'SUKAMAJU 1'],
    ['KOTA', 'KOTA'], // a prefix alone is a name, not an empty string
    ['Désa Ciherang', 'CIHERANG'],
  ])('%j → %j', (raw, expected) => {
    expect(canonicalRegionName(raw)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const once = canonicalRegionName(raw);
        // KAB/KOTA words inside a name can lose a second prefix; compare on names that keep theirs.
        fc.pre(!/^(KAB|KABUPATEN|KEC|KECAMATAN|KEL|KELURAHAN|DS|DESA|PROV|PROVINSI|PROPINSI|KOTA|KOTAMADYA|KODYA|KOT)( |$)/.test(once));
        expect(canonicalRegionName(once)).toBe(once);
      }),
    );
  });
});

const BANDUNG_DAGO = {
  kodeWilayah: DAGO,
  kodeProvinsi: '32',
  kodeKabupaten: '3273',
  kodeKecamatan: '327302',
  provinsi: 'JAWA BARAT',
  kabupaten: 'KOTA BANDUNG',
  kecamatan: 'COBLONG',
  desa: 'DAGO',
};

describe('resolveRegion by Kemendagri code', () => {
  it.each<[string, RegionInput]>([
    ['dotted', { kodeWilayah: '32.73.02.1004' }],
    ['plain', { kodeWilayah: '3273021004' }],
    ['spaced', { kodeWilayah: '32 73 02 1004' }],
    ['Excel float', { kodeWilayah: '3273021004.0' }],
    ['code wins over names', { kodeWilayah: DAGO, kabupaten: 'KAB. BOGOR', desa: 'SUKAMAJU' }],
    ['Kemendagri parts', { kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '02', kodeDesa: '1004' }],
    ['full parts', { kodeProvinsi: '32', kodeKabupaten: '3273', kodeKecamatan: '327302', kodeDesa: DAGO }],
  ])('%s → ok', (_, input) => {
    expect(resolveRegion(input)).toEqual({ ...BANDUNG_DAGO, status: 'ok', detail: null });
  });

  it('keeps an unknown desa code, fills the levels that exist and says where the names point', () => {
    const r = resolveRegion({ kodeWilayah: '32.73.02.9999', desa: 'Kel. Dago' });
    expect(r).toMatchObject({
      status: 'unknown_code',
      kodeWilayah: '3273029999',
      kodeProvinsi: '32',
      kodeKabupaten: '3273',
      kodeKecamatan: '327302',
      kecamatan: 'COBLONG',
    });
    expect(r.detail).toContain('desa 3273029999 not in the official list');
    expect(r.detail).toContain(`names point to ${DAGO}`);
  });

  it.each([
    ['3273999999', 'kecamatan 327399', { kodeKabupaten: '3273', kodeKecamatan: null }],
    ['3299999999', 'kabupaten 3299', { kodeProvinsi: '32', kodeKabupaten: null }],
    ['9912341234', 'provinsi 99', { kodeProvinsi: null }],
  ])('unknown code %s names the unknown level (%s)', (code, level, levels) => {
    const r = resolveRegion({ kodeWilayah: code });
    expect(r).toMatchObject({ status: 'unknown_code', kodeWilayah: code, ...levels });
    expect(r.detail).toContain(`${level} not in the official list`);
  });

  it('a partial code resolves the desa by name below it', () => {
    expect(resolveRegion({ kodeWilayah: '32.73.02', desa: 'DAGO' })).toMatchObject({
      status: 'resolved_by_name',
      kodeWilayah: DAGO,
    });
    expect(resolveRegion({ kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '02' })).toMatchObject({
      status: 'unresolved',
      kodeWilayah: null,
      kodeKecamatan: '327302',
      detail: 'no desa name',
    });
  });

  it('a text that is no code falls back to names and says so', () => {
    const r = resolveRegion({ kodeWilayah: '3.27302E+09', kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' });
    expect(r).toMatchObject({ status: 'resolved_by_name', kodeWilayah: DAGO });
    expect(r.detail).toContain('is not a Kemendagri code');
  });
});

describe('resolveRegion by names', () => {
  it.each<[string, RegionInput]>([
    ['upper-case', { provinsi: 'JAWA BARAT', kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' }],
    ['official spelling', { provinsi: 'Jawa Barat', kabupaten: 'Kota Bandung', kecamatan: 'Coblong', desa: 'Dago' }],
    ['prefixes', { provinsi: 'PROV. JAWA BARAT', kabupaten: 'KOTA BANDUNG', kecamatan: 'Kec. Coblong', desa: 'KEL. DAGO' }],
    ['long prefixes', { provinsi: 'Provinsi Jawa Barat', kabupaten: 'Kota Bandung', kecamatan: 'KECAMATAN COBLONG', desa: 'KELURAHAN DAGO' }],
    ['lower case, odd spacing', { provinsi: '  jawa   barat ', kabupaten: 'kota  bandung', kecamatan: 'kec.coblong', desa: ' dago ' }],
    ['kotamadya', { kabupaten: 'KOTAMADYA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' }],
    ['no province', { kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' }],
    ['no kabupaten prefix', { kabupaten: 'BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' }],
    ['no kabupaten', { provinsi: 'JAWA BARAT', kecamatan: 'COBLONG', desa: 'DAGO' }],
    ['province alias', { provinsi: 'JABAR', kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' }],
  ])('%s → DAGO', (_, input) => {
    expect(resolveRegion(input)).toEqual({ ...BANDUNG_DAGO, status: 'resolved_by_name', detail: null });
  });

  it.each<[string, RegionInput, string]>([
    ['KEL. GEDUNG NASIONAL', { provinsi: 'KEPULAUAN BANGKA BELITUNG', kabupaten: 'KOTA PANGKAL PINANG', kecamatan: 'TAMAN SARI', desa: 'KEL. GEDUNG NASIONAL' }, '1971021002'],
    ['province alias and spaced kota', { provinsi: 'BABEL', kabupaten: 'KOTA PANGKALPINANG', kecamatan: 'KEC. TAMAN SARI', desa: 'GEDUNG NASIONAL' }, '1971021002'],
    ['DESA SUKAMAJU in its kecamatan', { kabupaten: 'KAB. BOGOR', kecamatan: 'JONGGOL', desa: 'DESA SUKAMAJU' }, '3201062001'],
    ['DS. SUKAMAJU in its kecamatan', { provinsi: 'JAWA BARAT', kabupaten: 'Kabupaten Bogor', kecamatan: 'Kec. Jonggol', desa: 'Ds. Sukamaju' }, '3201062001'],
    ['space inside a name', { kabupaten: 'KAB. BOGOR', kecamatan: 'JONGGOL', desa: 'SUKA MAJU' }, '3201062001'],
    ['KAB. BELITUNG TIMUR', { kabupaten: 'KAB. BELITUNG TIMUR', kecamatan: 'MANGGAR', desa: 'LALANG JAYA' }, '1906012001'],
    ['Kabupaten Belitung Timur', { kabupaten: 'Kabupaten Belitung Timur', kecamatan: 'Manggar', desa: 'Lalang Jaya' }, '1906012001'],
    ['DKI JAKARTA and an administrative kota', { provinsi: 'DKI JAKARTA', kabupaten: 'KOTA ADM. JAKARTA PUSAT', kecamatan: 'GAMBIR', desa: 'GAMBIR' }, '3171011001'],
  ])('%s', (_, input, code) => {
    expect(resolveRegion(input)).toMatchObject({ status: 'resolved_by_name', kodeWilayah: code });
  });

  it.each<[string, RegionInput, string]>([
    ['kecamatan one letter off', { kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLOMG', desa: 'DAGO' }, "kecamatan 'COBLOMG' read as COBLONG"],
    ['desa one letter off', { kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGGO' }, "desa 'DAGGO' read as DAGO"],
    ['kabupaten one letter off', { kabupaten: 'KOTA BANDUMG', kecamatan: 'COBLONG', desa: 'DAGO' }, "kabupaten 'KOTA BANDUMG' read as KOTA BANDUNG"],
  ])('fuzzy: %s', (_, input, detail) => {
    const r = resolveRegion(input);
    expect(r).toMatchObject({ status: 'resolved_by_name', kodeWilayah: DAGO, detail });
  });

  it('fuzzy never changes a number or a direction word', () => {
    // LALAI I/II exists; LALAI III is one edit from it but another place.
    const lalai = resolveRegion({ kodeWilayah: '12.04.20', desa: 'LALAI III/II' });
    expect(lalai.status).toBe('unresolved');
    expect(resolveRegion({ kodeWilayah: '12.04.20', desa: 'LALAI I/III' }).status).toBe('unresolved');
    expect(resolveRegion({ kodeWilayah: '12.04.20', desa: 'LALAI 1/2' })).toMatchObject({ status: 'resolved_by_name', kodeWilayah: '1204202005' });
  });

  it('KOTA and KAB. of the same name are different kabupaten', () => {
    expect(resolveRegion({ kabupaten: 'KOTA BOGOR' })).toMatchObject({ kodeKabupaten: '3271', kabupaten: 'KOTA BOGOR' });
    expect(resolveRegion({ kabupaten: 'KAB. BOGOR' })).toMatchObject({ kodeKabupaten: '3201', kabupaten: 'KABUPATEN BOGOR' });
    expect(resolveRegion({ kabupaten: 'Kabupaten Bogor' }).kodeKabupaten).toBe('3201');
    const bare = resolveRegion({ provinsi: 'JAWA BARAT', kabupaten: 'BOGOR' });
    expect(bare).toMatchObject({ status: 'ambiguous', kodeProvinsi: '32', kodeKabupaten: null });
    expect(bare.detail).toContain("kabupaten 'BOGOR' fits 2 kabupaten");
    // A lower name settles which one: BOGOR TENGAH is a kecamatan of the kota only.
    expect(resolveRegion({ kabupaten: 'BOGOR', kecamatan: 'BOGOR TENGAH' }).kodeKecamatan).toBe('327103');
  });

  it('a desa name shared by many desa is ambiguous until its kecamatan is given', () => {
    const nationwide = resolveRegion({ desa: 'SUKAMAJU' });
    expect(nationwide.status).toBe('ambiguous');
    expect(nationwide.detail).toMatch(/desa 'SUKAMAJU' fits \d+ desa/);
    const inKabupaten = resolveRegion({ kabupaten: 'KAB. BOGOR', desa: 'SUKAMAJU' });
    expect(inKabupaten).toMatchObject({ status: 'ambiguous', kodeKabupaten: '3201', kodeKecamatan: null, kodeWilayah: null });
    expect(inKabupaten.detail).toBe("desa 'SUKAMAJU' fits 4 desa in KABUPATEN BOGOR");
    expect(resolveRegion({ kabupaten: 'KAB. BOGOR', kecamatan: 'CIGUDEG', desa: 'SUKAMAJU' })).toMatchObject({
      status: 'resolved_by_name',
      kodeWilayah: '3201222001',
    });
  });

  it.each<[string, RegionInput, Partial<ReturnType<typeof resolveRegion>>]>([
    ['no region input', {}, { status: 'missing', detail: null }],
    ['blank cells', { provinsi: ' ', kabupaten: '', kodeWilayah: '  ' }, { status: 'missing' }],
    ['unknown province, the rest found nationwide', { provinsi: 'JAWA BARATT LAUT', kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' }, { status: 'resolved_by_name', kodeWilayah: DAGO, detail: "provinsi 'JAWA BARATT LAUT' not found" }],
    ['unknown names', { provinsi: 'ATLANTIS', desa: 'NOWHERE' }, { status: 'unresolved', kodeProvinsi: null, provinsi: 'ATLANTIS', desa: 'NOWHERE' }],
    ['desa not in its kecamatan', { kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'GEDUNG NASIONAL' }, { status: 'unresolved', kodeKecamatan: '327302', detail: "desa 'GEDUNG NASIONAL' not found in kecamatan COBLONG" }],
    // A kecamatan that does not fit stops the descent, though DAGO is in this kota (in COBLONG).
    ['kecamatan not in its kabupaten', { kabupaten: 'KOTA BANDUNG', kecamatan: 'TAMAN SARI', desa: 'DAGO' }, { status: 'unresolved', kodeKabupaten: '3273', kodeKecamatan: null, kodeWilayah: null, detail: "kecamatan 'TAMAN SARI' not found in kabupaten KOTA BANDUNG" }],
    ['names stop at kecamatan', { kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG' }, { status: 'unresolved', kodeKecamatan: '327302', detail: 'no desa name' }],
  ])('%s', (_, input, expected) => {
    expect(resolveRegion(input)).toMatchObject(expected);
  });
});

describe('resolveRegion with BPS codes (BDT)', () => {
  const BPS = 'BPS codes: kecamatan/desa not resolvable without names';

  it.each<[string, RegionInput]>([
    ['3-digit kecamatan and desa', { kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '010', kodeDesa: '001' }],
    ['leading zeros lost in Excel', { kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '10', kodeDesa: '1' }],
    ['3-digit kecamatan only', { kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '010' }],
    ['7-digit BPS kecamatan', { kodeKecamatan: '3273010' }],
    ['10-digit BPS code as kode wilayah', { kodeWilayah: '3273010001' }],
  ])('%s: never read as a Kemendagri kecamatan', (_, input) => {
    const r = resolveRegion(input);
    expect(r.status).toBe('unresolved');
    expect(r.kodeKecamatan).toBeNull();
    expect(r.kodeWilayah).toBeNull();
    expect(r.detail).toContain(BPS);
  });

  it('uses BPS province and kabupaten as a best effort and says so', () => {
    const r = resolveRegion({ kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '010', kodeDesa: '001' });
    expect(r).toMatchObject({ kodeProvinsi: '32', kodeKabupaten: '3273', kabupaten: 'KOTA BANDUNG' });
    expect(r.detail).toContain('BPS kabupaten code 3273 taken as Kemendagri');
  });

  it('resolves kecamatan and desa by names within the BPS kabupaten', () => {
    const r = resolveRegion({ kodeProvinsi: '32', kodeKabupaten: '73', kodeKecamatan: '010', kodeDesa: '001', kecamatan: 'COBLONG', desa: 'DAGO' });
    expect(r).toMatchObject({ status: 'resolved_by_name', kodeWilayah: DAGO, kodeKecamatan: '327302' });
  });

  it('falls back to names alone when the BPS kabupaten is not where the names are', () => {
    const r = resolveRegion({ kodeProvinsi: '32', kodeKabupaten: '01', kodeKecamatan: '010', kabupaten: 'KOTA BANDUNG', kecamatan: 'COBLONG', desa: 'DAGO' });
    expect(r).toMatchObject({ status: 'resolved_by_name', kodeWilayah: DAGO });
  });
});

describe('resolveRegion on the whole list', () => {
  const desa = (): Region[] => [...allRegions()].filter((r) => r.level === 'desa');

  it('official names of a random desa give back its code (or ambiguous for its namesake sibling)', () => {
    const all = desa();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), (i) => {
        const d = all[i]!;
        const kec = regionByCode(d.parent!)!;
        const kab = regionByCode(kec.parent!)!;
        const prov = regionByCode(kab.parent!)!;
        const r = resolveRegion({ provinsi: prov.name, kabupaten: kab.name, kecamatan: kec.name, desa: d.name });
        // A handful of kecamatan hold a desa and a kelurahan of the same name: names cannot tell them apart.
        const namesakes = regionChildren(kec.code).filter((s) => canonicalRegionName(s.name) === canonicalRegionName(d.name));
        if (namesakes.length > 1) expect(r.status).toBe('ambiguous');
        else expect(r).toMatchObject({ status: 'resolved_by_name', kodeWilayah: d.code, desa: d.name.toUpperCase() });
      }),
      { numRuns: 2000 },
    );
  });

  it('the code of a random desa is ok and gives its official names', () => {
    const all = desa();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), (i) => {
        const d = all[i]!;
        const dotted = `${d.code.slice(0, 2)}.${d.code.slice(2, 4)}.${d.code.slice(4, 6)}.${d.code.slice(6)}`;
        expect(resolveRegion({ kodeWilayah: dotted })).toMatchObject({ status: 'ok', kodeWilayah: d.code, desa: d.name.toUpperCase() });
      }),
      { numRuns: 500 },
    );
  });
});

describe('boundedLevenshtein', () => {
  it.each([
    ['COBLONG', 'COBLONG', 2, 0],
    ['COBLONG', 'COBLOMG', 2, 1],
    ['DAGO', 'DAGGO', 2, 1],
    ['KITTEN', 'SITTING', 3, 3],
    ['KITTEN', 'SITTING', 2, 3], // stops early: max + 1
    ['A', 'ABCDEF', 2, 3],
  ])('%s/%s within %i → %i', (a, b, max, expected) => {
    expect(boundedLevenshtein(a, b, max)).toBe(expected);
  });
});
