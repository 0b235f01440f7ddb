// The built CLI as a child process on the bundled fixtures, as an officer or a cron job runs it.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from '../../src/commands/index.js';
import { diffRuns } from '../../src/report/changes.js';
import { csvLine } from '../../src/report/csv.js';
import { openStore } from '../../src/store/open.js';
import { runById } from '../../src/store/runs.js';
import { FIXTURES, padan, tempDir } from '../helpers/cli.js';

const P3KE = join(FIXTURES, 'p3ke.csv');
const DTKS = join(FIXTURES, 'dtks.csv');

/** Every command must be exercised end to end here: a new command without an entry does not type-check. */
const EXERCISED_BY: Record<CommandName, string> = {
  run: 'run writes every report of the contract',
  ingest: 'ingest, status and an unchanged file',
  status: 'ingest, status and an unchanged file',
  profile: 'profile and normalise on the ingested snapshots',
  normalise: 'profile and normalise on the ingested snapshots',
  match: 'match, explain, runs, report and diff',
  explain: 'match, explain, runs, report and diff',
  report: 'match, explain, runs, report and diff',
  runs: 'match, explain, runs, report and diff',
  diff: 'match, explain, runs, report and diff',
  review: 'review decisions survive the next match',
  link: 'review decisions survive the next match',
  unlink: 'review decisions survive the next match',
  decisions: 'review decisions survive the next match',
  writeback: 'writeback answers into the officers own files (writeback.test.ts)',
  check: 'maintenance.test.ts: check, backup, purge and run --backup',
  backup: 'maintenance.test.ts: check, backup, purge and run --backup',
  purge: 'maintenance.test.ts: check, backup, purge and run --backup',
};

const CONTRACT_HEADERS: Record<string, string> = {
  'matches.csv': 'p3ke_id,dtks_id,status,probability,method,p3ke_family_id,dtks_household_id,p3ke_nik,dtks_nik,p3ke_nama,dtks_nama,kode_desa',
  'review.csv':
    'p3ke_id,dtks_id,probability,p3ke_nik,dtks_nik,p3ke_no_kk,dtks_no_kk,p3ke_nama,dtks_nama,p3ke_tgl_lahir,dtks_tgl_lahir,p3ke_jenis_kelamin,dtks_jenis_kelamin,p3ke_kode_desa,dtks_kode_desa,p3ke_alamat,dtks_alamat,reason',
  'p3ke_only.csv': 'p3ke_id,p3ke_family_id,desil,nik,nik_status,nama,tgl_lahir,jenis_kelamin,hubungan,kode_desa,desa,kecamatan,alamat',
  'dtks_only.csv': 'dtks_id,dtks_household_id,nik,nik_status,nama,tgl_lahir,jenis_kelamin,hubungan,kode_desa,desa,kecamatan,alamat',
  'field_mismatch.csv': 'p3ke_id,dtks_id,field,p3ke_value,dtks_value,kind',
  'nik_conflict.csv': 'nik,source_a,id_a,nama_a,tgl_lahir_a,source_b,id_b,nama_b,tgl_lahir_b,probability',
  'duplicates.csv': 'source,group,id,nik,nama,tgl_lahir,kode_desa,reason,file',
  'invalid_nik.csv': 'source,id,raw_nik,nik_status,detail',
  'families.csv': 'p3ke_family_id,dtks_household_id,p3ke_members,dtks_members,linked_members,pattern',
  'rejects.csv': 'source,file,line,reason,raw',
};

const csvRows = (path: string): string[] => readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.length > 0);

