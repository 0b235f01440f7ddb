// Export layouts padan knows (export-layouts.md): which header names feed which canonical field.
// Header names are compared as keys (letters and digits only, lower case) so `NO_KK`, `No. KK`
// and `no kk` are one name; a `--profile mapping.json` file adds any other layout.
import { readFileSync } from 'node:fs';
import { t, whyUnreadable } from '../i18n/index.js';
import { CANONICAL_FIELDS, SOURCES, type CanonicalField, type Source } from '../normalise/types.js';
import { EXIT, PadanError } from '../util/errors.js';

export interface ExportProfile {
  /** Recorded with each snapshot: `p3ke-individu`, `dtks-siks-ng`, ... or `file:mapping.json`. */
  name: string;
  source: Source;
  description?: string;
  /** Header names per field, preferred name first; the first name is also the one errors show. */
  columns: Partial<Record<CanonicalField, readonly string[]>>;
  /** Fields whose column must be present, else the file is refused. */
  required: readonly CanonicalField[];
  /**
   * Text fields built from several columns, joined by a space (e.g. FEBRL's given_name + surname
   * as `nama`): the columns after the one `columns` names, in order.
   */
  joins?: Partial<Record<CanonicalField, readonly string[]>>;
}

/** Fields a mapping file may join from several columns: free text, never an identifier. */
const JOINABLE: readonly CanonicalField[] = ['nama', 'alamat', 'nama_ibu', 'tempat_lahir', 'dusun'];

