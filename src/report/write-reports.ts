// The report stage: every category of a stored run to its CSV, plus summary.json and, when there
// is a previous run, changes.csv. Same run and settings → byte-identical CSVs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/open.js';
import { previousRun, type Run } from '../store/runs.js';
import { pairRows } from '../store/findings.js';
import { CATEGORIES, type Category, type CategoryName, type CategoryRow } from './categories.js';
import { categoryChange, contextOf, detailOf, Findings, TRACKED, type ChangeLists } from './changes.js';
import { CsvFileWriter, removeStaleTemporaries, type Cell } from './csv.js';
import { privateDirMode, privateFileMode } from '../util/file-mode.js';
import { REPORT_FORMATS, type FormatWriter, type ReportSummary } from './formats.js';

export interface ReportOptions {
  outDir: string;
  maskNik?: boolean;
  version: string;
  /** Formats to write (keys of REPORT_FORMATS; page formats are made by the caller); default csv. */
  formats?: readonly string[];
  /** Timings of the stages before the report (ingest, match), for summary.json. */
  timingsMs?: Record<string, number>;
}

export interface KecamatanCount {
  kodeKecamatan: string | null;
  kecamatan: string | null;
  persons: number;
}

export interface ReportResult {
  runId: number;
  outDir: string;
  files: { category: CategoryName | 'changes' | 'summary' | 'workbook' | 'html'; path: string; rows: number }[];
  counts: Record<CategoryName, number>;
  persons: { p3ke: number; dtks: number };
  rowsRead: number;
  /** The kecamatan with the most P3KE-only persons, most first. */
  topKecamatan: KecamatanCount[];
  changes: { category: CategoryName; added: number; resolved: number }[] | null;
}

