// The compact summary a data officer reads at the terminal: categories with counts and rates,
// the kecamatan with the most P3KE-only persons, and where the files went.
import type { ChalkInstance } from 'chalk';
import type { CategoryName } from './categories.js';
import { rate } from './fail-on.js';
import type { ReportResult } from './write-reports.js';

const LABELS: Record<CategoryName, string> = {
  matches: 'linked pairs (match + review)',
  review: 'pairs to review',
  p3ke_only: 'P3KE only (no DTKS record)',
  dtks_only: 'DTKS only (not in P3KE)',
  field_mismatch: 'field differences in linked pairs',
  nik_conflict: 'one NIK, different persons',
  duplicates: 'duplicate records',
  invalid_nik: 'invalid or missing NIK',
  families: 'family links',
  rejects: 'rejected input rows',
};

const ATTENTION: readonly CategoryName[] = ['p3ke_only', 'nik_conflict', 'review', 'rejects'];

export function terminalSummary(result: ReportResult, colour: ChalkInstance): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const lines: string[] = [];
  lines.push(colour.bold(`run ${result.runId}: ${count(result.persons.p3ke)} P3KE persons, ${count(result.persons.dtks)} DTKS persons`));
  const width = Math.max(...Object.values(LABELS).map((l) => l.length));
  for (const [name, label] of Object.entries(LABELS) as [CategoryName, string][]) {
    const n = result.counts[name] ?? 0;
    const pct = name === 'families' ? '' : `${rate(name, result).toFixed(1).padStart(5)}%`;
    const text = `  ${label.padEnd(width)}  ${count(n).padStart(10)}  ${pct}`;
    lines.push(n > 0 && ATTENTION.includes(name) ? colour.yellow(text) : text);
  }
  if (result.changes) {
    const news = result.changes.filter((c) => c.added > 0 || c.resolved > 0).map((c) => `${c.category} +${count(c.added)}/-${count(c.resolved)}`);
    lines.push(`  since the previous run: ${news.length > 0 ? news.join(', ') : 'no change'}`);
  }
  if (result.topKecamatan.length > 0) {
    lines.push(colour.bold('kecamatan with the most P3KE-only persons'));
    for (const k of result.topKecamatan) {
      lines.push(`  ${(k.kecamatan ?? '(unknown)').padEnd(28)} ${(k.kodeKecamatan ?? '').padEnd(6)}  ${count(k.persons).padStart(8)}`);
    }
  }
  lines.push(`reports in ${result.outDir}`);
  return `${lines.join('\n')}\n`;
}
