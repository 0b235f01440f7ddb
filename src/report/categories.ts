// The discrepancy categories of contracts.md: for each, its file, its columns (fixed order; new
// ones only at the end) and its rows for a stored run. Each row also carries a key that is stable
// across runs (source ids, never row numbers), for "what changed since last night".
import { fieldDifferences } from '../match/index.js';
import type { NormalisedPerson } from '../normalise/types.js';
import { duplicateViews, invalidNikRecords, pairViews, unlinkedRecords, type RecordView } from '../store/findings.js';
import type { Db } from '../store/open.js';
import { familiesOf, type Run } from '../store/runs.js';
import { rejectsOf, type Snapshot } from '../store/snapshots.js';
import { maskDigitRuns, maskId, type Cell } from './csv.js';

export interface ReportContext {
  db: Db;
  run: Run;
  p3ke: Snapshot;
  dtks: Snapshot;
  maskNik: boolean;
}

export interface CategoryRow {
  key: string;
  cells: Cell[];
}

export interface Category {
  name: CategoryName;
  file: string;
  header: readonly string[];
  rows(context: ReportContext): Iterable<CategoryRow>;
  /** Short text for changes.csv; never a NIK. */
  detail?(row: CategoryRow): string;
}

export const CATEGORY_NAMES = [
  'matches',
  'review',
  'p3ke_only',
  'dtks_only',
  'field_mismatch',
  'nik_conflict',
  'duplicates',
  'invalid_nik',
  'families',
  'rejects',
] as const;
export type CategoryName = (typeof CATEGORY_NAMES)[number];

const PAIR_FIELDS = ['nik', 'no_kk', 'nama', 'tgl_lahir', 'jenis_kelamin', 'kode_desa', 'alamat'] as const;

function fieldValue(person: NormalisedPerson, field: (typeof PAIR_FIELDS)[number], mask: boolean): string | null {
  switch (field) {
    case 'nik':
      return mask ? maskId(person.nik) : person.nik;
    case 'no_kk':
      return mask ? maskId(person.noKk) : person.noKk;
    case 'nama':
      return person.nama;
    case 'tgl_lahir':
      return person.tglLahir;
    case 'jenis_kelamin':
      return person.jenisKelamin;
    case 'kode_desa':
      return person.kodeWilayah;
    case 'alamat':
      return person.alamat;
  }
}

const probability = (p: number): string => p.toFixed(4);
/** A DTKS household id is the KK number in the SIKS-NG layout: masked like one. */
const household = (value: string | null, mask: boolean): string | null => (mask && value && /^\d{16}$/.test(value) ? maskId(value) : value);
const nik = (value: string | null, mask: boolean): string | null => (mask ? maskId(value) : value);

function personCells(record: RecordView, mask: boolean): Cell[] {
  const p = record.person;
  return [nik(p.nik, mask), p.nikStatus, p.nama, p.tglLahir, p.jenisKelamin, p.hubungan, p.kodeWilayah, p.desa, p.kecamatan, p.alamat];
}

