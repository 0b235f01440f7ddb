// Numbered migrations, applied in order; PRAGMA user_version records the last one applied.
// Append new ones; never edit one that has shipped.
import { sql as m001 } from './001-initial.js';

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'initial', sql: m001 },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
