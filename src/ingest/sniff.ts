// Guessing how an export is encoded and delimited from its first bytes, and reading the
// --encoding / --delimiter overrides. Exports come from Excel ("CSV", "Unicode text" = UTF-16LE,
// ANSI = Windows-1252), from SIKS-NG (pipe-delimited UTF-8) and from hand-made merges of both.
import { isUtf8 } from 'node:buffer';
import { t } from '../i18n/index.js';
import { EXIT, PadanError } from '../util/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many bytes the sniffers look at before the first row is read. */
export const SNIFF_BYTES = 64 * 1024;

export interface EncodingGuess {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip (0 when none). */
  bomLength: number;
}

/**
 * BOM first; then UTF-16 by its NUL pattern (Indonesian text is nearly all ASCII, so every other
 * byte of UTF-16 is 0); then valid UTF-8 versus Windows-1252. A sample with invalid UTF-8 that
 * also holds real multi-byte UTF-8 is a mixed file and is read as UTF-8 with per-line fallback.
 */
export function sniffEncoding(sample: Uint8Array): EncodingGuess {
  const b = sample;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };

  const n = Math.min(b.length, SNIFF_BYTES) & ~1;
  if (n >= 4) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
      if (b[i] === 0) evenZeros++;
      if (b[i + 1] === 0) oddZeros++;
    }
    const half = n / 2;
    // A file with some NUL bytes in it (junk) does not show this lopsided pattern.
    if (oddZeros / half >= 0.3 && evenZeros / half < 0.05) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenZeros / half >= 0.3 && oddZeros / half < 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  }

  const head = b.subarray(0, completeUtf8Prefix(b.subarray(0, SNIFF_BYTES)));
  if (isUtf8(head)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: hasMultibyteUtf8(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** Length of the prefix that does not end inside a UTF-8 multi-byte sequence. */
export function completeUtf8Prefix(b: Uint8Array): number {
  const n = b.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
  for (let back = 1; back <= 4 && back <= n; back++) {
    const byte = b[n - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if (byte < 0x80) return n;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return need > back ? n - back : n;
  }
  return n;
}

function hasMultibyteUtf8(b: Uint8Array): boolean {
  for (let i = 0; i + 1 < b.length; i++) {
    const c = b[i]!;
    if (c < 0xc2 || c > 0xf4) continue;
    const need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    if (i + need >= b.length) return false;
    let ok = true;
    for (let k = 1; k <= need; k++) if ((b[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) return true;
  }
  return false;
}

const ENCODING_NAMES: Record<string, Encoding> = {
  utf8: 'utf-8',
  utf8bom: 'utf-8',
  utf8sig: 'utf-8',
  ascii: 'utf-8',
  usascii: 'utf-8',
  // Excel's "Unicode text" is UTF-16LE; so is what Windows calls "Unicode".
  utf16: 'utf-16le',
  utf16le: 'utf-16le',
  ucs2: 'utf-16le',
  unicode: 'utf-16le',
  utf16be: 'utf-16be',
  // Latin-1 is read as Windows-1252, as every browser does: they agree on every printable letter
  // and Windows-1252 has letters (Š, Ž, ‘’) where Latin-1 has control codes.
  latin1: 'windows-1252',
  iso88591: 'windows-1252',
  l1: 'windows-1252',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
  win1252: 'windows-1252',
  ansi: 'windows-1252',
};

/** `--encoding NAME` → the encoding; an unknown name is a usage error. */
export function resolveEncoding(name: string): Encoding {
  const found = ENCODING_NAMES[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
  if (!found) {
    throw new PadanError(t('error.unknownEncoding', { name }), EXIT.usage, t('hint.encodings'));
  }
  return found;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

const DELIMITER_NAMES: Record<string, string> = {
  comma: ',',
  semicolon: ';',
  tab: '\t',
  '\\t': '\t',
  pipe: '|',
  bar: '|',
};

/** `--delimiter X` → one character: `,` `;` `|`, `tab` / `\t`, or any other single character. */
export function resolveDelimiter(name: string): string {
  const named = DELIMITER_NAMES[name.toLowerCase()];
  if (named) return named;
  if (name.length === 1 && !['"', '\r', '\n'].includes(name)) return name;
  throw new PadanError(t('error.unknownDelimiter', { name }), EXIT.usage, t('hint.delimiters'));
}

export function describeDelimiter(d: string): string {
  return d === '\t' ? 'tab' : d;
}

/**
 * Line break of the file: LF (which also covers CRLF and a mix of both) unless the sample has
 * carriage returns and no line feed at all (old Mac Excel "CSV (Macintosh)").
 */
export function sniffLineBreak(text: string): '\n' | '\r' {
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}
