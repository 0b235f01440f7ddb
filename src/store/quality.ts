// Data-quality counts of one snapshot per desa, in one pass of SQL; the report stage rolls them up.
import { NIK_STATUSES } from '../normalise/types.js';
import type { Db } from './open.js';

export interface QualityCounts {
  persons: number;
  nik: Record<string, number>;
  noKk: Record<string, number>;
  tglLahirMissing: number;
  tglLahirPlaceholder: number;
  tglLahirImpossible: number;
  wilayahUnknown: number;
  gelarStripped: number;
  nikDateMismatch: number;
  nikSexMismatch: number;
  desilPersentilMismatch: number;
}

export interface DesaQuality extends QualityCounts {
  kodeKabupaten: string | null;
  kabupaten: string | null;
  kodeKecamatan: string | null;
  kecamatan: string | null;
  kodeWilayah: string | null;
  desa: string | null;
}

const flag = (name: string): string => `sum(instr(flags, '"${name}"') > 0)`;

export function qualityByDesa(db: Db, snapshotId: number): DesaQuality[] {
  const nikColumns = NIK_STATUSES.map((s) => `sum(nik_status = '${s}') AS nik_${s}`).join(', ');
  const kkColumns = NIK_STATUSES.filter((s) => s !== 'bad_date')
    .map((s) => `sum(no_kk_status = '${s}') AS kk_${s}`)
    .join(', ');
  const rows = db
    .prepare(
      `SELECT kode_kabupaten, max(kabupaten) AS kabupaten, kode_kecamatan, max(kecamatan) AS kecamatan, kode_wilayah, max(desa) AS desa,
              count(*) AS persons, ${nikColumns}, ${kkColumns},
              sum(tgl_lahir_flag = 'missing' OR tgl_lahir_flag = 'unparsed') AS tgl_missing,
              sum(tgl_lahir_flag = 'placeholder') AS tgl_placeholder,
              sum(tgl_lahir_flag = 'impossible' OR tgl_lahir_flag = 'future') AS tgl_impossible,
              sum(wilayah_status NOT IN ('ok', 'resolved_by_name')) AS wilayah_unknown,
              sum(nama_gelar IS NOT NULL) AS gelar,
              ${flag('nik_date_mismatch')} AS nik_date_mismatch, ${flag('nik_sex_mismatch')} AS nik_sex_mismatch,
              ${flag('desil_persentil_mismatch')} AS desil_persentil_mismatch
       FROM records WHERE snapshot_id = ?
       GROUP BY kode_kabupaten, kode_kecamatan, kode_wilayah, CASE WHEN kode_wilayah IS NULL THEN desa END
       ORDER BY kode_kabupaten, kode_kecamatan, kode_wilayah`,
    )
    .all(snapshotId) as Record<string, number | string | null>[];
  return rows.map((r) => ({
    kodeKabupaten: r.kode_kabupaten as string | null,
    kabupaten: r.kabupaten as string | null,
    kodeKecamatan: r.kode_kecamatan as string | null,
    kecamatan: r.kecamatan as string | null,
    kodeWilayah: r.kode_wilayah as string | null,
    desa: r.desa as string | null,
    persons: r.persons as number,
    nik: Object.fromEntries(NIK_STATUSES.map((s) => [s, r[`nik_${s}`] as number])),
    noKk: Object.fromEntries(NIK_STATUSES.filter((s) => s !== 'bad_date').map((s) => [s, r[`kk_${s}`] as number])),
    tglLahirMissing: r.tgl_missing as number,
    tglLahirPlaceholder: r.tgl_placeholder as number,
    tglLahirImpossible: r.tgl_impossible as number,
    wilayahUnknown: r.wilayah_unknown as number,
    gelarStripped: r.gelar as number,
    nikDateMismatch: r.nik_date_mismatch as number,
    nikSexMismatch: r.nik_sex_mismatch as number,
    desilPersentilMismatch: r.desil_persentil_mismatch as number,
  }));
}

/** Records whose desil disagrees with ⌈persentil / 10⌉: listed by the profile. */
export function desilPersentilMismatches(db: Db, snapshotId: number): { sourceId: string; line: number; desil: number; persentil: number }[] {
  return db
    .prepare(
      `SELECT source_id AS sourceId, line, desil, persentil FROM records
       WHERE snapshot_id = ? AND instr(flags, '"desil_persentil_mismatch"') > 0 ORDER BY line`,
    )
    .all(snapshotId) as { sourceId: string; line: number; desil: number; persentil: number }[];
}
