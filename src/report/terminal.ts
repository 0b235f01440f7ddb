// The compact summary a data officer reads at the terminal: categories with counts and rates,
// the kecamatan with the most P3KE-only persons, and where the files went.
import type { ChalkInstance } from 'chalk';
import { language, t } from '../i18n/index.js';
import { CATEGORY_NAMES, type CategoryName } from './categories.js';
import { rate } from './fail-on.js';
import type { ReportResult } from './write-reports.js';

const ATTENTION: readonly CategoryName[] = ['p3ke_only', 'nik_conflict', 'review', 'rejects'];

export function terminalSummary(result: ReportResult, colour: ChalkInstance): string {
  const locale = language() === 'id' ? 'id-ID' : 'en-US';
  const count = (n: number): string => n.toLocaleString(locale);
  const lines: string[] = [];
  lines.push(colour.bold(t('terminal.run', { run: result.runId, p3ke: count(result.persons.p3ke), dtks: count(result.persons.dtks) })));
  const labels = CATEGORY_NAMES.map((name) => [name, t(`category.${name}`)] as const);
  const width = Math.max(...labels.map(([, l]) => l.length));
  for (const [name, label] of labels) {
    const n = result.counts[name] ?? 0;
    const pct = name === 'families' ? '' : `${rate(name, result).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).padStart(5)}%`;
    const text = `  ${label.padEnd(width)}  ${count(n).padStart(10)}  ${pct}`;
    lines.push(n > 0 && ATTENTION.includes(name) ? colour.yellow(text) : text);
  }
  if (result.changes) {
    const news = result.changes.filter((c) => c.added > 0 || c.resolved > 0).map((c) => `${c.category} +${count(c.added)}/-${count(c.resolved)}`);
    lines.push(t('terminal.sincePrevious', { changes: news.length > 0 ? news.join(', ') : t('terminal.noChange') }));
  }
  if (result.topKecamatan.length > 0) {
    lines.push(colour.bold(t('terminal.topKecamatan')));
    for (const k of result.topKecamatan) {
      lines.push(`  ${(k.kecamatan ?? t('terminal.unknownArea')).padEnd(28)} ${(k.kodeKecamatan ?? '').padEnd(6)}  ${count(k.persons).padStart(8)}`);
    }
  }
  lines.push(t('terminal.reportsIn', { dir: result.outDir }));
  return `${lines.join('\n')}\n`;
}
