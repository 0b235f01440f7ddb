// Numbered migrations, applied in order; PRAGMA user_version records the last one applied.
// Append new ones; never edit one that has shipped.
import { sql as m001 } from './001-initial.js';
import { sql as m002 } from './002-runs.js';

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'initial', sql: m001 },
  { version: 2, name: 'runs', sql: m002 },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
