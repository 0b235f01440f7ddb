// Bytes → text, chunk by chunk, without ever splitting a character. For UTF-8 and Windows-1252
// files that padan guessed itself, each line is decoded on its own: a valid UTF-8 line as UTF-8,
// any other line as Windows-1252. Exports merged from several offices mix both, and this way
// neither `JOSÉ` typed in ANSI nor `JOSÉ` typed in UTF-8 becomes mojibake or U+FFFD.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { completeUtf8Prefix, type Encoding } from './sniff.js';

// Windows-1252 bytes 0x80-0x9F (the WHATWG table; 0x81, 0x8D, 0x8F, 0x90, 0x9D stay as they are).
// Node 20's TextDecoder('windows-1252') decodes this range as Latin-1 control codes (checked on
// 20.20: 0x80 gives U+0080, not the euro sign), so the table is applied here.
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\x80-\x9F]/g;

/** Windows-1252 bytes → text: Latin-1 (Buffer's fast path) with the 0x80-0x9F range mapped. */
export function decodeCp1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return latin1.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Bytes held back waiting for the end of a line before they are decoded anyway. */
const MAX_PENDING = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export class ChunkDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  private readonly utf16: TextDecoder | null;
  private readonly utf8Strict = new TextDecoder('utf-8', { ignoreBOM: true });

  /**
   * @param perLine decide UTF-8 versus Windows-1252 line by line (padan's own guess); when false
   *   the encoding was given with --encoding and is applied as it is.
   */
  constructor(
    readonly encoding: Encoding,
    private readonly perLine: boolean,
  ) {
    this.utf16 = encoding === 'utf-16le' || encoding === 'utf-16be' ? new TextDecoder(encoding, { ignoreBOM: true }) : null;
  }

  decode(chunk: Uint8Array): string {
    if (this.utf16) return this.utf16.decode(chunk, { stream: true });
    if (this.encoding === 'windows-1252' && !this.perLine) return decodeCp1252(chunk);
    if (this.encoding === 'utf-8' && !this.perLine) return this.utf8Strict.decode(chunk, { stream: true });

    const bytes = this.pending.length > 0 ? concat(this.pending, chunk) : chunk;
    // Cut after the last line break (no UTF-8 sequence contains 0x0A or 0x0D); a line with no
    // break yet waits, up to a bound, so a 100 MB line does not pile up here.
    let cut = lastBreak(bytes) + 1;
    if (cut === 0) {
      if (bytes.length < MAX_PENDING) {
        this.pending = bytes === chunk ? chunk.slice() : bytes;
        return '';
      }
      cut = completeUtf8Prefix(bytes);
    }
    this.pending = bytes.slice(cut);
    return this.decodeLines(bytes.subarray(0, cut));
  }

  end(): string {
    if (this.utf16) return this.utf16.decode();
    if (!this.perLine) return this.encoding === 'utf-8' ? this.utf8Strict.decode() : '';
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return rest.length > 0 ? this.decodeLines(rest) : '';
  }

  private decodeLines(bytes: Uint8Array): string {
    // The usual case: the whole chunk is valid UTF-8 (or ASCII), checked at SIMD speed.
    if (this.encoding === 'utf-8' && isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    let out = '';
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(LF, start);
      end = end === -1 ? bytes.length : end + 1;
      const line = bytes.subarray(start, end);
      out += isUtf8(line) ? Buffer.from(line.buffer, line.byteOffset, line.length).toString('utf8') : decodeCp1252(line);
      start = end;
    }
    return out;
  }
}

function lastBreak(b: Uint8Array): number {
  const lf = b.lastIndexOf(LF);
  return lf !== -1 ? lf : b.lastIndexOf(CR);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
