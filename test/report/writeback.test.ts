// Writeback's pure parts: the remark table, placing a row by id and NIK, and the CSV round trip in
// every encoding, delimiter, quoting style and line end padan reads (everything but the answer
// cells comes back byte for byte).
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/normalise/types.js';
import { answerOf, placeRow, remarkOf } from '../../src/report/writeback/answers.js';
import { fillCsvTemplate, rawFields, unquote } from '../../src/report/writeback/csv-template.js';
import type { Placement } from '../../src/store/writeback.js';

const other = { sourceId: 'D-1', familyId: '1212091111110001', noKk: '1212091111110001', nik: '1212094505800001', desil: 2 };
const placement = (over: Partial<Placement>, link: Partial<NonNullable<Placement['link']>> | null): Placement => ({
  sourceId: '100000001-1',
  familyId: '100000001',
  nik: '1212094505800001',
  nikStatus: 'valid',
  ...over,
  link: link === null ? null : { status: 'match', probability: 1, method: 'nik', other, ...link },
});

describe('remarks and answers', () => {
  it.each<[string, Placement, Source, string]>([
    ['same NIK', placement({}, {}), 'p3ke', 'NIK sama'],
    ['model link, same NIK', placement({}, { method: 'model', probability: 0.97 }), 'p3ke', 'NIK sama'],
    ['model link, other NIK', placement({ nik: '1212094505800002' }, { method: 'model' }), 'p3ke', 'orang sama, NIK berbeda'],
    ['model link, no NIK', placement({ nik: null, nikStatus: 'missing' }, { method: 'model' }), 'dtks', 'orang sama, NIK kosong'],
    ['decision of an officer', placement({}, { method: 'manual' }), 'p3ke', 'ditautkan petugas'],
    ['review band', placement({}, { status: 'review', method: 'model', probability: 0.5349 }), 'p3ke', 'perlu ditinjau (skor 0.53)'],
    ['not found', placement({}, null), 'p3ke', 'tidak ditemukan di DTKS'],
    ['not found, DTKS side', placement({}, null), 'dtks', 'tidak ditemukan di P3KE'],
    ['invalid NIK', placement({ nik: '3273010000000000', nikStatus: 'excel_mangled' }, null), 'p3ke', 'NIK tidak valid: excel_mangled'],
  ])('%s', (_, p, side, remark) => {
    expect(remarkOf(p, side)).toBe(remark);
    expect(remarkOf(p, side)).toMatch(/^[\x20-\x7e]+$/); // ASCII: written into Windows-1252 files too
  });

  it('gives YA with the DTKS id and KK only for a confirmed match; review rows carry the candidate', () => {
    expect(answerOf(placement({}, {}), 'p3ke')).toEqual(['YA', 'D-1', '1212091111110001', 'NIK sama']);
    expect(answerOf(placement({}, { status: 'review', probability: 0.6 }), 'p3ke')).toEqual(['TIDAK', 'D-1', '1212091111110001', 'perlu ditinjau (skor 0.60)']);
    expect(answerOf(placement({}, null), 'p3ke')).toEqual(['TIDAK', '', '', 'tidak ditemukan di DTKS']);
  });

  it('splits the P3KE id into family and individual for the DTKS side', () => {
    const p3ke = { sourceId: '210658961-3', familyId: '210658961', noKk: null, nik: null, desil: 1 };
    expect(answerOf(placement({ sourceId: 'D-1' }, { method: 'model', other: p3ke }), 'dtks')).toEqual(['210658961', '3', '1', 'orang sama, NIK kosong']);
    expect(answerOf(placement({ sourceId: 'D-1' }, null), 'dtks')).toEqual(['', '', '', 'tidak ditemukan di P3KE']);
  });

  it('places a row by id, and refuses an unknown id, a repeated id, a row without id and another NIK', () => {
    const placements = new Map<string, Placement | number>([
      ['100000001-1', placement({}, {})],
      ['100000001-2', 2],
    ]);
    const row = (id: string, individu: string, nik = '1212094505800001') => ({ family_id: id, person_id: individu, nik });
    expect(placeRow(row('100000001', '1'), 'p3ke', placements)).toMatchObject({ placed: true, sourceId: '100000001-1' });
    // An apostrophe typed to keep Excel off the NIK is the same NIK.
    expect(placeRow(row('100000001', '1', "'1212094505800001"), 'p3ke', placements)).toMatchObject({ placed: true });
    expect(placeRow(row('100000001', '9'), 'p3ke', placements)).toEqual({ placed: false, sourceId: '100000001-9', reason: 'not in the matched snapshot' });
    expect(placeRow(row('100000001', '2'), 'p3ke', placements)).toEqual({ placed: false, sourceId: '100000001-2', reason: 'id occurs 2 times in the matched snapshot' });
    expect(placeRow(row('', '1'), 'p3ke', placements)).toEqual({ placed: false, sourceId: null, reason: 'no person id' });
    expect(placeRow(row('100000001', '1', '1212094505800009'), 'p3ke', placements)).toMatchObject({ placed: false, reason: 'NIK differs from the matched snapshot' });
    expect(placeRow({ family_id: '100000001', person_id: '1' }, 'p3ke', placements)).toMatchObject({ placed: true });
    // A NIK that slid into the id column (a shifted row) is masked in what is printed.
    expect(placeRow(row('100000001', '1212094505800001'), 'p3ke', placements)).toMatchObject({ placed: false, sourceId: '100000001-121209******0001' });
  });
});