export const CATEGORIES: readonly Category[] = [
  {
    name: 'matches',
    file: 'matches.csv',
    header: ['p3ke_id', 'dtks_id', 'status', 'probability', 'method', 'p3ke_family_id', 'dtks_household_id', 'p3ke_nik', 'dtks_nik', 'p3ke_nama', 'dtks_nama', 'kode_desa'],
    *rows({ db, run, maskNik }) {
      for (const { pair, p3ke, dtks } of pairViews(db, run.id, 'link')) {
        yield {
          key: `${p3ke.person.sourceId}|${dtks.person.sourceId}`,
          cells: [
            p3ke.person.sourceId,
            dtks.person.sourceId,
            pair.status,
            probability(pair.probability),
            pair.method,
            p3ke.person.familyId,
            household(dtks.person.familyId, maskNik),
            nik(p3ke.person.nik, maskNik),
            nik(dtks.person.nik, maskNik),
            p3ke.person.nama,
            dtks.person.nama,
            p3ke.person.kodeWilayah ?? dtks.person.kodeWilayah,
          ],
        };
      }
    },
    detail: (row) => `${String(row.cells[2])} ${String(row.cells[4])}`,
  },
  {
    name: 'review',
    file: 'review.csv',
    header: ['p3ke_id', 'dtks_id', 'probability', ...PAIR_FIELDS.flatMap((f) => [`p3ke_${f}`, `dtks_${f}`]), 'reason'],
    *rows({ db, run, maskNik }) {
      for (const { pair, p3ke, dtks } of pairViews(db, run.id, 'link', 'review')) {
        const reason = fieldDifferences(p3ke.person, dtks.person)
          .map((d) => `${d.field} ${d.kind}`)
          .join('; ');
        yield {
          key: `${p3ke.person.sourceId}|${dtks.person.sourceId}`,
          cells: [
            p3ke.person.sourceId,
            dtks.person.sourceId,
            probability(pair.probability),
            ...PAIR_FIELDS.flatMap((f) => [fieldValue(p3ke.person, f, maskNik), fieldValue(dtks.person, f, maskNik)]),
            reason,
          ],
        };
      }
    },
    detail: (row) => `probability ${String(row.cells[2])}`,
  },
  {
    name: 'p3ke_only',
    file: 'p3ke_only.csv',
    header: ['p3ke_id', 'p3ke_family_id', 'desil', 'nik', 'nik_status', 'nama', 'tgl_lahir', 'jenis_kelamin', 'hubungan', 'kode_desa', 'desa', 'kecamatan', 'alamat'],
    *rows({ db, run, p3ke, maskNik }) {
      for (const record of unlinkedRecords(db, run.id, p3ke.id, 'p3ke')) {
        const p = record.person;
        yield { key: p.sourceId, cells: [p.sourceId, p.familyId, p.desil, ...personCells(record, maskNik)] };
      }
    },
    detail: (row) => `desil ${String(row.cells[2] ?? '')} ${String(row.cells[11] ?? '')}`.trim(),
  },
  {
    name: 'dtks_only',
    file: 'dtks_only.csv',
    header: ['dtks_id', 'dtks_household_id', 'nik', 'nik_status', 'nama', 'tgl_lahir', 'jenis_kelamin', 'hubungan', 'kode_desa', 'desa', 'kecamatan', 'alamat'],
    *rows({ db, run, dtks, maskNik }) {
      for (const record of unlinkedRecords(db, run.id, dtks.id, 'dtks')) {
        const p = record.person;
        yield { key: p.sourceId, cells: [p.sourceId, household(p.familyId, maskNik), ...personCells(record, maskNik)] };
      }
    },
    detail: (row) => String(row.cells[10] ?? ''),
  },
  {
    name: 'field_mismatch',
    file: 'field_mismatch.csv',
    header: ['p3ke_id', 'dtks_id', 'field', 'p3ke_value', 'dtks_value', 'kind'],
    *rows({ db, run, maskNik }) {
      for (const { p3ke, dtks } of pairViews(db, run.id, 'link')) {
        for (const difference of fieldDifferences(p3ke.person, dtks.person)) {
          const masked = maskNik && (difference.field === 'nik' || difference.field === 'no_kk');
          yield {
            key: `${p3ke.person.sourceId}|${dtks.person.sourceId}|${difference.field}`,
            cells: [
              p3ke.person.sourceId,
              dtks.person.sourceId,
              difference.field,
              masked ? maskId(difference.p3keValue) : difference.p3keValue,
              masked ? maskId(difference.dtksValue) : difference.dtksValue,
              difference.kind,
            ],
          };
        }
      }
    },
    detail: (row) => `${String(row.cells[2])} ${String(row.cells[5])}`,
  },
  {
    name: 'nik_conflict',
    file: 'nik_conflict.csv',
    header: ['nik', 'source_a', 'id_a', 'nama_a', 'tgl_lahir_a', 'source_b', 'id_b', 'nama_b', 'tgl_lahir_b', 'probability'],
    *rows({ db, run, maskNik }) {
      for (const { pair, p3ke, dtks } of pairViews(db, run.id, 'nik_conflict')) {
        yield {
          key: `${p3ke.person.sourceId}|${dtks.person.sourceId}`,
          cells: [
            nik(p3ke.person.nik, maskNik),
            'p3ke',
            p3ke.person.sourceId,
            p3ke.person.nama,
            p3ke.person.tglLahir,
            'dtks',
            dtks.person.sourceId,
            dtks.person.nama,
            dtks.person.tglLahir,
            probability(pair.probability),
          ],
        };
      }
    },
  },
  {
    name: 'duplicates',
    file: 'duplicates.csv',
    header: ['source', 'group', 'id', 'nik', 'nama', 'tgl_lahir', 'kode_desa', 'reason'],
    *rows({ db, run, maskNik }) {
      for (const d of duplicateViews(db, run.id)) {
        const p = d.person;
        yield { key: `${d.source}|${p.sourceId}|${d.reason}`, cells: [d.source, d.groupNo, p.sourceId, nik(p.nik, maskNik), p.nama, p.tglLahir, p.kodeWilayah, d.reason] };
      }
    },
    detail: (row) => `${String(row.cells[0])} ${String(row.cells[7])}`,
  },
  {
    name: 'invalid_nik',
    file: 'invalid_nik.csv',
    header: ['source', 'id', 'raw_nik', 'nik_status', 'detail'],
    *rows({ db, p3ke, dtks, maskNik }) {
      for (const [source, snapshot] of [['p3ke', p3ke], ['dtks', dtks]] as const) {
        for (const record of invalidNikRecords(db, snapshot.id)) {
          const cells = JSON.parse(record.raw) as string[];
          const rawNik = record.nikColumn === null ? '' : (cells[record.nikColumn] ?? '');
          yield {
            key: `${source}|${record.person.sourceId}`,
            cells: [source, record.person.sourceId, maskNik ? maskDigitRuns(rawNik) : rawNik, record.person.nikStatus, record.person.nikDetail],
          };
        }
      }
    },
    detail: (row) => `${String(row.cells[0])} ${String(row.cells[3])}`,
  },
  {
    name: 'families',
    file: 'families.csv',
    header: ['p3ke_family_id', 'dtks_household_id', 'p3ke_members', 'dtks_members', 'linked_members', 'pattern'],
    *rows({ db, run, maskNik }) {
      for (const f of familiesOf(db, run.id)) {
        const dtksHousehold = household(f.dtksHouseholdId, maskNik);
        yield { key: `${f.p3keFamilyId}|${dtksHousehold}`, cells: [f.p3keFamilyId, dtksHousehold, f.p3keMembers, f.dtksMembers, f.linkedMembers, f.pattern] };
      }
    },
    detail: (row) => String(row.cells[5]),
  },
  {
    name: 'rejects',
    file: 'rejects.csv',
    header: ['source', 'file', 'line', 'reason', 'raw'],
    *rows({ db, p3ke, dtks, maskNik }) {
      for (const snapshot of [p3ke, dtks]) {
        for (const reject of rejectsOf(db, snapshot.id)) {
          yield {
            key: `${snapshot.source}|${snapshot.sha256}|${reject.line}`,
            cells: [snapshot.source, snapshot.fileName, reject.line, reject.reason, maskNik ? maskDigitRuns(reject.raw) : reject.raw],
          };
        }
      }
    },
    detail: (row) => `${String(row.cells[1])}:${String(row.cells[2])} ${String(row.cells[3])}`,
  },
];

export function category(name: CategoryName): Category {
  return CATEGORIES.find((c) => c.name === name)!;
}
