// What the report page shows, gathered from the store as aggregates: counts per area, per
// pattern, per run. Region names come from the official Kemendagri list where the code is known.
import { t, translate, type Lang } from '../../i18n/index.js';
import { regionByCode } from '../../normalise/region-data.js';
import { familyPatternCounts, p3keOnlyByDesa, runTrend, type RunTrendPoint, type UnlinkedAreaCount } from '../../store/aggregates.js';
import { unlinkedRecords } from '../../store/findings.js';
import type { Db } from '../../store/open.js';
import { qualityByDesa, type DesaQuality } from '../../store/quality.js';
import type { FamilyPattern, Run } from '../../store/runs.js';
import { snapshotById, type Snapshot } from '../../store/snapshots.js';
import { CATEGORY_NAMES, type CategoryName } from '../categories.js';
import { maskId } from '../csv.js';
import { rate } from '../fail-on.js';
import type { ReportResult } from '../write-reports.js';
import { EXIT, PadanError } from '../../util/errors.js';

/** NIK statuses folded into the four the page shows. */
const NIK_GROUPS = ['valid', 'missing', 'mangled', 'invalid'] as const;
export type NikGroup = (typeof NIK_GROUPS)[number];
const nikGroupOf = (status: string): NikGroup =>
  status === 'valid' ? 'valid' : status === 'missing' || status === 'placeholder' ? 'missing' : status === 'excel_mangled' ? 'mangled' : 'invalid';

export interface AreaCounts {
  code: string;
  name: string;
  /** Per desil slot (PageData.desils). */
  persons: number[];
  families: number[];
  nik: { p3ke: number[]; dtks: number[] };
}

export interface PageData {
  lang: Lang;
  run: { id: number; version: string; startedAt: string; finishedAt: string; seconds: number };
  inputs: { source: string; file: string; sha256: string; rows: number; accepted: number; rejected: number }[];
  counts: { name: CategoryName; count: number; rate: number | null }[];
  /** The desil values present among P3KE-only persons, null (no desil) last. */
  desils: (number | null)[];
  kecamatan: AreaCounts[];
  /** Desa of each kecamatan, keyed by the kecamatan's code. */
  desa: Record<string, AreaCounts[]>;
  /** The kecamatan whose desa the page opens with. */
  selected: string | null;
  trend: RunTrendPoint[];
  families: Record<FamilyPattern, number>;
  thresholds: [string, string][];
  timingsMs: [string, number][];
  /** Only with --with-names: desil 1 P3KE-only persons, NIK masked. */
  names: { id: string; nik: string | null; nama: string | null; desa: string; kecamatan: string }[] | null;
}

export interface PageOptions {
  lang: Lang;
  /** A kecamatan code or name: open the page on its desa. */
  kecamatan?: string;
  withNames?: boolean;
}

export const NAMES_LIMIT = 500;
const NAME_FIELDS = ['sourceId', 'nik', 'nama', 'desa', 'kecamatan', 'desil'] as const;
const UNKNOWN = '?';

function areaName(key: string, stored: string | null, lang: Lang): string {
  if (key === UNKNOWN) return translate(lang, 'page.unknownArea');
  if (key.startsWith('name:')) return key.slice(5);
  return regionByCode(key)?.name ?? stored ?? key;
}

/** An area key: the Kemendagri code, else the name as exported, else unknown. */
const keyOf = (code: string | null, name: string | null): string => code ?? (name ? `name:${name}` : UNKNOWN);

