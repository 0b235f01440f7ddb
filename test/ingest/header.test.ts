import { describe, expect, it } from 'vitest';
import { detectLayout, isColumnNumberRow } from '../../src/ingest/header.js';
import { BUILTIN_PROFILES, headerKey, loadProfileFile, parseProfile } from '../../src/ingest/profiles.js';
import type { Source } from '../../src/normalise/types.js';
import { PadanError } from '../../src/util/errors.js';
import { BDT_HEADER, csv, DTKS_HEADER, dtksRow, P3KE_HEADER, p3keRow, tempFile } from './helpers.js';

const detect = (text: string, source: Source = 'p3ke', extra: Partial<Parameters<typeof detectLayout>[1]> = {}) =>
  detectLayout(text, { source, lineBreak: '\n', label: 'export.csv', ...extra });

function errorOf(fn: () => unknown): PadanError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PadanError) return error;
    throw error;
  }
  throw new Error('expected a PadanError');
}

describe('headerKey', () => {
  it.each([
    ['NO_KK', 'nokk'],
    ['No. KK', 'nokk'],
    ['NOMOR KK', 'nomorkk'],
    ['nokk', 'nokk'],
    ['Hubungan Dengan Kpl. Keluarga', 'hubungandengankplkeluarga'],
    ['DESA/KELUARAHAN', 'desakeluarahan'],
    ['BANSOS BPNT-PPKM', 'bansosbpntppkm'],
    ['\uFEFFID Keluarga', 'idkeluarga'],
    ['ＮＩＫ', 'nik'],
  ])('%j → %j', (header, key) => expect(headerKey(header)).toBe(key));
});