describe('help and usage', () => {
  it('lists every command', () => {
    const result = padan(['--help']);
    expect(result.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(result.stdout).toContain(name);
    expect(result.stdout).toContain('Exit codes');
  });

  it.each(Object.keys(COMMANDS) as CommandName[])('%s --help has a description and examples, and is exercised below', (name) => {
    const result = padan([name, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n\s+\$ padan /);
    expect(COMMANDS[name]().description().length).toBeGreaterThan(20);
    expect(EXERCISED_BY[name]).toBeTruthy();
  });

  it.each([
    [['ingest', 'p3kee', P3KE]],
    [['ingest', 'p3ke']],
    [['run', P3KE, DTKS, '--threshold', '1.5']],
    [['status', '--no-such-option']],
    [['nonsense']],
  ])('padan %j is a usage error: exit 2', (args) => {
    const result = padan(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/error|invalid/i);
  });

  it('--version prints the version and exits 0', () => {
    const result = padan(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('ingest, status and an unchanged file', () => {
  const dir = tempDir('e2e-ingest');
  const db = join(dir.path, 'padan.db');
  afterAll(() => dir.remove());

  it('ingests both fixtures and reports counts', () => {
    const p3ke = padan(['ingest', 'p3ke', P3KE, '--db', db]);
    expect(p3ke.status).toBe(0);
    expect(p3ke.stdout).toMatch(/p3ke .*p3ke\.csv: read 1,182 rows, accepted 1,182, rejected 0 .*rows\/s\) -> snapshot 1/);
    const dtks = padan(['ingest', 'dtks', DTKS, '--db', db, '--json']);
    expect(dtks.status).toBe(0);
    expect(JSON.parse(dtks.stdout)).toMatchObject({ status: 'ingested', rowsRead: 1165, accepted: 1165, rejected: 0 });
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(dtks.stderr).toBe(''); // no progress bar off a terminal
  });

  it('says an unchanged file is unchanged, and --force ingests it again', () => {
    const again = padan(['ingest', 'p3ke', P3KE, '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/unchanged since snapshot 1/);
    const forced = padan(['ingest', 'p3ke', P3KE, '--db', db, '--force', '--json']);
    expect(JSON.parse(forced.stdout)).toMatchObject({ status: 'ingested', snapshot: { id: 3 } });
  });

  it('ingests an earlier export again when a different one came since (matching uses the newest)', () => {
    const local = tempDir('e2e-back');
    const store = join(local.path, 'padan.db');
    const lines = readFileSync(P3KE, 'utf8').split('\n');
    const other = join(local.path, 'p3ke-other.csv');
    writeFileSync(other, [...lines.slice(0, -3), ...lines.slice(-2)].join('\n'));
    const json = (args: string[], input?: Buffer) => JSON.parse(padan([...args, '--db', store, '--json'], input ? { input } : {}).stdout) as { status: string; snapshot: { id: number } };
    expect(json(['ingest', 'p3ke', P3KE])).toMatchObject({ status: 'ingested', snapshot: { id: 1 } });
    expect(json(['ingest', 'p3ke', other])).toMatchObject({ status: 'ingested', snapshot: { id: 2 } });
    expect(json(['ingest', 'p3ke', P3KE])).toMatchObject({ status: 'ingested', snapshot: { id: 3 } });
    expect(json(['ingest', 'p3ke', P3KE])).toMatchObject({ status: 'unchanged', snapshot: { id: 3 } });
    expect(json(['ingest', 'p3ke', '-'], readFileSync(other))).toMatchObject({ status: 'ingested', snapshot: { id: 4 } });
    expect(json(['ingest', 'p3ke', '-'], readFileSync(other))).toMatchObject({ status: 'unchanged', snapshot: { id: 4 } });
    local.remove();
  });

  it('reads standard input', () => {
    const result = padan(['ingest', 'dtks', '-', '--db', db, '--force', '--json'], { input: readFileSync(DTKS) });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'ingested', accepted: 1165, snapshot: { fileName: '(standard input)' } });
  });

  it('status lists the snapshots per source', () => {
    const result = padan(['status', '--db', db, '--json']);
    expect(result.status).toBe(0);
    const status = JSON.parse(result.stdout) as { snapshots: { source: string; rowsAccepted: number }[] };
    expect(status.snapshots.map((s) => [s.source, s.rowsAccepted])).toEqual([
      ['dtks', 1165],
      ['dtks', 1165],
      ['p3ke', 1182],
      ['p3ke', 1182],
    ]);
    expect(padan(['status', '--db', db]).stdout).toMatch(/p3ke snapshot +1 /);
  });

  it('a missing file is a failure (exit 1) naming the file', () => {
    const result = padan(['ingest', 'p3ke', join(dir.path, 'nope.csv'), '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nope.csv');
  });

  it('a second writer gets exit 4 while the store is locked', () => {
    const holder = openStore(db, { write: true });
    try {
      const result = padan(['ingest', 'p3ke', P3KE, '--db', db, '--force']);
      expect(result.status).toBe(4);
      expect(result.stderr).toMatch(/locked by another padan run/);
      expect(padan(['ingest', 'p3ke', P3KE, '--db', db, '--force', '--wait', '0.3']).status).toBe(4);
    } finally {
      holder.close();
    }
  });

  it('a read-only command on a missing store fails clearly', () => {
    const result = padan(['status', '--db', join(dir.path, 'none.db')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no store at/);
  });

  it('PADAN_DB names the store when --db is absent', () => {
    const result = padan(['status', '--json'], { env: { PADAN_DB: db } });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { store: string }).store).toBe(db);
  });
});

describe('profile and normalise on the ingested snapshots', () => {
  const dir = tempDir('e2e-profile');
  const db = join(dir.path, 'padan.db');
  beforeAll(() => {
    expect(padan(['ingest', 'p3ke', P3KE, '--db', db]).status).toBe(0);
    expect(padan(['ingest', 'dtks', DTKS, '--db', db]).status).toBe(0);
  });
  afterAll(() => dir.remove());

  it('profiles NIK classes per area, worst first, as JSON, text and CSV', () => {
    const json = padan(['profile', 'p3ke', '--db', db, '--json']);
    expect(json.status).toBe(0);
    const profile = JSON.parse(json.stdout) as { totals: { persons: number; nik: Record<string, number> }; areas: { level: string; invalidNikRate: number }[] };
    expect(profile.totals.persons).toBe(1182);
    expect(Object.values(profile.totals.nik).reduce((a, b) => a + b, 0)).toBe(1182);
    expect(profile.totals.nik.valid).toBeGreaterThan(900);
    const kecamatan = profile.areas.filter((a) => a.level === 'kecamatan').map((a) => a.invalidNikRate);
    expect(kecamatan).toEqual([...kecamatan].sort((a, b) => b - a));
    const csv = join(dir.path, 'profile.csv');
    const text = padan(['profile', '--db', db, '--csv', csv]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/p3ke snapshot 1/);
    expect(text.stdout).toMatch(/dtks snapshot 2/);
    expect(csvRows(csv)[0]).toMatch(/^source,level,code,name,persons,nik_valid/);
  });

  it('normalise rebuilds canonical fields from raw cells and changes nothing when rules did not change', () => {
    const result = padan(['normalise', '--db', db, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ snapshotId: 1, records: 1182, changed: 0 }),
      expect.objectContaining({ snapshotId: 2, records: 1165, changed: 0 }),
    ]);
  });
});

describe('run writes every report of the contract', () => {
  const dir = tempDir('e2e-run');
  afterAll(() => dir.remove());

  it('writes each contract file with its header, UTF-8 BOM and CRLF, mode 0600', () => {
    const out = join(dir.path, 'out');
    const result = padan(['run', P3KE, DTKS, '--db', join(dir.path, 'a.db'), '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/P3KE only/);
    for (const [file, header] of Object.entries(CONTRACT_HEADERS)) {
      const bytes = readFileSync(join(out, file));
      expect([...bytes.subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
      expect(csvRows(join(out, file))[0], file).toBe(header);
      expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ run_id: 1, inputs: [{ source: 'p3ke', rows: 1182 }, { source: 'dtks', rows: 1165 }] });
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['version', 'run_id', 'started_at', 'finished_at', 'inputs', 'thresholds', 'counts', 'timings_ms']));
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('gives byte-identical reports for the same inputs in another store', () => {
    const first = join(dir.path, 'out');
    const second = join(dir.path, 'again');
    expect(padan(['run', P3KE, DTKS, '--db', join(dir.path, 'b.db'), '--out', second]).status).toBe(0);
    for (const file of Object.keys(CONTRACT_HEADERS)) expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(true);
  });

  it('the next night reports changes only, and --fail-on exits 3 after writing everything', () => {
    const out = join(dir.path, 'night2');
    const result = padan(['run', P3KE, DTKS, '--db', join(dir.path, 'a.db'), '--out', out, '--fail-on', 'p3ke_only>10', '--json']);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/--fail-on condition holds: p3ke_only>10/);
    expect(result.stderr).toMatch(/unchanged since snapshot/);
    const summary = JSON.parse(result.stdout) as { runId: number; failOn: string[]; changes: { added: number; resolved: number }[] };
    expect(summary.runId).toBe(2);
    expect(summary.failOn).toEqual(['p3ke_only>10']);
    expect(summary.changes.every((c) => c.added === 0 && c.resolved === 0)).toBe(true);
    expect(csvRows(join(out, 'changes.csv'))).toEqual(['category,change,key,detail']);
    expect(padan(['run', P3KE, DTKS, '--db', join(dir.path, 'a.db'), '--out', out, '--fail-on', 'p3ke_only>99%']).status).toBe(0);
  });

  it('--fail-on with an unknown category is a usage error before any work', () => {
    const result = padan(['run', P3KE, DTKS, '--db', join(dir.path, 'c.db'), '--out', join(dir.path, 'x'), '--fail-on', 'nonsense>1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown category "nonsense"/);
  });

  it('--mask-nik leaves no 16-digit NIK in any report', () => {
    const out = join(dir.path, 'masked');
    expect(padan(['report', '--db', join(dir.path, 'a.db'), '--out', out, '--mask-nik']).status).toBe(0);
    for (const file of Object.keys(CONTRACT_HEADERS)) {
      const text = readFileSync(join(out, file), 'utf8');
      // Ids like ID Keluarga are 9 digits and DTKS ids are UUIDs: any 16-digit run would be a NIK or KK.
      expect(text.match(/(?<![\d*])\d{16}(?![\d*])/g), file).toBeNull();
    }
    expect(csvRows(join(out, 'matches.csv'))[1]).toMatch(/\d{6}\*{6}\d{4}/);
  });
});

describe('match, explain, runs, report and diff', () => {
  const dir = tempDir('e2e-match');
  const db = join(dir.path, 'padan.db');
  afterAll(() => dir.remove());

  it('match needs both snapshots', () => {
    expect(padan(['ingest', 'p3ke', P3KE, '--db', db]).status).toBe(0);
    const result = padan(['match', '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no DTKS snapshot/);
  });

  it('matches, explains a linked pair, lists runs, writes reports again and diffs', () => {
    expect(padan(['ingest', 'dtks', DTKS, '--db', db]).status).toBe(0);
    const matched = padan(['match', '--db', db, '--json']);
    expect(matched.status).toBe(0);
    const { counts } = JSON.parse(matched.stdout) as { counts: { matches: number; p3kePersons: number } };
    expect(counts.p3kePersons).toBe(1182);
    expect(counts.matches).toBeGreaterThan(900);

    const out = join(dir.path, 'out');
    expect(padan(['report', '--db', db, '--out', out]).status).toBe(0);
    const [, first] = csvRows(join(out, 'matches.csv'));
    const [p3keId, dtksId] = first!.split(',');
    const explained = padan(['explain', p3keId!, dtksId!, '--db', db, '--json']);
    expect(explained.status).toBe(0);
    const explanation = JSON.parse(explained.stdout) as { priorWeight: number; matchWeight: number; probability: number; comparisons: { total: number }[] };
    expect(explanation.priorWeight + explanation.comparisons.reduce((s, c) => s + c.total, 0)).toBeCloseTo(explanation.matchWeight, 6);
    expect(explanation.probability).toBeCloseTo(2 ** explanation.matchWeight / (1 + 2 ** explanation.matchWeight), 6);
    // The same numbers the run stored for that pair.
    expect(explanation.probability.toFixed(4)).toBe(first!.split(',')[3]);
    expect(padan(['explain', p3keId!, dtksId!, '--db', db]).stdout).toMatch(/probability \d\.\d{4}/);
    // An uncertain pair, where term frequencies matter, explains to the probability the run stored.
    const [, uncertain] = csvRows(join(out, 'review.csv'));
    const [reviewP3ke, reviewDtks, stored] = uncertain!.split(',');
    const reviewed = JSON.parse(padan(['explain', reviewP3ke!, reviewDtks!, '--db', db, '--json']).stdout) as { probability: number };
    expect(reviewed.probability.toFixed(4)).toBe(stored);
    expect(padan(['explain', 'no-such-id', dtksId!, '--db', db]).status).toBe(1);

    // A settings file with a higher threshold gives a second run with fewer automatic matches.
    const settings = join(dir.path, 'settings.json');
    writeFileSync(settings, JSON.stringify({ threshold: 0.999999, reviewThreshold: 0.5 }));
    expect(padan(['match', '--db', db, '--settings', settings]).status).toBe(0);
    const runs = JSON.parse(padan(['runs', '--db', db, '--json']).stdout) as { id: number }[];
    expect(runs.map((r) => r.id)).toEqual([1, 2]);
    // The model of run 1, pinned, gives a third run without training.
    const model = join(dir.path, 'model.json');
    writeFileSync(model, padan(['runs', '--model', '1', '--db', db]).stdout);
    const pinned = padan(['match', '--db', db, '--model', model, '--json']);
    expect(pinned.status).toBe(0);
    expect(JSON.parse(pinned.stdout)).toMatchObject({ counts: { matches: counts.matches } });
    expect(padan(['runs', '--model', '9', '--db', db]).status).toBe(1);
    const diff = padan(['diff', '1', '2', '--db', db, '--json']);
    expect(diff.status).toBe(0);
    const changes = (JSON.parse(diff.stdout) as { changes: { category: string; new: number; resolved: number }[] }).changes;
    expect(changes.find((c) => c.category === 'review')!.new).toBeGreaterThan(0);
    expect(padan(['diff', '1', '2', '--db', db, '--keys']).stdout).toMatch(/run 1 -> run 2/);
    // changes.csv of run 2's reports (this run's keys gathered while its files are written) lists
    // exactly what diffing the two stored runs from scratch gives.
    const again = join(dir.path, 'out-run2');
    expect(padan(['report', '--db', db, '--run', '2', '--out', again]).status).toBe(0);
    const store = openStore(db, { write: false });
    try {
      const fromScratch = diffRuns(store.db, runById(store.db, 1)!, runById(store.db, 2)!).flatMap((c) => [
        ...c.added.map((a) => csvLine([c.category, 'new', a.key, a.detail])),
        ...c.resolved.map((r) => csvLine([c.category, 'resolved', r.key, r.detail])),
      ]);
      expect(fromScratch.length).toBeGreaterThan(0);
      expect(csvRows(join(again, 'changes.csv')).slice(1)).toEqual(fromScratch.map((line) => line.slice(0, -2)));
    } finally {
      store.close();
    }
    expect(padan(['report', '--db', db, '--run', '9', '--out', out]).status).toBe(1);
  });
});

describe('review decisions survive the next match', () => {
  const dir = tempDir('e2e-review');
  const db = join(dir.path, 'padan.db');
  const out = join(dir.path, 'out');
  afterAll(() => dir.remove());
  const decisionsIn = (store: string): number => {
    const file = join(dir.path, 'count.csv');
    expect(padan(['decisions', 'export', '--out', file, '--db', store]).status).toBe(0);
    return csvRows(file).length - 1;
  };

  it('exports the review band, imports decisions (English and Indonesian), refuses a bad file whole', () => {
    expect(padan(['run', P3KE, DTKS, '--db', db, '--out', out]).status).toBe(0);
    const file = join(dir.path, 'tinjau.csv');
    const exported = padan(['review', 'export', '--out', file, '--db', db]);
    expect(exported.status).toBe(0);
    const rows = csvRows(file);
    expect(rows[0]).toBe(`${CONTRACT_HEADERS['review.csv']},decision,note`);
    expect(rows.length).toBeGreaterThan(3);
    const pair = (line: string): [string, string] => line.split(',').slice(0, 2) as [string, string];
    const [same, different] = [pair(rows[1]!), pair(rows[2]!)];
    // An officer fills in the decision column (trailing ",," are decision and note).
    const filled = [rows[0], `${rows[1]!.slice(0, -2)},SAMA,checked`, `${rows[2]!.slice(0, -2)},beda,`, ...rows.slice(3)].join('\r\n');
    writeFileSync(file, filled);
    const imported = padan(['review', 'import', file, '--db', db, '--reviewer', 'siti', '--json']);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ written: 2, unchanged: 0, blank: rows.length - 3 });
    expect(JSON.parse(padan(['review', 'import', file, '--db', db, '--reviewer', 'siti', '--json']).stdout)).toMatchObject({ written: 0, unchanged: 2 });

    const bad = join(dir.path, 'bad.csv');
    writeFileSync(bad, `p3ke_id,dtks_id,decision\r\n${same.join(',')},different\r\n${different.join(',')},mungkin\r\n,x,same\r\n`);
    const refused = padan(['review', 'import', bad, '--db', db]);
    expect(refused.status).toBe(1);
    // The cell itself is not echoed: a shifted column could put a name there.
    expect(refused.stderr).toMatch(/bad\.csv:3: the decision is not one of same, different/);
    expect(refused.stderr).toMatch(/bad\.csv:4: p3ke_id and dtks_id/);
    expect(refused.stderr).toMatch(/nothing was applied/);
    expect(decisionsIn(db)).toBe(2);

    // The next match applies them before the model.
    expect(padan(['match', '--db', db]).status).toBe(0);
    expect(padan(['report', '--db', db, '--out', out]).status).toBe(0);
    const matches = csvRows(join(out, 'matches.csv'));
    expect(matches.find((l) => l.startsWith(`${same.join(',')},`))).toMatch(/,match,1\.0000,manual,/);
    expect(matches.find((l) => l.startsWith(`${different.join(',')},`))).toBeUndefined();
  });

  it('link and unlink record field knowledge; unknown ids are refused', () => {
    const [, first] = csvRows(join(out, 'matches.csv'));
    const [p3keId, dtksId] = first!.split(',');
    expect(padan(['unlink', p3keId!, dtksId!, '--db', db, '--note', 'different mothers']).status).toBe(0);
    expect(padan(['link', 'no-such-id', dtksId!, '--db', db]).status).toBe(1);
    expect(padan(['match', '--db', db]).status).toBe(0);
    expect(padan(['report', '--db', db, '--out', out]).status).toBe(0);
    expect(csvRows(join(out, 'matches.csv')).some((l) => l.startsWith(`${p3keId},${dtksId},`))).toBe(false);
    expect(padan(['link', p3keId!, dtksId!, '--db', db, '--json']).status).toBe(0);
    expect(decisionsIn(db)).toBe(3);
  });

  it('moves decisions to another store; importing twice changes nothing', () => {
    const file = join(dir.path, 'keputusan.csv');
    expect(padan(['decisions', 'export', '--out', file, '--db', db]).status).toBe(0);
    const other = join(dir.path, 'server.db');
    expect(padan(['ingest', 'p3ke', P3KE, '--db', other]).status).toBe(0);
    expect(JSON.parse(padan(['decisions', 'import', file, '--db', other, '--json']).stdout)).toMatchObject({ written: 3 });
    expect(JSON.parse(padan(['decisions', 'import', file, '--db', other, '--json']).stdout)).toMatchObject({ written: 0, unchanged: 3 });
    expect(padan(['decisions', 'export', '--out', `${file}.again`, '--db', other]).status).toBe(0);
    expect(readFileSync(`${file}.again`).equals(readFileSync(file))).toBe(true);
  });

  it('lists decisions whose persons left the data as orphans, never drops them', () => {
    const file = join(dir.path, 'decided.csv');
    expect(padan(['decisions', 'export', '--out', file, '--db', db]).status).toBe(0);
    const [p3keId] = csvRows(file)[1]!.split(',');
    const familyId = p3keId!.split('-')[0]!;
    // A newer P3KE export without that family.
    const lines = readFileSync(P3KE, 'utf8').split(/\r?\n/);
    const smaller = join(dir.path, 'p3ke-smaller.csv');
    writeFileSync(smaller, lines.filter((l) => !l.includes(`;${familyId};`)).join('\n'));
    expect(padan(['run', smaller, DTKS, '--db', db, '--out', out]).status).toBe(0);
    const orphans = JSON.parse(padan(['review', 'orphans', '--db', db, '--json']).stdout) as { p3keId: string; missing: string[] }[];
    expect(orphans).toContainEqual(expect.objectContaining({ p3keId, missing: ['p3ke'] }));
    expect(decisionsIn(db)).toBe(3);
  });
});
