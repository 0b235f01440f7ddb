import { Argument, Command } from 'commander';
import { t } from '../i18n/index.js';
import { writeCsv } from '../report/csv.js';
import { buildProfile, PROFILE_CSV_HEADER, profileCsvRows, type Profile } from '../report/profile.js';
import { SOURCES, type Source } from '../normalise/types.js';
import { latestSnapshot } from '../store/snapshots.js';
import { EXIT, PadanError } from '../util/errors.js';
import { openForRead, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

const pct = (n: number, of: number): string => (of > 0 ? `${((n / of) * 100).toFixed(1)}%` : '-');

function describe(profile: Profile): string {
  const t = profile.totals;
  const lines = [
    `${profile.snapshot.source} snapshot ${profile.snapshot.id} (${profile.snapshot.fileName}): ${t.persons.toLocaleString('en-US')} persons, ${profile.snapshot.rowsRejected} rows rejected`,
    `  NIK     ${Object.entries(t.nik).map(([k, v]) => `${k} ${v} (${pct(v, t.persons)})`).join(', ')}`,
    `  No KK   ${Object.entries(t.noKk).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v} (${pct(v, t.persons)})`).join(', ')}`,
    `  birth date missing ${t.tglLahirMissing} (${pct(t.tglLahirMissing, t.persons)}), placeholder ${t.tglLahirPlaceholder} (${pct(t.tglLahirPlaceholder, t.persons)}), impossible/future ${t.tglLahirImpossible}`,
    `  region not resolved ${t.wilayahUnknown} (${pct(t.wilayahUnknown, t.persons)}), titles stripped ${t.gelarStripped}`,
    `  NIK disagrees with birth date ${t.nikDateMismatch}, with sex ${t.nikSexMismatch}; desil/persentil inconsistent ${t.desilPersentilMismatch}`,
  ];
  for (const level of ['kecamatan', 'desa'] as const) {
    const worst = profile.areas.filter((a) => a.level === level && a.persons > 0).slice(0, 10);
    if (worst.length === 0) continue;
    lines.push(`  worst ${level} by invalid NIK rate:`);
    for (const a of worst) lines.push(`    ${(a.name ?? '(unknown)').padEnd(28)} ${(a.code ?? '').padEnd(10)} ${String(a.persons).padStart(7)} persons  ${(a.invalidNikRate * 100).toFixed(1).padStart(5)}% invalid`);
  }
  if (profile.desilPersentilMismatches.length > 0) {
    lines.push(`  rows whose desil is not ceil(persentil / 10): ${profile.desilPersentilMismatches.slice(0, 20).map((m) => `${m.sourceId} (line ${m.line}: desil ${m.desil}, persentil ${m.persentil})`).join(', ')}${profile.desilPersentilMismatches.length > 20 ? ', ...' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function profileCommand(): Command {
  const command = new Command('profile')
    .description('data-quality profile of the newest snapshot: NIK/KK classes, dates, regions, titles, worst areas first')
    .addArgument(new Argument('[source]', 'p3ke or dtks (default: both)').choices(SOURCES))
    .option('--csv <file>', 'write the per-area table as CSV for analysts');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan profile', 'padan profile dtks --json', 'padan profile p3ke --csv kualitas_p3ke.csv']);
  return command.action((source: Source | undefined, options: { db?: string; json?: boolean; csv?: string }) =>
    usingStore(openForRead(options), async (store) => {
      const sources = source ? [source] : SOURCES.filter((s) => latestSnapshot(store.db, s));
      if (sources.length === 0) throw new PadanError(t('error.nothingToProfile'), EXIT.failure, t('hint.ingestExport'));
      const profiles = sources.map((s) => {
        const snapshot = latestSnapshot(store.db, s);
        if (!snapshot) throw new PadanError(t('error.noSourceSnapshot', { source: s }), EXIT.failure, t('hint.ingestSource', { source: s }));
        return buildProfile(store.db, snapshot);
      });
      if (options.csv) writeCsv(options.csv, PROFILE_CSV_HEADER, profiles.flatMap(profileCsvRows));
      if (options.json) printJson(source ? profiles[0] : profiles);
      else process.stdout.write(profiles.map(describe).join('\n') + (options.csv ? `per-area table written to ${options.csv}\n` : ''));
    }),
  );
}
