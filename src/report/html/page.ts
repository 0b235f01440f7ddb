// The report page: one HTML file with its styles, script and SVG charts inline, so it opens
// offline and prints on A4. Every value is escaped; the page's text comes from the catalogue.
import { translate, type Lang, type MessageArgs, type MessageKey } from '../../i18n/index.js';
import type { FamilyPattern } from '../../store/runs.js';
import { barChart, desaSection, escapeHtml, legend, lineChart, type BarRow, type DesaCharts, type Series } from './charts.js';
import { NAMES_LIMIT, type AreaCounts, type PageData } from './data.js';

const DESIL_COLOURS = ['#67000d', '#a50f15', '#cb181d', '#ef3b2c', '#fb6a4a', '#fc9272', '#fcbba1', '#fdd0a2', '#fee0d2', '#fff5f0'];
const NO_DESIL_COLOUR = '#9e9e9e';
const NIK_COLOURS = ['#1a9850', '#fee08b', '#f46d43', '#a50026'];
const TREND_COLOURS = ['#1f78b4', '#ff7f00', '#e31a1c', '#6a3d9a', '#33a02c'];
const PATTERN_COLOURS: Record<FamilyPattern, string> = { same: '#1a9850', split: '#f46d43', merged: '#fdae61', partial: '#74add1' };
const PATTERNS: readonly FamilyPattern[] = ['same', 'split', 'merged', 'partial'];

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#222;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;line-height:1.4}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:1.6rem}h3{font-size:1.05rem}h4{font-size:.95rem;margin:.6rem 0 .2rem}
table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}th,td{border-bottom:1px solid #e0e0e0;padding:.2rem .6rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;font-size:.85rem}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
svg.chart{max-width:100%;height:auto;font-size:11px;display:block}svg.chart text{fill:#333}svg.chart .grid{stroke:#e0e0e0}
.legend{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}.legend span{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px;border:1px solid #0002}
.attention td{color:#8a3b00;font-weight:600}
button,select{font:inherit;padding:.2rem .4rem}
header .actions{float:right}
@page{size:A4;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:10pt}.actions,label.choose{display:none}section{break-inside:avoid-page}h2{break-after:avoid}svg.chart{width:100%}}
`;

/**
 * Chooses a kecamatan: draws its desa from the embedded JSON. escapeHtml, barChart and
 * desaSection are the very functions the server used, copied in by their source text.
 */
const SCRIPT = (): string => `
"use strict";
const escapeHtml = ${escapeHtml.toString()};
const barChart = ${barChart.toString()};
const desaSection = ${desaSection.toString()};
const data = JSON.parse(document.getElementById('padan-data').textContent);
const select = document.getElementById('kecamatan');
const box = document.getElementById('desa');
select.addEventListener('change', () => {
  const charts = data.desa[select.value];
  box.innerHTML = charts ? desaSection(charts) : '';
  box.hidden = !charts;
});
document.getElementById('print').addEventListener('click', () => window.print());
`;

/** 2026-11-23T15:27:06.989Z → 2026-11-23 15:27:06 UTC */
const when = (iso: string): string => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

/** JSON inside a script element: `<` escaped so no text can close the element. */
const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function desilSeries(data: PageData, tr: Tr): Series[] {
  return data.desils.map((d) => ({ label: d === null ? tr('page.noDesil') : tr('page.desil', { desil: d }), colour: d === null ? NO_DESIL_COLOUR : (DESIL_COLOURS[d - 1] ?? NO_DESIL_COLOUR) }));
}

function nikSeries(tr: Tr): Series[] {
  return (['page.nik.valid', 'page.nik.missing', 'page.nik.mangled', 'page.nik.invalid'] as const).map((key, i) => ({ label: tr(key), colour: NIK_COLOURS[i] ?? '#000' }));
}

/** One bar per area and source that has records there. */
const nikRows = (areas: readonly AreaCounts[]): BarRow[] =>
  areas.flatMap((a) =>
    [
      { label: `${a.name} · P3KE`, values: a.nik.p3ke },
      { label: `${a.name} · DTKS`, values: a.nik.dtks },
    ].filter((row) => row.values.some((n) => n > 0)),
  );

/** Areas with P3KE-only persons, most first. */
const byPersons = (areas: readonly AreaCounts[]): AreaCounts[] =>
  areas.filter((a) => a.persons.some((n) => n > 0)).sort((a, b) => b.persons.reduce((x, y) => x + y, 0) - a.persons.reduce((x, y) => x + y, 0) || a.name.localeCompare(b.name));

type Tr = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

function desaCharts(data: PageData, kecamatan: AreaCounts, tr: Tr): DesaCharts {
  const desa = data.desa[kecamatan.code] ?? [];
  const shown = byPersons(desa);
  const title = tr('page.p3keOnlyDesa', { kecamatan: kecamatan.name });
  return {
    title,
    persons: { title: `${title}: ${tr('page.persons')}`, series: desilSeries(data, tr), rows: shown.map((a) => ({ label: a.name, values: a.persons })) },
    families: { title: `${title}: ${tr('page.familiesAxis')}`, series: desilSeries(data, tr), rows: shown.map((a) => ({ label: a.name, values: a.families })) },
    nik: { title: tr('page.nikQualityDesa'), series: nikSeries(tr), rows: nikRows(desa), percent: true },
    labels: { persons: tr('page.persons'), families: tr('page.familiesAxis'), nik: tr('page.nikQualityDesa') },
  };
}

const table = (head: readonly string[], rows: readonly (readonly unknown[])[], numeric: readonly number[] = []): string =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

export function renderPage(data: PageData): string {
  const lang: Lang = data.lang;
  const tr: Tr = (key, ...args) => translate(lang, key, ...args);
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const n = (value: number): string => value.toLocaleString(locale);
  const pct = (value: number): string => `${value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  const title = tr('page.title', { run: data.run.id });
  const attention = new Set(['p3ke_only', 'nik_conflict', 'review', 'rejects']);

  const headline = `<table><thead><tr><th>${escapeHtml(tr('page.category'))}</th><th class="n">${escapeHtml(tr('page.count'))}</th><th class="n">${escapeHtml(tr('page.rate'))}</th></tr></thead><tbody>${data.counts
    .map(
      (c) =>
        `<tr${c.count > 0 && attention.has(c.name) ? ' class="attention"' : ''}><td>${escapeHtml(tr(`category.${c.name}`))}</td><td class="n">${n(c.count)}</td><td class="n">${c.rate === null ? '' : pct(c.rate)}</td></tr>`,
    )
    .join('')}</tbody></table><p class="note">${escapeHtml(tr('page.rateNote'))}</p>`;

  const kecamatan = byPersons(data.kecamatan);
  const desilLegend = legend(desilSeries(data, tr));
  const perKecamatan = `${desilLegend}<h4>${escapeHtml(tr('page.persons'))}</h4>${barChart({
    title: `${tr('page.p3keOnly')}: ${tr('page.persons')}`,
    series: desilSeries(data, tr),
    rows: kecamatan.map((a) => ({ label: a.name, values: a.persons })),
  })}<h4>${escapeHtml(tr('page.familiesAxis'))}</h4>${barChart({
    title: `${tr('page.p3keOnly')}: ${tr('page.familiesAxis')}`,
    series: desilSeries(data, tr),
    rows: kecamatan.map((a) => ({ label: a.name, values: a.families })),
  })}`;
  const charts = Object.fromEntries(data.kecamatan.map((k) => [k.code, desaCharts(data, k, tr)]));
  const selected = data.selected ? charts[data.selected] : undefined;
  const chooser = `<label class="choose">${escapeHtml(tr('page.chooseKecamatan'))} <select id="kecamatan"><option value="">${escapeHtml(tr('page.allKecamatan'))}</option>${data.kecamatan
    .map((k) => `<option value="${escapeHtml(k.code)}"${k.code === data.selected ? ' selected' : ''}>${escapeHtml(k.name)}</option>`)
    .join('')}</select></label>`;
  const desa = `<div id="desa"${selected ? '' : ' hidden'}>${selected ? desaSection(selected) : ''}</div>`;

  const nikQuality = `${legend(nikSeries(tr))}${barChart({ title: tr('page.nikQuality'), series: nikSeries(tr), rows: nikRows(data.kecamatan), percent: true })}<p class="note">${escapeHtml(tr('page.nikQualityNote'))}</p>`;

  const trendSeries = (['matches', 'review', 'p3ke_only', 'dtks_only', 'nik_conflict'] as const).map((name, i) => ({
    label: tr(`category.${name}`),
    colour: TREND_COLOURS[i] ?? '#000',
    values: data.trend.map((p) => ({ matches: p.matches, review: p.review, p3ke_only: p.p3keOnly, dtks_only: p.dtksOnly, nik_conflict: p.nikConflict })[name]),
  }));
  const trend = `${legend(trendSeries)}${lineChart(
    tr('page.trend'),
    data.trend.map((p) => `#${p.runId}`),
    trendSeries,
  )}${data.trend.length < 2 ? `<p class="note">${escapeHtml(tr('page.trendSingle'))}</p>` : ''}`;

  const patternSeries = PATTERNS.map((p) => ({ label: tr(`page.pattern.${p}`), colour: PATTERN_COLOURS[p] }));
  const families = `${barChart({
    title: tr('page.familyPatterns'),
    series: patternSeries,
    // The bar is named by the legend's first word (sama, terpecah, ...).
    rows: PATTERNS.map((p, i) => ({ label: tr(`page.pattern.${p}`).split(':')[0] ?? p, values: PATTERNS.map((_, j) => (i === j ? data.families[p] : 0)) })),
  })}${legend(patternSeries)}`;

  const inputs = `${table(
    [tr('page.source'), tr('page.file'), 'SHA-256', tr('page.rowsRead'), tr('page.accepted'), tr('page.rejected')],
    data.inputs.map((i) => [i.source.toUpperCase(), i.file, i.sha256, n(i.rows), n(i.accepted), n(i.rejected)]),
    [3, 4, 5],
  ).replace(/<td>([0-9a-f]{64})<\/td>/g, '<td class="mono">$1</td>')}${
    data.thresholds.length > 0 ? table([tr('page.threshold'), tr('page.value')], data.thresholds) : `<p>${escapeHtml(tr('page.threshold'))}: ${escapeHtml(tr('page.none'))}</p>`
  }${table(
    [tr('page.stage'), tr('page.ms')],
    data.timingsMs.map(([stage, ms]) => [stage, n(ms)]),
    [1],
  )}`;

  const names = data.names
    ? `<section id="names"><h2>${escapeHtml(tr('page.names'))}</h2><p class="note">${escapeHtml(tr('page.namesNote', { limit: NAMES_LIMIT }))}</p>${table(
        [tr('page.id'), tr('page.nik'), tr('page.name'), tr('page.desa'), tr('page.kecamatan')],
        data.names.map((p) => [p.id, p.nik ?? '', p.nama ?? '', p.desa, p.kecamatan]),
      )}</section>`
    : '';

  const describes = tr('page.describes', { run: data.run.id, version: data.run.version, started: when(data.run.startedAt), finished: when(data.run.finishedAt), seconds: data.run.seconds });
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><div class="actions"><button type="button" id="print">${escapeHtml(tr('page.print'))}</button></div>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(describes)}</p>
<h4>${escapeHtml(tr('page.files'))}</h4>
<ul>${data.inputs.map((i) => `<li>${escapeHtml(i.source.toUpperCase())}: <strong>${escapeHtml(i.file)}</strong></li>`).join('')}</ul>
</header>
<section id="headline"><h2>${escapeHtml(tr('page.headline'))}</h2>${headline}</section>
<section id="p3ke-only"><h2>${escapeHtml(tr('page.p3keOnly'))}</h2><p class="note">${escapeHtml(tr('page.p3keOnlyNote'))}</p>${perKecamatan}${chooser}${desa}</section>
<section id="nik-quality"><h2>${escapeHtml(tr('page.nikQuality'))}</h2>${nikQuality}</section>
<section id="trend"><h2>${escapeHtml(tr('page.trend'))}</h2>${trend}</section>
<section id="families"><h2>${escapeHtml(tr('page.familyPatterns'))}</h2>${families}</section>
<section id="inputs"><h2>${escapeHtml(tr('page.inputs'))}</h2>${inputs}</section>
${names}
<footer><p class="note">${escapeHtml(tr('page.footer', { version: data.run.version }))}</p></footer>
<script type="application/json" id="padan-data">${jsonForScript({ desa: charts })}</script>
<script>${SCRIPT()}</script>
</body>
</html>
`;
}
