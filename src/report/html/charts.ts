// Hand-written inline SVG charts, no library and no fonts to fetch. `escapeHtml`, `barChart` and
// `desaSection` are also copied into the page's script (by their source text) to draw a
// kecamatan's desa when one is chosen: they must use nothing but their arguments and each other,
// and stay in this one module (a bundler or test runner may rename imported names).

export interface Series {
  label: string;
  colour: string;
}

export interface BarRow {
  label: string;
  values: number[];
}

export interface BarChartSpec {
  /** Read out by screen readers; the visible title is the section heading. */
  title: string;
  series: Series[];
  rows: BarRow[];
  /** Each bar as shares of its own total (100 %), instead of counts on a common scale. */
  percent?: boolean;
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Horizontal stacked bars, one `<g class="bar">` per row, one `<rect>` per non-empty segment. */
export function barChart(spec: BarChartSpec): string {
  const labelWidth = 230;
  const barWidth = 400;
  const rowHeight = 22;
  const width = labelWidth + barWidth + 90;
  const height = spec.rows.length * rowHeight + 8;
  const totals = spec.rows.map((row) => row.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const parts = [];
  for (let i = 0; i < spec.rows.length; i += 1) {
    const row = spec.rows[i];
    const total = totals[i] ?? 0;
    if (!row) continue;
    const y = i * rowHeight + 4;
    const scale = spec.percent ? (total > 0 ? barWidth / total : 0) : barWidth / max;
    let x = labelWidth;
    const segments = [];
    for (let s = 0; s < row.values.length; s += 1) {
      const value = row.values[s] ?? 0;
      const series = spec.series[s];
      if (value <= 0 || !series) continue;
      const w = Math.max(1, value * scale);
      const share = total > 0 ? ` (${((value / total) * 100).toFixed(1)}%)` : '';
      segments.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${escapeHtml(series.colour)}"><title>${escapeHtml(`${row.label}, ${series.label}: ${value}${share}`)}</title></rect>`,
      );
      x += w;
    }
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    parts.push(
      `<g class="bar"><text x="${labelWidth - 6}" y="${y + rowHeight / 2 + 1}" text-anchor="end">${escapeHtml(label)}</text>${segments.join('')}<text x="${(x + 4).toFixed(1)}" y="${y + rowHeight / 2 + 1}">${spec.percent ? '' : total.toLocaleString('id-ID')}</text></g>`,
    );
  }
  return `<svg class="chart" role="img" aria-label="${escapeHtml(spec.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

export function legend(series: readonly Series[]): string {
  return `<ul class="legend">${series.map((s) => `<li><span style="background:${escapeHtml(s.colour)}"></span>${escapeHtml(s.label)}</li>`).join('')}</ul>`;
}

export interface LineSeries extends Series {
  values: number[];
}

/** Lines over the runs, one `<circle class="point">` per run and series. */
export function lineChart(title: string, xLabels: readonly string[], series: readonly LineSeries[]): string {
  const left = 60;
  const right = 20;
  const top = 10;
  const plotHeight = 200;
  const width = 700;
  const height = top + plotHeight + 30;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = xLabels.length > 1 ? (width - left - right) / (xLabels.length - 1) : 0;
  const xOf = (i: number): number => (xLabels.length > 1 ? left + i * step : (left + width - right) / 2);
  const yOf = (v: number): number => top + plotHeight - (v / max) * plotHeight;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = yOf(max * f).toFixed(1);
    return `<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" class="grid"/><text x="${left - 6}" y="${y}" text-anchor="end" dy="4">${Math.round(max * f).toLocaleString('id-ID')}</text>`;
  });
  const xs = xLabels.map((label, i) => `<text x="${xOf(i).toFixed(1)}" y="${top + plotHeight + 20}" text-anchor="middle">${escapeHtml(label)}</text>`);
  const lines = series.map((s) => {
    const points = s.values.map((v, i) => `${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`);
    const dots = s.values.map(
      (v, i) =>
        `<circle class="point" cx="${xOf(i).toFixed(1)}" cy="${yOf(v).toFixed(1)}" r="4" fill="${escapeHtml(s.colour)}"><title>${escapeHtml(`${s.label}, ${xLabels[i] ?? ''}: ${v}`)}</title></circle>`,
    );
    return `<g class="series"><polyline points="${points.join(' ')}" fill="none" stroke="${escapeHtml(s.colour)}" stroke-width="2"/>${dots.join('')}</g>`;
  });
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${grid.join('')}${xs.join('')}${lines.join('')}</svg>`;
}

/** A kecamatan's desa: the charts the page draws when it is chosen (specs travel as JSON). */
export interface DesaCharts {
  title: string;
  persons: BarChartSpec;
  families: BarChartSpec;
  nik: BarChartSpec;
  labels: { persons: string; families: string; nik: string };
}

/** Draws a kecamatan's desa, on the server for the first view and in the page on a change. */
export function desaSection(charts: DesaCharts): string {
  return `<h3>${escapeHtml(charts.title)}</h3><h4>${escapeHtml(charts.labels.persons)}</h4>${barChart(charts.persons)}<h4>${escapeHtml(charts.labels.families)}</h4>${barChart(charts.families)}<h4>${escapeHtml(charts.labels.nik)}</h4>${barChart(charts.nik)}`;
}
