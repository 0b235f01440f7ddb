// What padan writes into a template row: the answer columns of each side and the short
// Indonesian remark saying how the link was made or why there is none. Pure: the placements come
// from the store, the template's cells from the file.
import { normaliseNik } from '../../normalise/nik.js';
import { sourceIdOf } from '../../normalise/person.js';
import type { RawFields, Source } from '../../normalise/types.js';
import type { Placement, Placements } from '../../store/writeback.js';
import { maskId } from '../csv.js';

/** Answer columns, in the order they are appended; the P3KE ones are the verval workbook's own. */
export const ANSWER_COLUMNS: Record<Source, readonly string[]> = {
  p3ke: ['DTKS_BERIRISAN_DTKS', 'DTKS_ID_DTKS', 'DTKS_KK_DTKS', 'DTKS_keterangan_DTKS'],
  dtks: ['P3KE_ID_KELUARGA', 'P3KE_ID_INDIVIDU', 'P3KE_DESIL', 'P3KE_KETERANGAN'],
};

const OTHER_NAME: Record<Source, string> = { p3ke: 'DTKS', dtks: 'P3KE' };

/** The remark table (ASCII only: it is written into Windows-1252 files too). */
export function remarkOf(placement: Placement, side: Source): string {
  const link = placement.link;
  if (!link) {
    if (placement.nikStatus !== 'valid') return `NIK tidak valid: ${placement.nikStatus}`;
    return `tidak ditemukan di ${OTHER_NAME[side]}`;
  }
  if (link.status === 'review') return `perlu ditinjau (skor ${link.probability.toFixed(2)})`;
  if (link.method === 'manual') return 'ditautkan petugas';
  if (link.method === 'nik' || (placement.nik !== null && placement.nik === link.other.nik)) return 'NIK sama';
  return placement.nik === null || link.other.nik === null ? 'orang sama, NIK kosong' : 'orang sama, NIK berbeda';
}

/**
 * The answer cells of one placed row. `YA` only for a confirmed match; a pair in the review band
 * carries its candidate's ids (so the officer can check it) but says `TIDAK` until confirmed.
 */
export function answerOf(placement: Placement, side: Source): string[] {
  const remark = remarkOf(placement, side);
  const other = placement.link?.other;
  if (side === 'p3ke') {
    return [placement.link?.status === 'match' ? 'YA' : 'TIDAK', other?.sourceId ?? '', other?.noKk ?? '', remark];
  }
  if (!other) return ['', '', '', remark];
  // p3ke_id is `{ID Keluarga}-{ID Individu}`: the individual number is what follows the family id.
  const individu = other.familyId && other.sourceId.startsWith(`${other.familyId}-`) ? other.sourceId.slice(other.familyId.length + 1) : other.sourceId;
  return [other.familyId ?? '', individu, other.desil === null ? '' : String(other.desil), remark];
}

export type RowOutcome = { placed: true; sourceId: string; answer: string[] } | { placed: false; sourceId: string | null; reason: string };

/**
 * Places one template row in the matched snapshot by its person id, and refuses rather than
 * guesses: an id the snapshot lacks or holds twice, or a NIK that differs from the snapshot's
 * record (another version of the row), leaves the row unplaced. A template without a NIK column
 * is placed by id alone.
 */
export function placeRow(fields: RawFields, side: Source, placements: Placements): RowOutcome {
  const sourceId = sourceIdOf(fields, side);
  if (sourceId === null) return { placed: false, sourceId: null, reason: 'no person id' };
  // The id of a refused row is printed: a NIK in a shifted id column must not be.
  const refuse = (reason: string): RowOutcome => ({ placed: false, sourceId: sourceId.replace(/(?<!\d)\d{16}(?!\d)/g, (nik) => maskId(nik)!), reason });
  const placement = placements.get(sourceId);
  if (placement === undefined) return refuse('not in the matched snapshot');
  if (typeof placement === 'number') return refuse(`id occurs ${placement} times in the matched snapshot`);
  if (fields.nik !== undefined && normaliseNik(fields.nik).nik !== placement.nik) return refuse('NIK differs from the matched snapshot');
  return { placed: true, sourceId, answer: answerOf(placement, side) };
}
