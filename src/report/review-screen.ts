// One screen of the interactive review: both records side by side, fields aligned, differences
// highlighted, the score and the comparisons that drove it. Pure: returns the text to draw.
import type { ChalkInstance } from 'chalk';
import type { PairExplanation } from '../match/index.js';
import type { NormalisedPerson } from '../normalise/types.js';
import { maskId } from './csv.js';

const FIELDS: readonly [string, (p: NormalisedPerson) => string | null][] = [
  ['NIK', (p) => (p.nik ? `${p.nik}${p.nikStatus === 'valid' ? '' : ` (${p.nikStatus})`}` : null)],
  ['No KK', (p) => p.noKk],
  ['Nama', (p) => p.nama],
  ['Tgl lahir', (p) => (p.tglLahir ? `${p.tglLahir}${p.tglLahirFlag === 'placeholder' ? ' (year only)' : ''}` : null)],
  ['Jenis kelamin', (p) => p.jenisKelamin],
  ['Hubungan', (p) => p.hubungan],
  ['Tempat lahir', (p) => p.tempatLahir],
  ['Nama ibu', (p) => p.namaIbu],
  ['Desa', (p) => [p.desa, p.kodeWilayah].filter(Boolean).join(' ') || null],
  ['Kecamatan', (p) => p.kecamatan],
  ['Alamat', (p) => [p.alamat, p.rt || p.rw ? `RT ${p.rt ?? '-'} RW ${p.rw ?? '-'}` : null].filter(Boolean).join(', ') || null],
];

export interface ReviewScreen {
  index: number;
  total: number;
  decided: number;
  p3keId: string;
  dtksId: string;
  p3ke: NormalisedPerson;
  dtks: NormalisedPerson;
  probability: number;
  explanation: PairExplanation;
  maskNik: boolean;
  message?: string;
}

export function renderReviewScreen(screen: ReviewScreen, colour: ChalkInstance, width = 100): string {
  const column = Math.max(20, Math.floor((width - 18) / 2));
  const fit = (text: string): string => (text.length > column ? `${text.slice(0, column - 1)}…` : text.padEnd(column));
  const mask = (label: string, value: string | null): string => {
    if (value === null) return '-';
    return screen.maskNik && (label === 'NIK' || label === 'No KK') ? (maskId(value.slice(0, 16)) ?? '') + value.slice(16) : value;
  };
  const lines = [
    colour.bold(`pair ${screen.index + 1} of ${screen.total}  (decided this session: ${screen.decided})   probability ${screen.probability.toFixed(4)}`),
    `${''.padEnd(15)} ${colour.bold(fit(`P3KE ${screen.p3keId}`))} ${colour.bold(fit(`DTKS ${screen.dtksId}`))}`,
  ];
  for (const [label, get] of FIELDS) {
    const a = mask(label, get(screen.p3ke));
    const b = mask(label, get(screen.dtks));
    const differs = a !== b && a !== '-' && b !== '-';
    const paint = (text: string): string => (differs ? colour.yellow(text) : text);
    lines.push(`${label.padEnd(15)} ${paint(fit(a))} ${paint(fit(b))}`);
  }
  const drivers = [...screen.explanation.comparisons].filter((c) => c.total !== 0).sort((x, y) => Math.abs(y.total) - Math.abs(x.total)).slice(0, 4);
  lines.push('', `driven by: ${drivers.map((c) => (c.total > 0 ? colour.green : colour.red)(`${c.comparison} ${c.level} ${c.total >= 0 ? '+' : ''}${c.total.toFixed(1)}`)).join(', ')}`);
  lines.push('', `${colour.bold('[s]')}ame person   ${colour.bold('[d]')}ifferent persons   ${colour.bold('[k]')} skip   ${colour.bold('[u]')}ndo   ${colour.bold('[q]')}uit`);
  if (screen.message) lines.push(colour.dim(screen.message));
  return `${lines.join('\n')}\n`;
}
