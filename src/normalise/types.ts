// The vocabulary every stage shares: which register a record came from, the canonical fields an
// export is mapped onto, and the normalised person the store keeps beside the raw cells.

export type Source = 'p3ke' | 'dtks';
export const SOURCES: readonly Source[] = ['p3ke', 'dtks'];

/** Canonical fields an export's headers are mapped onto (export-layouts.md, "Aliases"). */
export const CANONICAL_FIELDS = [
  'person_id',
  'family_id',
  'nik',
  'no_kk',
  'nama',
  'tgl_lahir',
  'tempat_lahir',
  'jenis_kelamin',
  'hubungan',
  'nama_ibu',
  'kode_wilayah',
  'kode_provinsi',
  'kode_kabupaten',
  'kode_kecamatan',
  'kode_desa',
  'provinsi',
  'kabupaten',
  'kecamatan',
  'desa',
  'alamat',
  'dusun',
  'rt',
  'rw',
  'desil',
  'persentil',
  'padan_dukcapil',
  'pkh',
  'bpnt',
  'sembako',
  'pbi',
  'bpum',
  'bst',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** One input row as mapped by ingest: canonical field → raw cell text (absent when no column). */
export type RawFields = Partial<Record<CanonicalField, string>>;

/** Contract values (contracts.md): the class of a NIK. */
export const NIK_STATUSES = [
  'valid',
  'missing',
  'placeholder',
  'excel_mangled',
  'bad_length',
  'bad_region',
  'bad_date',
] as const;
export type NikStatus = (typeof NIK_STATUSES)[number];

/** No KK has no date rule that can be checked as strictly as a NIK's, but the same damage. */
export type KkStatus = Exclude<NikStatus, 'bad_date'>;

export type Sex = 'L' | 'P';

/** Why a date is not simply a good date. `ok` is a real, plausible date. */
export type DateFlag = 'ok' | 'missing' | 'placeholder' | 'impossible' | 'future' | 'unparsed';

/** Dukcapil SHDK vocabulary (domain.md); BDT's kepala rumah tangga maps to kepala_keluarga. */
export const HUBUNGAN = [
  'kepala_keluarga',
  'suami',
  'istri',
  'anak',
  'menantu',
  'cucu',
  'orang_tua',
  'mertua',
  'famili_lain',
  'pembantu',
  'lainnya',
] as const;
export type Hubungan = (typeof HUBUNGAN)[number];

export const PROGRAMMES = ['pkh', 'bpnt', 'sembako', 'pbi', 'bpum', 'bst'] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** How a record's desa code was obtained. */
export type WilayahStatus =
  | 'ok' // a code that is in the official list
  | 'resolved_by_name' // no usable code; names resolved to one desa in the official list
  | 'ambiguous' // names fit several desa
  | 'unknown_code' // a code that is not in the official list
  | 'unresolved' // neither code nor names led to a desa
  | 'missing'; // no region information at all

/**
 * A person as every later stage sees it: canonical values, never raw text. Strings are upper-case
 * canonical forms; null means the source had no usable value (missing is neutral in matching).
 */
export interface NormalisedPerson {
  /** p3ke_id (`{ID Keluarga}-{ID Individu}`) or dtks_id, as in contracts.md. */
  sourceId: string;
  /** p3ke_family_id or dtks_household_id. */
  familyId: string | null;

  /** Digits only after cleaning, kept even when invalid (reports show it); null when blank. */
  nik: string | null;
  nikStatus: NikStatus;
  /** Why it is not valid, or a warning about a valid one (e.g. kecamatan no longer listed). */
  nikDetail: string | null;
  /** Birth date and sex encoded in a NIK whose date part parses. Evidence, not truth. */
  nikTglLahir: string | null;
  nikSex: Sex | null;

  noKk: string | null;
  noKkStatus: KkStatus;

  /** Canonical name: titles stripped, Muhammad and old spelling unified, BIN/BINTI part removed. */
  nama: string | null;
  /** Titles stripped from the name, space-separated, in their original order. */
  namaGelar: string | null;
  /** The father's name after BIN/BINTI, canonical. */
  namaBin: string | null;
  /** Phonetic key of the canonical name (Indonesian rules), for blocking. */
  namaKey: string | null;
  /** Distinct canonical tokens sorted and joined by one space. */
  namaTokens: string | null;
  /** First letter of each canonical token, in order. */
  namaInitials: string | null;

  tglLahir: string | null;
  tglLahirFlag: DateFlag;
  jenisKelamin: Sex | null;
  hubungan: Hubungan | null;
  tempatLahir: string | null;
  namaIbu: string | null;

  /** 10-digit Kemendagri desa code, and the prefixes of it (2, 4, 6 digits). */
  kodeWilayah: string | null;
  kodeProvinsi: string | null;
  kodeKabupaten: string | null;
  kodeKecamatan: string | null;
  wilayahStatus: WilayahStatus;
  provinsi: string | null;
  kabupaten: string | null;
  kecamatan: string | null;
  desa: string | null;

  alamat: string | null;
  dusun: string | null;
  rt: string | null;
  rw: string | null;

  desil: number | null;
  persentil: number | null;
  padanDukcapil: boolean | null;
  programmes: Partial<Record<Programme, boolean>>;

  /**
   * Data-quality observations that are not errors: `nik_date_mismatch`, `nik_sex_mismatch`,
   * `desil_persentil_mismatch`, `nik_region_outdated`, `tgl_lahir_two_digit_year`, ...
   */
  flags: string[];
}
