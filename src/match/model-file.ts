// A saved model read back from a file (`--model FILE`): checked before use, every problem listed.
import { validateBlockingRules } from './blocking.js';
import { COMPARISONS } from './comparisons.js';
import type { MatchModel } from './types.js';

const isProbability = (x: unknown): x is number => typeof x === 'number' && x > 0 && x < 1;

export function validateModel(value: unknown): MatchModel {
  const problems: string[] = [];
  const m = value as Partial<MatchModel> | null;
  if (typeof m !== 'object' || m === null) throw new Error('model: expected a JSON object');
  if (m.version !== 1) problems.push('version must be 1');
  if (!isProbability(m.lambda)) problems.push('lambda must be a probability');
  if (typeof m.priorWeight !== 'number' || !Number.isFinite(m.priorWeight)) problems.push('priorWeight must be a number');
  if (!isProbability(m.threshold)) problems.push('threshold must be a probability');
  if (!isProbability(m.reviewThreshold)) problems.push('reviewThreshold must be a probability');
  if (!Array.isArray(m.comparisons)) problems.push('comparisons must be a list');
  else
    for (const spec of COMPARISONS) {
      const found = m.comparisons.find((c) => c?.name === spec.name);
      if (!found) {
        problems.push(`comparison ${spec.name} missing`);
        continue;
      }
      for (const level of spec.levels) {
        const l = Array.isArray(found.levels) ? found.levels.find((x) => x?.level === level) : undefined;
        if (!l) problems.push(`comparison ${spec.name}: level ${level} missing`);
        else if (typeof l.weight !== 'number' || !Number.isFinite(l.weight)) problems.push(`comparison ${spec.name}: level ${level} needs a finite weight`);
      }
    }
  if (!m.tf || typeof m.tf !== 'object') problems.push('tf summaries missing');
  try {
    validateBlockingRules(m.blockingRules);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new Error(`model: ${problems.join('; ')}`);
  return m as MatchModel;
}