export async function writeReports(db: Db, run: Run, options: ReportOptions): Promise<ReportResult> {
  const started = performance.now();
  mkdirSync(options.outDir, { recursive: true, mode: privateDirMode() });
  removeStaleTemporaries(options.outDir);
  const context = contextOf(db, run, options.maskNik ?? false);
  const kecamatan = new Map<string, KecamatanCount>();
  const before = previousRun(db, run.id);
  const formats = options.formats ?? ['csv'];
  const csv = formats.includes('csv');
  const tableFormats = formats.flatMap((name) => (REPORT_FORMATS[name]?.open ? [REPORT_FORMATS[name].open] : []));
  // With a previous run, changes.csv needs this run's keys: gathered as the rows are written
  // rather than by producing every category a second time. A category is compared with the
  // previous run as soon as its rows are all written and those before it in changes.csv are done,
  // and its changes are written out then: a night against a different population changes millions.
  const findings = before ? new Map<CategoryName, Findings>(TRACKED.map((name) => [name, new Findings()])) : null;
  const contextBefore = before ? contextOf(db, before, options.maskNik ?? false) : null;
  const complete = new Set<CategoryName>();
  let compared = 0;
  const changes: ReportResult['changes'] = before ? [] : null;
  // Kept only for a table format, which writes changes after every category.
  const kept: ChangeLists[] = [];
  const writers = new Map<CategoryName | 'changes', CsvFileWriter>();
  const settle = (name: CategoryName): void => {
    if (!findings || !contextBefore) return;
    complete.add(name);
    for (; compared < TRACKED.length && complete.has(TRACKED[compared]!); compared++) {
      const next = TRACKED[compared]!;
      const change = categoryChange(next, contextBefore, findings.get(next)!);
      findings.delete(next);
      for (const row of rowsOfChange(change)) writers.get('changes')?.write(row);
      changes?.push({ category: next, added: change.added.keys.length, resolved: change.resolved.keys.length });
      if (tableFormats.length > 0) kept.push(change);
    }
  };

  const counts = Object.fromEntries(CATEGORIES.map((category) => [category.name, 0])) as Record<CategoryName, number>;
  try {
    if (csv) for (const category of CATEGORIES) writers.set(category.name, new CsvFileWriter(join(options.outDir, category.file), category.header));
    if (csv && before) writers.set('changes', new CsvFileWriter(join(options.outDir, 'changes.csv'), CHANGES_HEADER));
    const emit = (category: Category, row: CategoryRow): void => {
      counts[category.name] += 1;
      writers.get(category.name)?.write(row.cells);
      findings?.get(category.name)?.add(row.key, detailOf(category, row));
      if (category.name === 'p3ke_only') {
        const code = (row.cells[9] as string | null)?.slice(0, 6) ?? null;
        const name = (row.cells[11] as string | null) ?? null;
        const id = code ?? name ?? '';
        const entry = kecamatan.get(id) ?? { kodeKecamatan: code, kecamatan: name, persons: 0 };
        entry.persons += 1;
        kecamatan.set(id, entry);
      }
    };
    // The categories made of links share one read of them (the costliest query of the reports).
    const fromLinks = CATEGORIES.filter((category) => category.fromLink);
    for (const link of pairRows(db, run.id, 'link')) {
      for (const category of fromLinks) for (const row of category.fromLink!(link, context.maskNik)) emit(category, row);
    }
    for (const category of fromLinks) settle(category.name);
    for (const category of CATEGORIES) {
      if (category.fromLink) continue;
      for (const row of category.rows(context)) emit(category, row);
      settle(category.name);
    }
    for (const writer of writers.values()) writer.close();
  } catch (error) {
    for (const writer of writers.values()) writer.abort();
    throw error;
  }
  const files: ReportResult['files'] = [];
  for (const [name, writer] of writers) files.push({ category: name, path: writer.path, rows: writer.rowCount });
  const changeRows: Iterable<readonly Cell[]> | null = before
    ? {
        *[Symbol.iterator]() {
          for (const change of kept) yield* rowsOfChange(change);
        },
      }
    : null;

  const persons = { p3ke: context.p3ke.rowsAccepted, dtks: context.dtks.rowsAccepted };
  const summaryPath = join(options.outDir, 'summary.json');
  const settings = run.settings as { thresholds?: unknown };
  const stats = run.stats as { timingsMs?: Record<string, number> };
  const summary = {
    version: options.version,
    run_id: run.id,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    inputs: [context.p3ke, context.dtks].map((s) => ({
      source: s.source,
      file: s.fileName,
      sha256: s.sha256,
      rows: s.rowsRead,
      accepted: s.rowsAccepted,
      rejected: s.rowsRejected,
    })),
    thresholds: settings.thresholds ?? null,
    counts,
    persons,
    timings_ms: { ...options.timingsMs, ...stats.timingsMs, report: Math.round(performance.now() - started) },
    changes,
    mask_nik: options.maskNik ?? false,
  };
  writeFileSync(`${summaryPath}.tmp-${process.pid}`, `${JSON.stringify(summary, null, 2)}\n`, { mode: privateFileMode() });
  renameSync(`${summaryPath}.tmp-${process.pid}`, summaryPath);
  files.push({ category: 'summary', path: summaryPath, rows: 1 });

  for (const open of tableFormats) {
    const forFormat: ReportSummary = {
      version: summary.version,
      runId: run.id,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      maskNik: summary.mask_nik,
      inputs: summary.inputs,
      counts,
    };
    const written = await writeTables(await open(options.outDir), context, changeRows, forFormat);
    for (const out of written) files.push({ category: 'workbook', path: out.path, rows: out.tables });
  }

  const topKecamatan = [...kecamatan.values()]
    .sort((a, b) => b.persons - a.persons || String(a.kodeKecamatan ?? a.kecamatan).localeCompare(String(b.kodeKecamatan ?? b.kecamatan)))
    .slice(0, 10);
  return {
    runId: run.id,
    outDir: options.outDir,
    files,
    counts,
    persons,
    rowsRead: context.p3ke.rowsRead + context.dtks.rowsRead,
    topKecamatan,
    changes,
  };
}

const CHANGES_HEADER = ['category', 'change', 'key', 'detail'];

function* rowsOfChange({ category, added, resolved }: ChangeLists): Generator<Cell[]> {
  for (let i = 0; i < added.keys.length; i++) yield [category, 'new', added.keys[i], added.details[i]];
  for (let i = 0; i < resolved.keys.length; i++) yield [category, 'resolved', resolved.keys[i], resolved.details[i]];
}

/**
 * A table-by-table format (a workbook): each category read from the store again, one after the
 * other, since exceljs's streaming writer holds a sheet in memory until the one before is done.
 */
async function writeTables(writer: FormatWriter, context: ReturnType<typeof contextOf>, changeRows: Iterable<readonly Cell[]> | null, summary: ReportSummary): Promise<{ path: string; tables: number }[]> {
  try {
    const tables: [string, string, readonly string[], Iterable<readonly Cell[]>][] = CATEGORIES.map((category) => [category.name, category.file, category.header, cellsOf(category.rows(context))]);
    if (changeRows) tables.push(['changes', 'changes.csv', CHANGES_HEADER, changeRows]);
    for (const [name, file, header, rows] of tables) {
      const table = writer.table(name, file, header);
      for (const row of rows) await table.write(row);
      await table.close();
    }
    return await writer.finish(summary);
  } catch (error) {
    writer.abort();
    throw error;
  }
}

function* cellsOf(rows: Iterable<CategoryRow>): Generator<readonly Cell[]> {
  for (const row of rows) yield row.cells;
}
