import { userInfo } from 'node:os';
import { Command } from 'commander';
import { t } from '../i18n/index.js';
import type { Decision } from '../store/decisions.js';
import { saveDecisions } from '../store/decisions.js';
import type { Db } from '../store/open.js';
import { recordsBySourceId } from '../store/records.js';
import { latestSnapshot } from '../store/snapshots.js';
import { EXIT, PadanError } from '../util/errors.js';
import { openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export const defaultReviewer = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/** Both ids must name persons of the newest snapshots: a typo must not become a silent decision. */
function checkIds(db: Db, p3keId: string, dtksId: string): void {
  for (const [source, id] of [['p3ke', p3keId], ['dtks', dtksId]] as const) {
    const snapshot = latestSnapshot(db, source);
    if (!snapshot || recordsBySourceId(db, snapshot.id, id).length === 0) {
      throw new PadanError(t('error.noPerson', { source: source.toUpperCase(), id, snapshot: source }), EXIT.failure, t('hint.ids'));
    }
  }
}

/** `padan link` and `padan unlink`: one decision an officer knows from the field. */
export function decisionCommand(name: 'link' | 'unlink', decision: Decision['decision']): Command {
  const command = new Command(name)
    .description(
      decision === 'same'
        ? 'record that a P3KE person and a DTKS person are the same person: every later match links them (method manual)'
        : 'record that a P3KE person and a DTKS person are different persons: no later match links them',
    )
    .argument('<p3ke-id>', 'p3ke_id')
    .argument('<dtks-id>', 'dtks_id')
    .option('--reviewer <name>', 'who decided (default: the OS user)')
    .option('--note <text>', 'why, for the next officer');
  withStore(command);
  withJson(command);
  withExamples(command, [`padan ${name} 702509148-1 4fdce419-139b-4182-9475-46379e3779b1`, `padan ${name} 702509148-1 4fdce419-139b-4182-9475-46379e3779b1 --note "checked at the desa office"`]);
  return command.action((p3keId: string, dtksId: string, options: { db?: string; wait?: number; json?: boolean; reviewer?: string; note?: string }) =>
    usingStore(openForWrite(options), (store) => {
      checkIds(store.db, p3keId, dtksId);
      const saved: Decision = { p3keId, dtksId, decision, reviewer: options.reviewer ?? defaultReviewer(), decidedAt: new Date().toISOString(), note: options.note ?? null };
      saveDecisions(store.db, [saved]);
      if (options.json) printJson(saved);
      else process.stdout.write(`${p3keId} and ${dtksId}: ${decision === 'same' ? 'same person' : 'different persons'} (applied from the next padan match or padan run)\n`);
    }),
  );
}

export const linkCommand = (): Command => decisionCommand('link', 'same');
