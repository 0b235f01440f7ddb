// The data-quality profile of a snapshot: what officers check before they trust a
// reconciliation. Totals, then areas (kabupaten, kecamatan, desa) with the worst NIK quality first.
import type { Db } from '../store/open.js';
import { desilPersentilMismatches, qualityByDesa, type DesaQuality, type QualityCounts } from '../store/quality.js';
import type { Snapshot } from '../store/snapshots.js';

export type AreaLevel = 'kabupaten' | 'kecamatan' | 'desa';

export interface AreaQuality extends QualityCounts {
  level: AreaLevel;
  code: string | null;
  name: string | null;
  /** Share of persons whose NIK is not valid: the order "worst first". */
  invalidNikRate: number;
}

export interface Profile {
  snapshot: Pick<Snapshot, 'id' | 'source' | 'fileName' | 'sha256' | 'rowsRead' | 'rowsAccepted' | 'rowsRejected'>;
  totals: QualityCounts & { invalidNikRate: number };
  areas: AreaQuality[];
  desilPersentilMismatches: { sourceId: string; line: number; desil: number; persentil: number }[];
}

const empty = (): QualityCounts => ({
  persons: 0,
  nik: {},
  noKk: {},
  tglLahirMissing: 0,
  tglLahirPlaceholder: 0,
  tglLahirImpossible: 0,
  wilayahUnknown: 0,
  gelarStripped: 0,
  nikDateMismatch: 0,
  nikSexMismatch: 0,
  desilPersentilMismatch: 0,
});

function add(into: QualityCounts, from: QualityCounts): void {
  into.persons += from.persons;
  for (const [k, v] of Object.entries(from.nik)) into.nik[k] = (into.nik[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.noKk)) into.noKk[k] = (into.noKk[k] ?? 0) + v;
  into.tglLahirMissing += from.tglLahirMissing;
  into.tglLahirPlaceholder += from.tglLahirPlaceholder;
  into.tglLahirImpossible += from.tglLahirImpossible;
  into.wilayahUnknown += from.wilayahUnknown;
  into.gelarStripped += from.gelarStripped;
  into.nikDateMismatch += from.nikDateMismatch;
  into.nikSexMismatch += from.nikSexMismatch;
  into.desilPersentilMismatch += from.desilPersentilMismatch;
}

const invalidRate = (q: QualityCounts): number => (q.persons > 0 ? (q.persons - (q.nik.valid ?? 0)) / q.persons : 0);

function rollUp(rows: readonly DesaQuality[], level: AreaLevel): AreaQuality[] {
  const areas = new Map<string, AreaQuality>();
  for (const row of rows) {
    const code = level === 'kabupaten' ? row.kodeKabupaten : level === 'kecamatan' ? row.kodeKecamatan : row.kodeWilayah;
    const name = level === 'kabupaten' ? row.kabupaten : level === 'kecamatan' ? row.kecamatan : row.desa;
    const id = `${code ?? ''}|${code ? '' : (name ?? '')}`;
    let area = areas.get(id);
    if (!area) {
      area = { ...empty(), level, code, name, invalidNikRate: 0 };
      areas.set(id, area);
    }
    add(area, row);
  }
  for (const area of areas.values()) area.invalidNikRate = invalidRate(area);
  return [...areas.values()].sort((a, b) => b.invalidNikRate - a.invalidNikRate || b.persons - a.persons || String(a.code).localeCompare(String(b.code)));
}

export function buildProfile(db: Db, snapshot: Snapshot): Profile {
  const rows = qualityByDesa(db, snapshot.id);
  const totals = empty();
  for (const row of rows) add(totals, row);
  return {
    snapshot: {
      id: snapshot.id,
      source: snapshot.source,
      fileName: snapshot.fileName,
      sha256: snapshot.sha256,
      rowsRead: snapshot.rowsRead,
      rowsAccepted: snapshot.rowsAccepted,
      rowsRejected: snapshot.rowsRejected,
    },
    totals: { ...totals, invalidNikRate: invalidRate(totals) },
    areas: [...rollUp(rows, 'kabupaten'), ...rollUp(rows, 'kecamatan'), ...rollUp(rows, 'desa')],
    desilPersentilMismatches: desilPersentilMismatches(db, snapshot.id),
  };
}

export const PROFILE_CSV_HEADER = [
  'source', 'level', 'code', 'name', 'persons', 'nik_valid', 'nik_missing', 'nik_placeholder', 'nik_excel_mangled', 'nik_bad_length',
  'nik_bad_region', 'nik_bad_date', 'invalid_nik_rate', 'kk_missing', 'kk_invalid', 'tgl_lahir_missing', 'tgl_lahir_placeholder',
  'tgl_lahir_impossible', 'wilayah_unknown', 'gelar_stripped', 'nik_date_mismatch', 'nik_sex_mismatch', 'desil_persentil_mismatch',
] as const;

export function profileCsvRows(profile: Profile): (string | number | null)[][] {
  return profile.areas.map((a) => [
    profile.snapshot.source, a.level, a.code, a.name, a.persons,
    a.nik.valid ?? 0, a.nik.missing ?? 0, a.nik.placeholder ?? 0, a.nik.excel_mangled ?? 0, a.nik.bad_length ?? 0, a.nik.bad_region ?? 0, a.nik.bad_date ?? 0,
    a.invalidNikRate.toFixed(4), a.noKk.missing ?? 0, a.persons - (a.noKk.valid ?? 0) - (a.noKk.missing ?? 0),
    a.tglLahirMissing, a.tglLahirPlaceholder, a.tglLahirImpossible, a.wilayahUnknown, a.gelarStripped,
    a.nikDateMismatch, a.nikSexMismatch, a.desilPersentilMismatch,
  ]);
}
