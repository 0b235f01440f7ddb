// Reading decisions back from a CSV an officer filled in (padan review export) or another store
// wrote (padan decisions export). Every problem is reported with its line; a file with any
// problem is applied not at all.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { t } from '../i18n/index.js';
import type { Decision } from '../store/decisions.js';
import { EXIT, PadanError } from '../util/errors.js';

/** Words officers write in the decision column, any case: English and Indonesian. */
const WORDS: Record<string, Decision['decision'] | null> = {
  same: 'same',
  sama: 'same',
  different: 'different',
  beda: 'different',
  berbeda: 'different',
  '': null,
};

/** A cell is quoted in a message only when it is date-like text, never a word (it could be a name) or a NIK. */
const shown = (value: string | undefined): string => (value !== undefined && /^[\d:T.+\-Z ]{1,30}$/.test(value) && !/\d{9}/.test(value) ? `"${value}"` : '(value not shown)');

export interface DecisionFile {
  decisions: Decision[];
  /** Rows left blank (no decision yet). */
  blank: number;
}

export function readDecisionFile(path: string, defaults: { reviewer: string; decidedAt: string }): DecisionFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PadanError(t('error.cannotRead', { path, message: (error as Error).message }), EXIT.failure);
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: false }) as typeof records;
  } catch (error) {
    throw new PadanError(t('error.notCsv', { path, message: (error as Error).message }), EXIT.failure);
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = ['p3ke_id', 'dtks_id', 'decision'].filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length > 0) throw new PadanError(t('error.decisionColumns', { path, columns: missing.map((c) => `"${c}"`).join(', ') }), EXIT.failure, t('hint.decisionFile'));
  const problems: string[] = [];
  const decisions: Decision[] = [];
  const seen = new Map<string, number>();
  let blank = 0;
  for (const { record, info } of records) {
    const line = info.lines;
    const p3keId = (record.p3ke_id ?? '').trim();
    const dtksId = (record.dtks_id ?? '').trim();
    const word = (record.decision ?? '').trim().toLowerCase();
    if (!p3keId || !dtksId) problems.push(`${path}:${line}: p3ke_id and dtks_id must both be given`);
    if (!(word in WORDS)) {
      problems.push(`${path}:${line}: the decision is not one of same, different, sama, beda (or blank)`);
      continue;
    }
    const decision = WORDS[word];
    if (!decision) {
      blank += 1;
      continue;
    }
    const key = `${p3keId}|${dtksId}`;
    if (seen.has(key)) problems.push(`${path}:${line}: the same pair is decided again (first on line ${seen.get(key)})`);
    seen.set(key, line);
    const decidedAt = (record.decided_at ?? '').trim() || defaults.decidedAt;
    if (Number.isNaN(Date.parse(decidedAt))) problems.push(`${path}:${line}: decided_at ${shown(decidedAt)} is not a date and time`);
    decisions.push({ p3keId, dtksId, decision, reviewer: (record.reviewer ?? '').trim() || defaults.reviewer, decidedAt, note: (record.note ?? '').trim() || null });
  }
  if (problems.length > 0) {
    throw new PadanError(t(problems.length > 1 ? 'error.decisionProblems' : 'error.decisionProblem', { path, count: problems.length, problems: problems.join('\n  ') }), EXIT.failure);
  }
  return { decisions, blank };
}
