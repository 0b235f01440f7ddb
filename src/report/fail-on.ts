// --fail-on: conditions a cron job can alert on (`rejects>1%`, `p3ke_only>500`, `review>2%`).
// A completed run whose condition holds exits 3.
import { t } from '../i18n/index.js';
import { EXIT, PadanError } from '../util/errors.js';
import { CATEGORY_NAMES, type CategoryName } from './categories.js';
import type { ReportResult } from './write-reports.js';

export interface FailOnCondition {
  text: string;
  category: CategoryName;
  operator: '>' | '>=' | '<' | '<=' | '=';
  value: number;
  percent: boolean;
}

const PATTERN = /^\s*([a-z0-9_]+)\s*(>=|<=|>|<|=)\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/;

/** Parses `a>1%,b>=500`; an unknown category or a malformed condition is a usage error. */
export function parseFailOn(expression: string): FailOnCondition[] {
  return expression.split(',').map((text) => {
    const match = PATTERN.exec(text);
    if (!match) {
      throw new PadanError(t('error.failOnSyntax', { text: text.trim() }), EXIT.usage, t('hint.failOnSyntax'));
    }
    const category = match[1] as CategoryName;
    if (!CATEGORY_NAMES.includes(category)) {
      throw new PadanError(t('error.failOnCategory', { category: match[1] ?? '' }), EXIT.usage, t('hint.categories', { categories: CATEGORY_NAMES.join(', ') }));
    }
    return { text: text.trim(), category, operator: match[2] as FailOnCondition['operator'], value: Number(match[3]), percent: match[4] === '%' };
  });
}

/** What a percentage is of: rejects of the rows read, DTKS-only of DTKS persons, the rest of P3KE persons. */
export function denominator(category: CategoryName, result: Pick<ReportResult, 'persons' | 'rowsRead'>): number {
  if (category === 'rejects') return result.rowsRead;
  if (category === 'dtks_only') return result.persons.dtks;
  return result.persons.p3ke;
}

export function rate(category: CategoryName, result: Pick<ReportResult, 'persons' | 'rowsRead' | 'counts'>): number {
  const of = denominator(category, result);
  return of > 0 ? (result.counts[category] / of) * 100 : 0;
}

/** The conditions that hold for this result, in the order given. */
export function failingConditions(conditions: readonly FailOnCondition[], result: Pick<ReportResult, 'persons' | 'rowsRead' | 'counts'>): FailOnCondition[] {
  return conditions.filter((condition) => {
    const actual = condition.percent ? rate(condition.category, result) : result.counts[condition.category];
    switch (condition.operator) {
      case '>':
        return actual > condition.value;
      case '>=':
        return actual >= condition.value;
      case '<':
        return actual < condition.value;
      case '<=':
        return actual <= condition.value;
      case '=':
        return actual === condition.value;
    }
  });
}
