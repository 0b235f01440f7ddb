// One input row (canonical field → raw text) to the NormalisedPerson every later stage uses.
// Composes the single-field normalisers and records where fields disagree with each other.
import { normaliseAddress } from './address.js';
import { normaliseDesil, normaliseHubungan, normalisePersentil, normaliseYaTidak } from './codes.js';
import { normaliseDate } from './date.js';
import { normaliseName, normalisePlainName } from './name.js';
import { normaliseNik, normaliseNoKk } from './nik.js';
import { resolveRegion } from './region.js';
import { normaliseSex } from './sex.js';
import { PROGRAMMES, type NormalisedPerson, type Programme, type RawFields, type Source } from './types.js';

export interface NormaliseOptions {
  /** ISO date used as "today" for future-date checks; fixed in tests so results never drift. */
  today?: string;
  /** BDT numbers relations differently from Dukcapil after 1 (kepala rumah tangga). */
  hubunganCodes?: 'dukcapil' | 'bdt';
}

const blankToNull = (value: string | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The person id of contracts.md: P3KE numbers individuals within a family. */
export function sourceIdOf(fields: RawFields, source: Source): string | null {
  const personId = blankToNull(fields.person_id);
  if (source === 'dtks') return personId;
  const familyId = blankToNull(fields.family_id);
  if (!familyId || !personId) return null;
  return `${familyId}-${personId}`;
}

// Each programme is yes, no or absent: a row's programmes are one of 3^6 combinations. One shared,
// frozen object per combination, made on first use, rather than an object grown key by key for
// every row (a tenth of normalisePerson's own time).
const programmeSets: Readonly<Partial<Record<Programme, boolean>>>[] = [];

function programmesOf(fields: RawFields): Readonly<Partial<Record<Programme, boolean>>> {
  let code = 0;
  for (const programme of PROGRAMMES) {
    const value = normaliseYaTidak(fields[programme]);
    code = code * 3 + (value === null ? 0 : value ? 1 : 2);
  }
  let set = programmeSets[code];
  if (set === undefined) {
    const built: Partial<Record<Programme, boolean>> = {};
    for (const programme of PROGRAMMES) {
      const value = normaliseYaTidak(fields[programme]);
      if (value !== null) built[programme] = value;
    }
    set = programmeSets[code] = Object.freeze(built);
  }
  return set;
}

export function normalisePerson(fields: RawFields, source: Source, options: NormaliseOptions = {}): NormalisedPerson {
  const nik = normaliseNik(fields.nik, { today: options.today });
  const noKk = normaliseNoKk(fields.no_kk);
  const name = normaliseName(fields.nama);
  const date = normaliseDate(fields.tgl_lahir, { today: options.today, hint: nik.tglLahir ?? undefined });
  const sex = normaliseSex(fields.jenis_kelamin);
  const region = resolveRegion({
    kodeWilayah: fields.kode_wilayah,
    kodeProvinsi: fields.kode_provinsi,
    kodeKabupaten: fields.kode_kabupaten,
    kodeKecamatan: fields.kode_kecamatan,
    kodeDesa: fields.kode_desa,
    provinsi: fields.provinsi,
    kabupaten: fields.kabupaten,
    kecamatan: fields.kecamatan,
    desa: fields.desa,
  });
  const address = normaliseAddress(fields.alamat, { rt: fields.rt, rw: fields.rw, dusun: fields.dusun });
  const desil = normaliseDesil(fields.desil);
  const persentil = normalisePersentil(fields.persentil);

  const flags: string[] = [];
  if (nik.status === 'valid') {
    if (nik.tglLahir && date.iso && date.flag !== 'placeholder' && nik.tglLahir !== date.iso) flags.push('nik_date_mismatch');
    if (nik.sex && sex && nik.sex !== sex) flags.push('nik_sex_mismatch');
  }
  if (nik.detail && nik.status === 'valid') flags.push('nik_region_outdated');
  if (date.twoDigitYear) flags.push('tgl_lahir_two_digit_year');
  if (desil !== null && persentil !== null && desil !== Math.ceil(persentil / 10)) flags.push('desil_persentil_mismatch');
  if (name.gelar) flags.push('gelar_stripped');

  return {
    sourceId: sourceIdOf(fields, source) ?? '',
    familyId: source === 'p3ke' ? blankToNull(fields.family_id) : (blankToNull(fields.family_id) ?? noKk.noKk),
    nik: nik.nik,
    nikStatus: nik.status,
    nikDetail: nik.detail,
    nikTglLahir: nik.tglLahir,
    nikSex: nik.sex,
    noKk: noKk.noKk,
    noKkStatus: noKk.status,
    nama: name.nama,
    namaGelar: name.gelar,
    namaBin: name.bin,
    namaKey: name.key,
    namaTokens: name.tokens,
    namaInitials: name.initials,
    tglLahir: date.iso,
    tglLahirFlag: date.flag,
    jenisKelamin: sex,
    hubungan: normaliseHubungan(fields.hubungan, { sex, codes: options.hubunganCodes }),
    tempatLahir: normalisePlainName(fields.tempat_lahir),
    namaIbu: normaliseName(fields.nama_ibu).nama,
    kodeWilayah: region.kodeWilayah,
    kodeProvinsi: region.kodeProvinsi,
    kodeKabupaten: region.kodeKabupaten,
    kodeKecamatan: region.kodeKecamatan,
    wilayahStatus: region.status,
    provinsi: region.provinsi,
    kabupaten: region.kabupaten,
    kecamatan: region.kecamatan,
    desa: region.desa,
    alamat: address.alamat,
    dusun: address.dusun,
    rt: address.rt,
    rw: address.rw,
    desil,
    persentil,
    padanDukcapil: normaliseYaTidak(fields.padan_dukcapil),
    programmes: programmesOf(fields),
    flags,
  };
}