class Areas {
  readonly byKey = new Map<string, AreaCounts & { stored: string | null }>();
  constructor(private readonly slots: number) {}
  get(key: string, stored: string | null): AreaCounts & { stored: string | null } {
    let area = this.byKey.get(key);
    if (!area) {
      area = { code: key, name: '', stored, persons: Array(this.slots).fill(0), families: Array(this.slots).fill(0), nik: { p3ke: [0, 0, 0, 0], dtks: [0, 0, 0, 0] } };
      this.byKey.set(key, area);
    }
    area.stored ??= stored;
    return area;
  }
  list(lang: Lang): AreaCounts[] {
    return [...this.byKey.values()]
      .map(({ stored, ...area }) => ({ ...area, name: areaName(area.code, stored, lang) }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }
}

function addQuality(rows: readonly DesaQuality[], side: 'p3ke' | 'dtks', kecamatan: Areas, desa: Map<string, Areas>, slots: number): void {
  for (const row of rows) {
    const kec = keyOf(row.kodeKecamatan, row.kecamatan);
    const areas = [kecamatan.get(kec, row.kecamatan)];
    const desaAreas = desa.get(kec) ?? new Areas(slots);
    desa.set(kec, desaAreas);
    areas.push(desaAreas.get(keyOf(row.kodeWilayah, row.desa), row.desa));
    for (const [status, n] of Object.entries(row.nik)) {
      const group = NIK_GROUPS.indexOf(nikGroupOf(status));
      for (const area of areas) area.nik[side][group] = (area.nik[side][group] ?? 0) + n;
    }
  }
}

function findKecamatan(wanted: string, areas: readonly AreaCounts[]): string {
  const needle = wanted.trim().toLowerCase();
  const found = areas.find((a) => a.code === needle || a.name.toLowerCase() === needle || a.name.toLowerCase().replace(/^kecamatan /, '') === needle);
  if (!found) throw new PadanError(t('error.noKecamatan', { kecamatan: wanted }), EXIT.usage, t('hint.kecamatanChoices', { choices: areas.map((a) => `${a.code} ${a.name}`).join(', ') }));
  return found.code;
}

export function pageData(db: Db, run: Run, result: ReportResult, options: PageOptions): PageData {
  const p3ke = snapshotById(db, run.p3keSnapshotId) as Snapshot;
  const dtks = snapshotById(db, run.dtksSnapshotId) as Snapshot;
  const unlinked: UnlinkedAreaCount[] = p3keOnlyByDesa(db, run.id, p3ke.id);
  const desils = [...new Set(unlinked.map((u) => u.desil))].sort((a, b) => (a ?? 99) - (b ?? 99));
  const kecamatan = new Areas(desils.length);
  const desa = new Map<string, Areas>();
  for (const u of unlinked) {
    const kec = keyOf(u.kodeKecamatan, u.kecamatan);
    const slot = desils.indexOf(u.desil);
    const desaAreas = desa.get(kec) ?? new Areas(desils.length);
    desa.set(kec, desaAreas);
    for (const area of [kecamatan.get(kec, u.kecamatan), desaAreas.get(keyOf(u.kodeWilayah, u.desa), u.desa)]) {
      area.persons[slot] = (area.persons[slot] ?? 0) + u.persons;
      area.families[slot] = (area.families[slot] ?? 0) + u.families;
    }
  }
  addQuality(qualityByDesa(db, p3ke.id), 'p3ke', kecamatan, desa, desils.length);
  addQuality(qualityByDesa(db, dtks.id), 'dtks', kecamatan, desa, desils.length);

  const kecamatanList = kecamatan.list(options.lang);
  const selected = options.kecamatan ? findKecamatan(options.kecamatan, kecamatanList) : kecamatanList.length === 1 ? (kecamatanList[0]?.code ?? null) : null;
  const settings = run.settings as { thresholds?: Record<string, unknown> };
  const stats = run.stats as { timingsMs?: Record<string, number> };

  let names: PageData['names'] = null;
  if (options.withNames) {
    names = [];
    for (const p of unlinkedRecords(db, run.id, p3ke.id, 'p3ke', NAME_FIELDS)) {
      // Poorest first (findings.ts): the desil 1 persons head the list.
      if (p.desil !== 1 || names.length >= NAMES_LIMIT) break;
      names.push({ id: p.sourceId, nik: maskId(p.nik), nama: p.nama, desa: p.desa ?? '', kecamatan: p.kecamatan ?? '' });
    }
  }

  return {
    lang: options.lang,
    run: {
      id: run.id,
      version: run.version,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      seconds: Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 100) / 10,
    },
    inputs: [p3ke, dtks].map((s) => ({ source: s.source, file: s.fileName, sha256: s.sha256, rows: s.rowsRead, accepted: s.rowsAccepted, rejected: s.rowsRejected })),
    counts: CATEGORY_NAMES.map((name) => ({ name, count: result.counts[name] ?? 0, rate: name === 'families' ? null : rate(name, result) })),
    desils,
    kecamatan: kecamatanList,
    desa: Object.fromEntries([...desa.entries()].map(([code, areas]) => [code, areas.list(options.lang)])),
    selected,
    trend: runTrend(db, run.id),
    families: familyPatternCounts(db, run.id),
    thresholds: Object.entries(settings.thresholds ?? {}).map(([k, v]) => [k, String(v)]),
    timingsMs: Object.entries(stats.timingsMs ?? {}),
    names,
  };
}