describe('detectLayout: which layout, where the header is', () => {
  it.each([
    ['P3KE individual sheet', 'p3ke', P3KE_HEADER, 'p3ke-individu'],
    ['DTKS SIKS-NG', 'dtks', DTKS_HEADER, 'dtks-siks-ng'],
    [
      'DTKS SIKS-NG 2022 headers',
      'dtks',
      DTKS_HEADER.map((h) => ({ NOKK: 'NOMOR KK', NIK: 'NOMOR NIK', 'HUB KELUARGA': 'HUBUNGAN KELUARGA' })[h] ?? h),
      'dtks-siks-ng-2022',
    ],
    ['DTKS BDT', 'dtks', BDT_HEADER, 'dtks-bdt'],
    [
      'P3KE family sheet',
      'p3ke',
      ['ID Keluarga', 'Provinsi', 'Kabupaten', 'Kecamatan', 'Desa', 'Kode Kemdagri', 'Desil Kesejahteraan', 'Alamat', 'Kepala Keluarga', 'NIK', 'Penerima BNPT'],
      'p3ke-keluarga',
    ],
  ] as const)('%s', (_name, source, header, profile) => {
    const layout = detect(csv([header]), source);
    expect(layout.profile.name).toBe(profile);
    expect(layout.headerLine).toBe(1);
  });

  it('maps P3KE columns, including the region code and the flags', () => {
    const { mapping } = detect(csv([P3KE_HEADER]));
    expect(mapping).toMatchObject({
      family_id: 0,
      person_id: 8,
      nama: 9,
      nik: 10,
      kode_wilayah: 5,
      tgl_lahir: 14,
      hubungan: 13,
      bpnt: 25,
      bpum: 26,
      bst: 27,
      pkh: 28,
      sembako: 29,
    });
  });

  it('maps BDT region code parts (BPS codes) apart from kode_wilayah, Hubkel before HubKRT', () => {
    const { mapping } = detect(csv([BDT_HEADER]), 'dtks');
    expect(mapping).toMatchObject({ family_id: 0, person_id: 1, kode_provinsi: 2, kode_kabupaten: 3, kode_kecamatan: 4, kode_desa: 5, hubungan: 16, pkh: 20, bpnt: 21, pbi: 19 });
    expect(mapping.kode_wilayah).toBeUndefined();
  });

  it('SIKS-NG: NOKK is both the KK and the household; BANSOS BPNT-PPKM is left unmapped', () => {
    const layout = detect(csv([DTKS_HEADER], { delimiter: '|', quoteAll: true }), 'dtks');
    expect(layout.delimiter).toBe('|');
    expect(layout.mapping.no_kk).toBe(9);
    expect(layout.mapping.family_id).toBe(9);
    expect(layout.mapping.bpnt).toBe(19);
    expect(Object.values(layout.mapping)).not.toContain(21);
  });

  it('the correct spelling DESA/KELURAHAN is accepted too', () => {
    const layout = detect(csv([DTKS_HEADER.map((h) => (h === 'DESA/KELUARAHAN' ? 'DESA/KELURAHAN' : h))]), 'dtks');
    expect(layout.mapping.desa).toBe(4);
  });

  it('title block, leading No column, data in column B', () => {
    const text = csv([
      ['DATA P3KE KABUPATEN CONTOH'],
      ['Kabupaten:', 'CONTOH'],
      [],
      ['', 'No', ...P3KE_HEADER],
      ['', '1', ...p3keRow()],
    ]);
    const layout = detect(text);
    expect(layout.headerLine).toBe(4);
    expect(layout.lastHeaderLine).toBe(4);
    expect(layout.mapping.family_id).toBe(2);
    expect(layout.mapping.nik).toBe(12);
    expect(layout.headers[1]).toBe('No');
  });

  it('two header rows (group labels over sub-labels) and a row of column numbers', () => {
    // Excel writes a merged group label in its first cell only; the columns under it are named
    // in the second row, the other columns in the first.
    const sub: Record<number, string> = { 1: 'Provinsi', 2: 'Kabupaten', 3: 'Kecamatan', 4: 'Desa', 25: 'BPNT', 26: 'BPUM', 27: 'BST', 28: 'PKH', 29: 'SEMBAKO' };
    const top = P3KE_HEADER.map((h, i) => (i === 1 ? 'Wilayah' : i === 25 ? 'Penerima Bansos' : sub[i] ? '' : h));
    const second = P3KE_HEADER.map((_h, i) => sub[i] ?? '');
    const numbers = P3KE_HEADER.map((_h, i) => String(i + 1));
    const layout = detect(csv([['Judul'], top, second, numbers, p3keRow()]));
    expect(layout.headerLine).toBe(2);
    expect(layout.lastHeaderLine).toBe(4);
    expect(layout.mapping).toMatchObject({ family_id: 0, provinsi: 1, desa: 4, nik: 10, bpnt: 25, pkh: 28, sembako: 29 });
    expect(layout.headers.slice(0, 3)).toEqual(['ID Keluarga', 'Provinsi', 'Kabupaten']);
  });

  it('required columns split over two header rows are found', () => {
    const top = P3KE_HEADER.map((h, i) => (i === 10 ? '' : h));
    const second = P3KE_HEADER.map((h, i) => (i === 10 ? h : ''));
    expect(detect(csv([top, second, p3keRow()])).mapping.nik).toBe(10);
  });

  it.each([
    [['1', '2', '3', '4'], true],
    [['(1)', '(2)', '', '(4)'], true],
    [['1', '2', '2'], false],
    [['210000001', 'JAWA BARAT'], false],
    [['1'], false],
  ])('column number row %j → %s', (cells, yes) => expect(isColumnNumberRow(cells)).toBe(yes));

  it.each([
    [',', ','],
    [';', ';'],
    ['\t', '\t'],
    ['|', '|'],
  ])('delimiter %j is found from the header', (delimiter, expected) => {
    expect(detect(csv([P3KE_HEADER, p3keRow()], { delimiter })).delimiter).toBe(expected);
  });

  it('a forced delimiter is used as given', () => {
    expect(() => detect(csv([P3KE_HEADER], { delimiter: ';' }), 'p3ke', { delimiter: ',' })).toThrow(/no header row|missing/);
  });
});

