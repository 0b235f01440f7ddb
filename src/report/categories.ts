// The discrepancy categories of contracts.md: for each, its file, its columns (fixed order; new
// ones only at the end) and its rows for a stored run. Each row also carries a key that is stable
// across runs (source ids, never row numbers), for "what changed since last night".
import { fieldDifferences } from '../match/index.js';
import type { NormalisedPerson } from '../normalise/types.js';
import { duplicateViews, invalidNikRecords, pairRows, unlinkedRecords, type PairRow } from '../store/findings.js';
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
  /**
   * For a category made of the run's links one at a time: its rows for one link. writeReports
   * then reads the links once for every such category, rather than once each.
   */
  fromLink?(link: PairRow, maskNik: boolean): CategoryRow[];
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

function fieldValue(person: PairRow['p3ke'], field: (typeof PAIR_FIELDS)[number], mask: boolean): string | null {
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
/**
 * A row's key, the parts joined by `|` (as a template literal writes them, null as "null"). A
 * joined string is one flat string; a template literal's keeps its parts alive, five times the
 * memory where changes.csv holds a million-person night's keys (src/report/changes.ts).
 */
const keyOf = (...parts: (string | number | null)[]): string => parts.map(String).join('|');
/** A DTKS household id is the KK number in the SIKS-NG layout: masked like one. */
const household = (value: string | null, mask: boolean): string | null => (mask && value && /^\d{16}$/.test(value) ? maskId(value) : value);
const nik = (value: string | null, mask: boolean): string | null => (mask ? maskId(value) : value);

const PERSON_FIELDS = ['sourceId', 'familyId', 'nik', 'nikStatus', 'nama', 'tglLahir', 'jenisKelamin', 'hubungan', 'kodeWilayah', 'desa', 'kecamatan', 'alamat'] as const;
const P3KE_ONLY_FIELDS = [...PERSON_FIELDS, 'desil'] as const;

function personCells(p: Pick<NormalisedPerson, (typeof PERSON_FIELDS)[number]>, mask: boolean): Cell[] {
  return [nik(p.nik, mask), p.nikStatus, p.nama, p.tglLahir, p.jenisKelamin, p.hubungan, p.kodeWilayah, p.desa, p.kecamatan, p.alamat];
}

type RowsOfLink = (link: PairRow, maskNik: boolean) => CategoryRow[];

/**
 * A category made of links: its rows for one link (writeReports reads the links once for all such
 * categories), and its rows on their own (changes, review) from the run's links, or only those of `status`.
 */
function ofLinks(fromLink: RowsOfLink, status?: 'review'): Pick<Category, 'rows' | 'fromLink'> {
  return {
    fromLink,
    *rows({ db, run, maskNik }) {
      for (const link of pairRows(db, run.id, 'link', status)) yield* fromLink(link, maskNik);
    },
  };
}

export const CATEGORIES: readonly Category[] = [
  {
    name: 'matches',
    file: 'matches.csv',
    header: ['p3ke_id', 'dtks_id', 'status', 'probability', 'method', 'p3ke_family_id', 'dtks_household_id', 'p3ke_nik', 'dtks_nik', 'p3ke_nama', 'dtks_nama', 'kode_desa'],
    ...ofLinks(({ pair, p3ke, dtks }, maskNik) => [
      {
        key: keyOf(p3ke.sourceId, dtks.sourceId),
        cells: [
          p3ke.sourceId,
          dtks.sourceId,
          pair.status,
          probability(pair.probability),
          pair.method,
          p3ke.familyId,
          household(dtks.familyId, maskNik),
          nik(p3ke.nik, maskNik),
          nik(dtks.nik, maskNik),
          p3ke.nama,
          dtks.nama,
          p3ke.kodeWilayah ?? dtks.kodeWilayah,
        ],
      },
    ]),
    detail: (row) => `${String(row.cells[2])} ${String(row.cells[4])}`,
  },
  {
    name: 'review',
    file: 'review.csv',
    header: ['p3ke_id', 'dtks_id', 'probability', ...PAIR_FIELDS.flatMap((f) => [`p3ke_${f}`, `dtks_${f}`]), 'reason'],
    ...ofLinks(({ pair, p3ke, dtks }, maskNik) => {
      if (pair.status !== 'review') return [];
      const reason = fieldDifferences(p3ke, dtks)
        .map((d) => `${d.field} ${d.kind}`)
        .join('; ');
      return [
        {
          key: keyOf(p3ke.sourceId, dtks.sourceId),
          cells: [
            p3ke.sourceId,
            dtks.sourceId,
            probability(pair.probability),
            ...PAIR_FIELDS.flatMap((f) => [fieldValue(p3ke, f, maskNik), fieldValue(dtks, f, maskNik)]),
            reason,
          ],
        },
      ];
    }, 'review'),
    detail: (row) => `probability ${String(row.cells[2])}`,
  },
  {
    name: 'p3ke_only',
    file: 'p3ke_only.csv',
    header: ['p3ke_id', 'p3ke_family_id', 'desil', 'nik', 'nik_status', 'nama', 'tgl_lahir', 'jenis_kelamin', 'hubungan', 'kode_desa', 'desa', 'kecamatan', 'alamat'],
    *rows({ db, run, p3ke, maskNik }) {
      for (const p of unlinkedRecords(db, run.id, p3ke.id, 'p3ke', P3KE_ONLY_FIELDS)) {
        yield { key: p.sourceId, cells: [p.sourceId, p.familyId, p.desil, ...personCells(p, maskNik)] };
      }
    },
    detail: (row) => `desil ${String(row.cells[2] ?? '')} ${String(row.cells[11] ?? '')}`.trim(),
  },
  {
    name: 'dtks_only',
    file: 'dtks_only.csv',
    header: ['dtks_id', 'dtks_household_id', 'nik', 'nik_status', 'nama', 'tgl_lahir', 'jenis_kelamin', 'hubungan', 'kode_desa', 'desa', 'kecamatan', 'alamat'],
    *rows({ db, run, dtks, maskNik }) {
      for (const p of unlinkedRecords(db, run.id, dtks.id, 'dtks', PERSON_FIELDS)) {
        yield { key: p.sourceId, cells: [p.sourceId, household(p.familyId, maskNik), ...personCells(p, maskNik)] };
      }
    },
    detail: (row) => String(row.cells[10] ?? ''),
  },
  {
    name: 'field_mismatch',
    file: 'field_mismatch.csv',
    header: ['p3ke_id', 'dtks_id', 'field', 'p3ke_value', 'dtks_value', 'kind'],
    ...ofLinks(({ p3ke, dtks }, maskNik) =>
      fieldDifferences(p3ke, dtks).map((difference) => {
        const masked = maskNik && (difference.field === 'nik' || difference.field === 'no_kk');
        return {
          key: keyOf(p3ke.sourceId, dtks.sourceId, difference.field),
          cells: [
            p3ke.sourceId,
            dtks.sourceId,
            difference.field,
            masked ? maskId(difference.p3keValue) : difference.p3keValue,
            masked ? maskId(difference.dtksValue) : difference.dtksValue,
            difference.kind,
          ],
        };
      }),
    ),
    detail: (row) => `${String(row.cells[2])} ${String(row.cells[5])}`,
  },
  {
    name: 'nik_conflict',
    file: 'nik_conflict.csv',
    header: ['nik', 'source_a', 'id_a', 'nama_a', 'tgl_lahir_a', 'source_b', 'id_b', 'nama_b', 'tgl_lahir_b', 'probability'],
    *rows({ db, run, maskNik }) {
      for (const { pair, p3ke, dtks } of pairRows(db, run.id, 'nik_conflict')) {
        yield {
          key: keyOf(p3ke.sourceId, dtks.sourceId),
          cells: [
            nik(p3ke.nik, maskNik),
            'p3ke',
            p3ke.sourceId,
            p3ke.nama,
            p3ke.tglLahir,
            'dtks',
            dtks.sourceId,
            dtks.nama,
            dtks.tglLahir,
            probability(pair.probability),
          ],
        };
      }
    },
  },
  {
    name: 'duplicates',
    file: 'duplicates.csv',
    // `file` (added at the end): the export file of each member, so one person in two files shows.
    header: ['source', 'group', 'id', 'nik', 'nama', 'tgl_lahir', 'kode_desa', 'reason', 'file'],
    *rows({ db, run, p3ke, dtks, maskNik }) {
      for (const d of duplicateViews(db, run.id)) {
        const file = d.fileName ?? (d.source === 'p3ke' ? p3ke : dtks).fileName;
        yield { key: keyOf(d.source, d.sourceId, d.reason), cells: [d.source, d.groupNo, d.sourceId, nik(d.nik, maskNik), d.nama, d.tglLahir, d.kodeWilayah, d.reason, file] };
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
          const rawNik = record.nikColumn === null ? '' : (record.cells[record.nikColumn] ?? '');
          yield {
            key: keyOf(source, record.sourceId),
            cells: [source, record.sourceId, maskNik ? maskDigitRuns(rawNik) : rawNik, record.nikStatus, record.nikDetail],
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
        yield { key: keyOf(f.p3keFamilyId, dtksHousehold), cells: [f.p3keFamilyId, dtksHousehold, f.p3keMembers, f.dtksMembers, f.linkedMembers, f.pattern] };
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
          // A snapshot of several files numbers lines per file.
          const where = reject.fileName !== null && reject.fileName !== snapshot.fileName ? `${reject.fileName}:${reject.line}` : String(reject.line);
          yield {
            key: keyOf(snapshot.source, snapshot.sha256, where),
            cells: [snapshot.source, reject.fileName ?? snapshot.fileName, reject.line, reject.reason, maskNik ? maskDigitRuns(reject.raw) : reject.raw],
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
