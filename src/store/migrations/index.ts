// Numbered migrations, applied in order; PRAGMA user_version records the last one applied.
// Append new ones; never edit one that has shipped.
import { sql as m001 } from './001-initial.js';
import { sql as m002 } from './002-runs.js';
import { sql as m003 } from './003-snapshot-files.js';
import { sql as m004 } from './004-run-reported.js';

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'initial', sql: m001 },
  { version: 2, name: 'runs', sql: m002 },
  { version: 3, name: 'snapshot-files', sql: m003 },
  { version: 4, name: 'run-reported', sql: m004 },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