describe('detectLayout: errors', () => {
  it('a missing required column is named, with the headers seen, the file and the line', () => {
    const header = P3KE_HEADER.filter((h) => h !== 'NIK');
    const error = errorOf(() => detect(csv([['Judul'], header, p3keRow().slice(1)])));
    expect(error.message).toMatch(/^export\.csv:2: column "NIK" missing; headers seen: ID Keluarga, Provinsi, /);
    expect(error.message).toContain('Pensasaran');
    expect(error.exitCode).toBe(1);
  });

  it('several missing columns are all named', () => {
    const error = errorOf(() => detect(csv([P3KE_HEADER.filter((h) => h !== 'NIK' && h !== 'ID Individu')])));
    expect(error.message).toContain('columns "ID Individu", "NIK" missing');
  });

  it('a DTKS file given as P3KE says so', () => {
    const error = errorOf(() => detect(csv([DTKS_HEADER, dtksRow('1')]), 'p3ke'));
    expect(error.message).toMatch(/looks like a DTKS export \(layout dtks-siks-ng/);
    expect(error.hint).toBe('to load it as DTKS: padan ingest dtks export.csv');
  });

  it('a P3KE file given as DTKS says so', () => {
    const error = errorOf(() => detect(csv([P3KE_HEADER, p3keRow()]), 'dtks'));
    expect(error.message).toMatch(/looks like a P3KE export \(layout p3ke-individu/);
  });

  it('no header at all: no cell of the data is quoted back (data protection)', () => {
    const error = errorOf(() => detect(csv([p3keRow({ nama: 'SITI AMINAH', nik: '3275014503800001' })])));
    expect(error.message).toMatch(/no header row found/);
    expect(error.message).not.toContain('SITI');
    expect(error.message).not.toContain('3275014503800001');
  });

  it('digit runs in headers seen are hidden', () => {
    const header = [...P3KE_HEADER.filter((h) => h !== 'NIK'), '3275014503800001'];
    const error = errorOf(() => detect(csv([header])));
    expect(error.message).not.toContain('3275014503800001');
  });
});

describe('--profile mapping files', () => {
  it('loads a mapping: every named column required unless optional', () => {
    const path = tempFile(
      'mapping.json',
      JSON.stringify({ source: 'dtks', columns: { person_id: 'No Urut', nik: 'Nomor NIK', nama: ['NAMA', 'Nama Lengkap'], alamat: 'Alamat' }, optional: ['alamat'] }),
    );
    const profile = loadProfileFile(path);
    expect(profile).toMatchObject({ name: 'file:mapping.json', source: 'dtks', required: ['person_id', 'nik', 'nama'] });
    const layout = detect(csv([['No Urut', 'Nama Lengkap', 'Nomor NIK']]), 'dtks', { profile });
    expect(layout.mapping).toEqual({ person_id: 0, nama: 1, nik: 2 });
    expect(layout.profile.name).toBe('file:mapping.json');
  });

  it('a mapped column missing from the file is an error naming it', () => {
    const profile = parseProfile({ source: 'p3ke', columns: { family_id: 'KK ID', person_id: 'No', nik: 'Nomor NIK' } }, 'm.json');
    expect(() => detect(csv([['KK ID', 'No', 'NIK']]), 'p3ke', { profile })).toThrow(/column "Nomor NIK" missing/);
  });

  it.each([
    ['not JSON', '{ source: p3ke', /m\.json: not valid JSON/],
    ['an array', '[]', /expected a JSON object/],
    ['unknown source', '{"source":"bdt","columns":{"nik":"NIK"}}', /"source" must be one of "p3ke", "dtks"/],
    ['unknown field', '{"source":"p3ke","columns":{"nomor":"NIK"}}', /unknown field "nomor".*padan fields are: person_id/],
    ['empty name', '{"source":"p3ke","columns":{"nik":""}}', /"columns\.nik" must be a header name/],
    ['no columns', '{"source":"p3ke","columns":{}}', /maps no field/],
    ['unknown key', '{"source":"p3ke","columns":{"nik":"NIK"},"colums":{}}', /unknown key "colums"/],
    ['person id without family', '{"source":"p3ke","columns":{"person_id":"ID","nik":"NIK"}}', /needs "family_id"/],
    ['optional not mapped', '{"source":"p3ke","columns":{"nik":"NIK"},"optional":["nama"]}', /"optional" names "nama"/],
  ])('%s', (_name, text, message) => {
    const path = tempFile('m.json', text);
    const error = errorOf(() => loadProfileFile(path));
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(path)).toBe(true);
    expect(error.exitCode).toBe(2);
  });

  it('a missing mapping file', () => {
    expect(() => loadProfileFile('/nonexistent/m.json')).toThrow(/\/nonexistent\/m\.json: no such file/);
  });

  it('built-in profiles only name canonical fields and list their required ones', () => {
    for (const p of BUILTIN_PROFILES) for (const f of p.required) expect(p.columns[f], `${p.name}.${f}`).toBeDefined();
  });
});