describe('raw cells', () => {
  it.each<[string, string, string[]]>([
    ['a,b,c', ',', ['a', 'b', 'c']],
    ['"a,1","b""q""",', ',', ['"a,1"', '"b""q"""', '']],
    ['x"y|"z"', '|', ['x"y', '"z"']],
    ['"multi\r\nline";2', ';', ['"multi\r\nline"', '2']],
  ])('%j splits at %j outside quotes', (record, delim, fields) => {
    expect(rawFields(record, delim)).toEqual(fields);
  });

  it.each([
    ['"a,1"', 'a,1'],
    ['"b""q"""', 'b"q"'],
    ['plain', 'plain'],
    ['x"y', 'x"y'],
    ['"ab"c', 'abc'],
  ])('%j reads as %j', (raw, value) => expect(unquote(raw)).toBe(value));
});

// ---- CSV round trip --------------------------------------------------------------------------

type Row = string[];
const TITLE: Row = ['DATA VERVAL P3KE DESA HATINGGIAN', '', '', '', ''];
const HEADER: Row = ['ID Keluarga', 'ID Individu', 'Nama', 'NIK', 'Alamat'];
const PERSONS: Row[] = [
  ['100000001', '1', 'SITI AMINAH', '1212094505800001', 'JL. MAWAR, NO 5'],
  ['100000001', '2', 'JOSÉ "UCOK" € SIREGAR', '1212090101050002', 'DUSUN I\nRT 001'],
  ['999999999', '1', 'TIDAK ADA', '1212090101050003', ''],
  ['', '', '', '', ''],
];
const ANSWERS: Record<string, string[]> = {
  '100000001-1': ['YA', 'D-1', '1212091111110001', 'NIK sama'],
  '100000001-2': ['TIDAK', 'D-2', '1212091111110001', 'perlu ditinjau (skor 0.53)'],
};
const NAMES = ['DTKS_BERIRISAN_DTKS', 'DTKS_ID_DTKS', 'DTKS_KK_DTKS', 'DTKS_keterangan_DTKS'];

const placements = new Map<string, Placement | number>([
  ['100000001-1', placement({ sourceId: '100000001-1', nik: '1212094505800001' }, {})],
  ['100000001-2', placement({ sourceId: '100000001-2', nik: '1212090101050002' }, { status: 'review', probability: 0.534, other: { ...other, sourceId: 'D-2' } })],
]);

interface Style {
  delim: string;
  eol: string;
  quoteAll: boolean;
}

function render(rows: Row[], style: Style): string {
  const cell = (v: string): string => (style.quoteAll || /["\r\n]/.test(v) || v.includes(style.delim) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map((v) => cell(v.replaceAll('\n', style.eol))).join(style.delim) + style.eol).join('');
}

type Enc = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
function encode(text: string, encoding: Enc): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf-16le':
      return Buffer.from(`\uFEFF${text}`, 'utf16le');
    case 'utf-16be':
      return Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    case 'windows-1252':
      // É is 0xC9 as in Latin-1; € is 0x80 in Windows-1252.
      return Buffer.from(text.replaceAll('€', '\x80'), 'latin1');
  }
}

