// The report stage: every category of a stored run to its CSV, plus summary.json and, when there
// is a previous run, changes.csv. Same run and settings → byte-identical CSVs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/open.js';
import { previousRun, type Run } from '../store/runs.js';
import { CATEGORIES, type CategoryName } from './categories.js';
import { contextOf, diffRuns } from './changes.js';
import { privateDirMode, privateFileMode } from '../util/file-mode.js';
import { CsvFileWriter, removeStaleTemporaries, writeCsv } from './csv.js';

export interface ReportOptions {
  outDir: string;
  maskNik?: boolean;
  version: string;
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
  files: { category: CategoryName | 'changes' | 'summary'; path: string; rows: number }[];
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
  const files: ReportResult['files'] = [];
  const counts = {} as Record<CategoryName, number>;
  const kecamatan = new Map<string, KecamatanCount>();

  for (const category of CATEGORIES) {
    const path = join(options.outDir, category.file);
    const writer = new CsvFileWriter(path, category.header);
    try {
      for (const row of category.rows(context)) {
        await writer.write(row.cells);
        if (category.name === 'p3ke_only') {
          const code = (row.cells[9] as string | null)?.slice(0, 6) ?? null;
          const name = (row.cells[11] as string | null) ?? null;
          const id = code ?? name ?? '';
          const entry = kecamatan.get(id) ?? { kodeKecamatan: code, kecamatan: name, persons: 0 };
          entry.persons += 1;
          kecamatan.set(id, entry);
        }
      }
      await writer.close();
    } catch (error) {
      writer.abort();
      throw error;
    }
    counts[category.name] = writer.rowCount;
    files.push({ category: category.name, path, rows: writer.rowCount });
  }

  let changes: ReportResult['changes'] = null;
  const before = previousRun(db, run.id);
  if (before) {
    const diff = diffRuns(db, before, run, options.maskNik ?? false);
    const path = join(options.outDir, 'changes.csv');
    const rows = diff.flatMap((c) => [
      ...c.added.map((a) => [c.category, 'new', a.key, a.detail]),
      ...c.resolved.map((r) => [c.category, 'resolved', r.key, r.detail]),
    ]);
    await writeCsv(path, ['category', 'change', 'key', 'detail'], rows);
    files.push({ category: 'changes', path, rows: rows.length });
    changes = diff.map((c) => ({ category: c.category, added: c.added.length, resolved: c.resolved.length }));
  }

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
