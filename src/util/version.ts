import { readFileSync } from 'node:fs';

/** padan's version, from package.json (dist/src/util → package root). */
export const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