/** Letters and digits only, lower case, accents folded: the form header names are compared in. */
export function headerKey(header: string): string {
  // NFKD splits É into E + accent (then dropped) and turns full-width letters into ASCII ones.
  return header.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

// The DTKS person/programme flags are the same in both SIKS-NG header generations.
const SIKS_NG_COMMON = {
  provinsi: ['PROVINSI'],
  kabupaten: ['KABUPATEN/KOTA', 'KABUPATEN', 'KOTA', 'KAB/KOTA'],
  kecamatan: ['KECAMATAN'],
  // The published header really says KELUARAHAN; accept it and the right spelling.
  desa: ['DESA/KELUARAHAN', 'DESA/KELURAHAN', 'DESA', 'KELURAHAN'],
  alamat: ['ALAMAT'],
  dusun: ['DUSUN'],
  rt: ['RT'],
  rw: ['RW'],
  nama: ['NAMA', 'NAMA LENGKAP'],
  tgl_lahir: ['TANGGAL LAHIR', 'TGL LAHIR'],
  tempat_lahir: ['TEMPAT LAHIR'],
  jenis_kelamin: ['JENIS KELAMIN'],
  nama_ibu: ['NAMA IBU KANDUNG', 'namagadis_ibukandung'],
  desil: ['DESIL', 'desil_nasional'],
  padan_dukcapil: ['KETERANGAN PADAN'],
  // BANSOS BPNT-PPKM is deliberately not mapped: it was the one-off 2021 food top-up during the
  // PPKM restrictions, neither regular BPNT nor BST, so it stays in the raw cells only.
  bpnt: ['BANSOS BPNT', 'BPNT'],
  pkh: ['BANSOS PKH', 'PKH'],
  pbi: ['PBI JKN', 'BANSOS PBI', 'PBI'],
  sembako: ['BANSOS SEMBAKO', 'SEMBAKO'],
  bst: ['BANSOS BST', 'BST'],
} as const satisfies Partial<Record<CanonicalField, readonly string[]>>;

/** Built-in layouts, in the order a tie is broken. */
export const BUILTIN_PROFILES: readonly ExportProfile[] = [
  {
    name: 'p3ke-individu',
    source: 'p3ke',
    description: 'P3KE individual sheet (one row per person)',
    columns: {
      family_id: ['ID Keluarga', 'ID Keluarga P3KE'],
      person_id: ['ID Individu', 'ID Anggota Keluarga'],
      provinsi: ['Provinsi'],
      kabupaten: ['Kabupaten', 'Kabupaten/Kota', 'Kab/Kota'],
      kecamatan: ['Kecamatan'],
      desa: ['Desa', 'Desa/Kelurahan', 'Kelurahan'],
      kode_wilayah: ['Kode Kemendagri', 'Kode Kemdagri', 'Kode Wilayah'],
      desil: ['Desil Kesejahteraan', 'Desil'],
      persentil: ['Persentil', 'Persentil Kesejahteraan'],
      alamat: ['Alamat'],
      nama: ['Nama', 'Nama Lengkap'],
      nik: ['NIK', 'Nomor NIK'],
      no_kk: ['No KK', 'Nomor KK', 'NOKK'],
      padan_dukcapil: ['Padan Dukcapil'],
      jenis_kelamin: ['Jenis Kelamin'],
      hubungan: ['Hubungan Dengan Kpl. Keluarga', 'Hubungan dengan Kepala Keluarga', 'Hubungan Keluarga'],
      tgl_lahir: ['Tanggal Lahir', 'Tgl Lahir'],
      // Bare programme names: sub-labels under a "Penerima Bansos" group label.
      bpnt: ['Penerima BPNT', 'Penerima BNPT', 'BPNT'],
      bpum: ['Penerima BPUM', 'BPUM'],
      bst: ['Penerima BST', 'BST'],
      pkh: ['Penerima PKH', 'PKH'],
      sembako: ['Penerima SEMBAKO', 'SEMBAKO'],
      pbi: ['Penerima PBI', 'Penerima PBI JKN', 'PBI'],
    },
    required: ['family_id', 'person_id', 'nik', 'nama'],
  },
  {
    name: 'p3ke-keluarga',
    source: 'p3ke',
    description: 'P3KE family sheet (one row per family, the head only; no person id column)',
    columns: {
      family_id: ['ID Keluarga', 'ID Keluarga P3KE'],
      provinsi: ['Provinsi'],
      kabupaten: ['Kabupaten', 'Kabupaten/Kota', 'Kab/Kota'],
      kecamatan: ['Kecamatan'],
      desa: ['Desa', 'Desa/Kelurahan', 'Kelurahan'],
      kode_wilayah: ['Kode Kemdagri', 'Kode Kemendagri', 'Kode Wilayah'],
      desil: ['Desil Kesejahteraan', 'Desil'],
      persentil: ['Persentil', 'Persentil Kesejahteraan'],
      alamat: ['Alamat'],
      nama: ['Kepala Keluarga', 'Nama Kepala Keluarga'],
      nik: ['NIK', 'NIK Kepala Keluarga'],
      padan_dukcapil: ['Padan Dukcapil'],
      jenis_kelamin: ['Jenis Kelamin'],
      tgl_lahir: ['Tanggal Lahir', 'Tgl Lahir'],
      // The family sheet spells it BNPT.
      bpnt: ['Penerima BNPT', 'Penerima BPNT', 'BPNT', 'BNPT'],
      bpum: ['Penerima BPUM', 'BPUM'],
      bst: ['Penerima BST', 'BST'],
      pkh: ['Penerima PKH', 'PKH'],
      sembako: ['Penerima SEMBAKO', 'SEMBAKO'],
      pbi: ['Penerima PBI', 'Penerima PBI JKN', 'PBI'],
    },
    required: ['family_id', 'nik', 'nama'],
  },
  {
    name: 'dtks-siks-ng',
    source: 'dtks',
    description: 'DTKS SIKS-NG person export',
    columns: {
      person_id: ['ID DTKS', 'IDDTKS', 'ID ART'],
      // SIKS-NG has no household id: the KK number stands in for it.
      family_id: ['NOKK', 'NO KK', 'NOMOR KK'],
      no_kk: ['NOKK', 'NO KK', 'NOMOR KK'],
      nik: ['NIK', 'NOMOR NIK'],
      hubungan: ['HUB KELUARGA', 'HUBUNGAN KELUARGA'],
      ...SIKS_NG_COMMON,
    },
    required: ['person_id', 'nik', 'nama', 'no_kk'],
  },
  {
    // Same fields; the preferred (first) names are the 2022 ones so the snapshot says which.
    name: 'dtks-siks-ng-2022',
    source: 'dtks',
    description: 'DTKS SIKS-NG person export, 2022 headers (NOMOR KK, NOMOR NIK, HUBUNGAN KELUARGA)',
    columns: {
      person_id: ['ID DTKS', 'IDDTKS', 'ID ART'],
      family_id: ['NOMOR KK', 'NOKK', 'NO KK'],
      no_kk: ['NOMOR KK', 'NOKK', 'NO KK'],
      nik: ['NOMOR NIK', 'NIK'],
      hubungan: ['HUBUNGAN KELUARGA', 'HUB KELUARGA'],
      ...SIKS_NG_COMMON,
    },
    required: ['person_id', 'nik', 'nama', 'no_kk'],
  },
  {
    name: 'dtks-bdt',
    source: 'dtks',
    description: 'DTKS legacy BDT layout (BPS region codes, numeric sex and relation codes)',
    columns: {
      family_id: ['IDBDT'],
      person_id: ['IDARTBDT'],
      // BPS code parts (3-digit kecamatan and desa): kept apart from Kemendagri's kode_wilayah.
      kode_provinsi: ['KDPROP'],
      kode_kabupaten: ['KDKAB'],
      kode_kecamatan: ['KDKEC'],
      kode_desa: ['KDDESA'],
      provinsi: ['NMPROP'],
      kabupaten: ['NMKAB'],
      kecamatan: ['NMKEC'],
      desa: ['NMDESA'],
      alamat: ['Alamat'],
      nama: ['Nama'],
      jenis_kelamin: ['JnsKel'],
      tempat_lahir: ['TmpLahir'],
      tgl_lahir: ['TglLahir'],
      // Hubkel is relation to the head of the family (the SHDK padan uses); HubKRT (to the head
      // of the household) only when Hubkel is absent.
      hubungan: ['Hubkel', 'HubKRT'],
      nik: ['NIK'],
      no_kk: ['NoKK', 'NOMOR KK'],
      nama_ibu: ['namagadis_ibukandung'],
      pkh: ['Ada_pkh'],
      bpnt: ['Ada_BPNT'],
      pbi: ['Ada_pbi'],
    },
    required: ['family_id', 'person_id', 'nik', 'nama'],
  },
];

export function builtinProfile(name: string): ExportProfile | undefined {
  return BUILTIN_PROFILES.find((p) => p.name === name);
}

const isCanonical = (key: string): key is CanonicalField => (CANONICAL_FIELDS as readonly string[]).includes(key);

/**
 * Checks a parsed `--profile` document and turns it into a profile. Every column it names is
 * required (a typo in the mapping must not silently drop a field) unless listed under `optional`.
 */
export function parseProfile(doc: unknown, label: string): ExportProfile {
  const fail = (what: string): never => {
    throw new PadanError(`${label}: ${what}`, EXIT.usage, t('hint.mappingFile'));
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail(t('error.expectedObject'));
  const obj = doc as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!['source', 'columns', 'optional', 'name', 'description'].includes(key)) {
      fail(t('error.mappingKey', { key }));
    }
  }
  const source = obj.source;
  if (typeof source !== 'string' || !(SOURCES as readonly string[]).includes(source)) {
    fail(t('error.mappingSource', { sources: SOURCES.map((s) => `"${s}"`).join(', ') }));
  }
  const columnsIn = obj.columns;
  if (typeof columnsIn !== 'object' || columnsIn === null || Array.isArray(columnsIn)) {
    return fail(t('error.mappingColumns'));
  }
  const columns: Partial<Record<CanonicalField, readonly string[]>> = {};
  const joins: Partial<Record<CanonicalField, readonly string[]>> = {};
  for (const [field, value] of Object.entries(columnsIn as Record<string, unknown>)) {
    if (!isCanonical(field)) fail(t('error.mappingField', { field, fields: CANONICAL_FIELDS.join(', ') }));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const join = (value as { join?: unknown }).join;
      if (!JOINABLE.includes(field as CanonicalField)) fail(t('error.mappingJoinable', { field, joinable: JOINABLE.join(', ') }));
      if (Object.keys(value).length !== 1 || !Array.isArray(join) || join.length < 2 || !join.every((n) => typeof n === 'string' && headerKey(n) !== '')) {
        fail(t('error.mappingJoin', { field }));
      }
      const [first, ...rest] = join as string[];
      columns[field as CanonicalField] = [first!];
      joins[field as CanonicalField] = rest;
      continue;
    }
    const names = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && headerKey(n) !== '')) {
      fail(t('error.mappingHeader', { field }));
    }
    columns[field as CanonicalField] = names as string[];
  }
  if (Object.keys(columns).length === 0) fail(t('error.mappingEmpty'));
  let optional: string[] = [];
  if (obj.optional !== undefined) {
    if (!Array.isArray(obj.optional) || !obj.optional.every((f) => typeof f === 'string')) fail(t('error.mappingOptional'));
    optional = obj.optional as string[];
    for (const f of optional) if (!(f in columns)) fail(t('error.mappingOptionalField', { field: f }));
  }
  if (source === 'p3ke' && columns.person_id && !columns.family_id) {
    fail(t('error.mappingFamilyId'));
  }
  for (const f of ['name', 'description'] as const) {
    if (obj[f] !== undefined && typeof obj[f] !== 'string') fail(t('error.mappingString', { key: f }));
  }
  const fields = Object.keys(columns) as CanonicalField[];
  return {
    name: typeof obj.name === 'string' ? obj.name : `file:${label.split(/[\\/]/).pop()}`,
    source: source as Source,
    ...(typeof obj.description === 'string' ? { description: obj.description } : {}),
    columns,
    required: fields.filter((f) => !optional.includes(f)),
    ...(Object.keys(joins).length > 0 ? { joins } : {}),
  };
}

/** Reads and checks a `--profile mapping.json`; every problem is a PadanError naming the file. */
export function loadProfileFile(path: string): ExportProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PadanError(`${path}: ${whyUnreadable(code)}`, EXIT.usage, t('hint.profileFile'));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PadanError(t('error.notJson', { path, message: (error as Error).message }), EXIT.usage);
  }
  return parseProfile(doc, path);
}