const place = (fields: Record<string, string | undefined>) => placeRow(fields, 'p3ke', placements);

describe('CSV templates come back byte for byte except the answers', () => {
  const encodings: Enc[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];
  const styles: Style[] = [
    { delim: ',', eol: '\r\n', quoteAll: false },
    { delim: ';', eol: '\n', quoteAll: false },
    { delim: '\t', eol: '\r', quoteAll: false },
    { delim: '|', eol: '\n', quoteAll: true },
  ];
  const cases = encodings.flatMap((e) => styles.map((s) => [e, JSON.stringify(s.delim), s.eol === '\r\n' ? 'CRLF' : s.eol === '\n' ? 'LF' : 'CR', s.quoteAll ? 'all quoted' : 'quoted when needed', s] as const));

  it.each(cases)('%s, delimiter %s, %s, %s: appends the answer columns', (encoding, _d, _e, _q, style) => {
    const input = render([TITLE, HEADER, ...PERSONS], style);
    const expected = render(
      [TITLE, [...HEADER, ...NAMES], ...PERSONS.slice(0, 2).map((p) => [...p, ...ANSWERS[`${p[0]}-${p[1]}`]!]), [...PERSONS[2]!, '', '', '', '']],
      style,
    ) + render([PERSONS[3]!], style);
    const { bytes, result } = fillCsvTemplate(encode(input, encoding), 'p3ke', place, 'verval.csv');
    expect(bytes.equals(encode(expected, encoding))).toBe(true);
    expect(result).toMatchObject({
      encoding: encoding === 'utf-8-bom' ? 'utf-8' : encoding,
      delimiter: style.delim,
      rows: 3,
      filled: 2,
      appended: NAMES,
      unplaced: [{ sheet: null, row: 6, id: '999999999-1', reason: 'not in the matched snapshot' }], // the second person spans lines 4 and 5
    });
  });

  it.each(encodings)('%s: fills the template own answer columns in place and leaves a row it cannot place untouched', (encoding) => {
    const style: Style = { delim: ';', eol: '\r\n', quoteAll: false };
    const header = [...HEADER.slice(0, 4), ...NAMES, 'Alamat'];
    const withAnswers = (p: Row, a: string[]): Row => [...p.slice(0, 4), ...a, p[4]!];
    const officer = ['YA', 'D-99', '', 'diisi petugas'];
    const input = render([header, withAnswers(PERSONS[0]!, ['', '', '', '']), withAnswers(PERSONS[2]!, officer), withAnswers(PERSONS[1]!, ['', '', '', ''])], style);
    const expected = render([header, withAnswers(PERSONS[0]!, ANSWERS['100000001-1']!), withAnswers(PERSONS[2]!, officer), withAnswers(PERSONS[1]!, ANSWERS['100000001-2']!)], style);
    const { bytes, result } = fillCsvTemplate(encode(input, encoding), 'p3ke', place, 'verval.csv');
    expect(bytes.toString('latin1')).toBe(encode(expected, encoding).toString('latin1'));
    expect(result).toMatchObject({ rows: 3, filled: 2, appended: [], unplaced: [{ row: 3, id: '999999999-1' }] });
  });

  it('keeps a last line without line end, and refuses a family sheet', () => {
    const style: Style = { delim: ',', eol: '\n', quoteAll: false };
    const input = render([HEADER, PERSONS[0]!], style).slice(0, -1);
    const { bytes } = fillCsvTemplate(Buffer.from(input), 'p3ke', place, 'verval.csv');
    expect(bytes.toString()).toBe(render([[...HEADER, ...NAMES], [...PERSONS[0]!, ...ANSWERS['100000001-1']!]], style).slice(0, -1));
    const family = 'ID Keluarga,Kepala Keluarga,NIK\n100000001,SITI AMINAH,1212094505800001\n';
    expect(() => fillCsvTemplate(Buffer.from(family), 'p3ke', place, 'keluarga.csv')).toThrow(/keluarga\.csv:1: no "ID Individu" column/);
  });
});
