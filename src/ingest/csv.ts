// The CSV reader: RFC 4180 records from decoded text, chunk by chunk, with the physical line each
// record starts on. It is padan's own rather than csv-parse because exports are hostile and big:
// - one bad quote must cost one line, not the rest of the file (csv-parse and papaparse both read
//   an unclosed quote to the end of the input), so a broken record is re-read from the line after
//   its first line;
// - memory must stay bounded on a 100 MB line (a line over `maxRecordChars` is rejected while it
//   streams past, only its first characters kept);
// - it must leave time for normalising and writing (measured on a 500k-row P3KE-like file:
//   csv-parse 107k rows/s, 75k with the line numbers padan needs; this reader with decoding
//   about 570k rows/s).

export const MAX_RECORD_CHARS = 1024 * 1024;
/** How much of a rejected line is kept as its raw text. */
export const RAW_KEEP_CHARS = 4096;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// C0 controls other than tab, LF and CR, DEL and C1 controls: never in a real export's text, so a
// line holding one is binary junk (or a NUL-padded file) and is rejected.
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g;

export interface RecordSink {
  /**
   * One record: its first physical line (1-based), its cells, and whether a quoted field carried
   * it over several lines. Return false to refuse a multi-line record (it does not fit the
   * header): the reader then rejects only its first line as broken quoting and goes on with the
   * next line. Single-line records are the sink's to accept or reject. `text` is the record's
   * text when it held no quote (its cells are exactly `text` split at the delimiter), so that a
   * sink can use the text rather than the cells.
   */
  record(line: number, cells: string[], multiLine: boolean, text?: string): boolean;
  reject(line: number, reason: string, raw: string): void;
}

export interface CsvOptions {
  delimiter: string;
  /** `\n` (LF, CRLF or a mix) or `\r` (CR-only files). */
  lineBreak: '\n' | '\r';
  maxRecordChars?: number;
}

const NEED_MORE = 1;
const UNCLOSED = 2;
const AFTER_QUOTE = 3;

/** A rejected line's text as stored: control characters made visible, long text cut with a note. */
export function clipRaw(text: string, totalChars = text.length): string {
  const head = text.length > RAW_KEEP_CHARS ? text.slice(0, RAW_KEEP_CHARS) : text;
  const visible = head.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    // Control Pictures (U+2400 block) for C0 and DEL; U+FFFD for C1.
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\uFFFD';
  });
  return totalChars > head.length ? `${visible} [... truncated: ${totalChars} characters in all]` : visible;
}

export class CsvReader {
  private buf = '';
  private pos = 0;
  /** Physical line number at `pos`. */
  private line = 1;
  private readonly delim: string;
  private readonly delimCode: number;
  private readonly nl: string;
  private readonly nlCode: number;
  private readonly max: number;
  /** Next quote / control character at or after `pos`: -2 not looked yet, -1 none in `buf`. */
  private quoteAt = -2;
  private controlAt = -2;
  /** A line longer than `max` being skipped: where it started, its first characters, its length. */
  private skipping: { line: number; head: string; chars: number } | null = null;
  // Set by parseQuoted for the record it returns.
  private recEnd = 0;
  private recBreaks = 0;
  private recStart = 0;

  constructor(
    options: CsvOptions,
    private readonly sink: RecordSink,
  ) {
    if (options.delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delim = options.delimiter;
    this.delimCode = options.delimiter.charCodeAt(0);
    this.nl = options.lineBreak;
    this.nlCode = options.lineBreak.charCodeAt(0);
    this.max = options.maxRecordChars ?? MAX_RECORD_CHARS;
  }

  /** Physical line the next record starts on. */
  get currentLine(): number {
    return this.line;
  }

  /** First physical line of the record being handed to the sink, as text (for a reject's raw). */
  currentRaw(): string {
    const start = this.recStart;
    let end = this.buf.indexOf(this.nl, start);
    if (end === -1) end = this.buf.length;
    if (this.nlCode === LF && end > start && this.buf.charCodeAt(end - 1) === CR) end--;
    return clipRaw(this.buf.slice(start, Math.min(end, start + RAW_KEEP_CHARS + 1)), end - start);
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.quoteAt = -2;
    this.controlAt = -2;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.skipping) this.finishSkip(this.buf.length);
    this.buf = '';
    this.pos = 0;
  }

  private nextQuote(from: number): number {
    if (this.quoteAt !== -1 && this.quoteAt < from) this.quoteAt = this.buf.indexOf('"', from);
    return this.quoteAt;
  }

  private nextControl(from: number): number {
    if (this.controlAt !== -1 && this.controlAt < from) {
      CONTROL.lastIndex = from;
      const m = CONTROL.exec(this.buf);
      this.controlAt = m ? m.index : -1;
    }
    return this.controlAt;
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    const nl = this.nl;
    while (this.pos < n) {
      const pos = this.pos;
      if (this.skipping) {
        const brk = buf.indexOf(nl, pos);
        if (brk === -1) {
          this.skipping.chars += n - pos;
          this.pos = n;
          break;
        }
        this.skipping.chars += brk - pos;
        this.finishSkip(brk);
        this.pos = brk + 1;
        this.line++;
        continue;
      }
      let brk = buf.indexOf(nl, pos);
      if (brk === -1) {
        if (!final) {
          // No line end in sight: once the line is over the limit, stop keeping it.
          if (n - pos > this.max) {
            this.skipping = { line: this.line, head: buf.slice(pos, pos + RAW_KEEP_CHARS), chars: n - pos };
            this.pos = n;
          }
          break;
        }
        brk = n;
      }
      let lineEnd = brk;
      if (this.nlCode === LF && lineEnd > pos && buf.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      this.recStart = pos;
      if (lineEnd - pos > this.max) {
        this.rejectLine(pos, lineEnd, brk, `line longer than ${this.max} characters`);
        continue;
      }
      const control = this.nextControl(pos);
      if (control !== -1 && control < lineEnd) {
        this.rejectLine(pos, lineEnd, brk, `binary data: control character U+${buf.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0')} in the line`);
        continue;
      }
      const quote = this.nextQuote(pos);
      if (quote === -1 || quote >= lineEnd) {
        // The common case: no quote on the line, so the cells are a plain split.
        if (lineEnd > pos) {
          const text = buf.slice(pos, lineEnd);
          const cells = text.split(this.delim);
          if (!isBlank(cells)) this.sink.record(this.line, cells, false, text);
        }
        this.pos = brk + 1;
        this.line++;
        continue;
      }
      const result = this.parseQuoted(pos, final);
      if (typeof result === 'number') {
        if (result === NEED_MORE && n - pos <= this.max) break; // wait for the closing quote
        const why =
          result === AFTER_QUOTE
            ? 'broken quoting: text after a closing quote'
            : result === UNCLOSED
              ? 'broken quoting: a quote opened on this line is never closed'
              : `broken quoting: a quote opened on this line is not closed within ${this.max} characters`;
        this.rejectLine(pos, lineEnd, brk, why);
        continue;
      }
      const end = this.recEnd;
      const multiLine = this.recBreaks > 0;
      if (multiLine) {
        const ctl = this.nextControl(pos);
        if (ctl !== -1 && ctl < end) {
          this.rejectLine(pos, lineEnd, brk, 'broken quoting: binary data inside a quoted field running over several lines');
          continue;
        }
      }
      if (!isBlank(result) && !this.sink.record(this.line, result, multiLine)) {
        this.rejectLine(pos, lineEnd, brk, `broken quoting: a quoted field opened on this line runs over ${this.recBreaks + 1} lines and the record does not fit the header`);
        continue;
      }
      this.pos = end;
      this.line += 1 + this.recBreaks;
    }
    if (this.pos >= n && !this.skipping) {
      this.buf = '';
      this.pos = 0;
    }
  }

  /** Rejects the physical line [start, lineEnd) and moves on to the line after it. */
  private rejectLine(start: number, lineEnd: number, brk: number, reason: string): void {
    const keep = this.buf.slice(start, Math.min(lineEnd, start + RAW_KEEP_CHARS));
    this.sink.reject(this.line, reason, clipRaw(keep, lineEnd - start));
    this.pos = brk + 1;
    this.line++;
  }

  private finishSkip(brk: number): void {
    const s = this.skipping!;
    let chars = s.chars;
    if (this.nlCode === LF && brk > 0 && this.buf.charCodeAt(brk - 1) === CR) chars--;
    this.sink.reject(s.line, `line longer than ${this.max} characters`, clipRaw(s.head, chars));
    this.skipping = null;
  }

  /**
   * A record with quotes from `start`: its cells, or why it cannot be read yet (NEED_MORE) or at
   * all. Quotes only open a field at its first character; elsewhere they are kept as data, as
   * exports write `JL. "MAWAR"` unescaped.
   */
  private parseQuoted(start: number, final: boolean): string[] | number {
    const buf = this.buf;
    const n = buf.length;
    const D = this.delimCode;
    const NL = this.nlCode;
    const cells: string[] = [];
    let breaks = 0;
    let i = start;
    for (;;) {
      if (i < n && buf.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let value = '';
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q === -1) return final ? UNCLOSED : NEED_MORE;
          if (q + 1 >= n && !final) return NEED_MORE; // "" split across chunks?
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += buf.slice(j, q);
          j = q + 1;
          break;
        }
        if (value.indexOf(this.nl) !== -1) breaks += countChar(value, NL);
        cells.push(value);
        if (j >= n) return this.done(cells, n, breaks);
        const c = buf.charCodeAt(j);
        if (c === D) {
          i = j + 1;
          continue;
        }
        if (c === NL) return this.done(cells, j + 1, breaks);
        if (NL === LF && c === CR) {
          if (j + 1 >= n) return final ? this.done(cells, n, breaks) : NEED_MORE;
          if (buf.charCodeAt(j + 1) === LF) return this.done(cells, j + 2, breaks);
        }
        return AFTER_QUOTE;
      }
      let j = i;
      while (j < n) {
        const c = buf.charCodeAt(j);
        if (c === D || c === NL) break;
        j++;
      }
      if (j >= n) {
        if (!final) return NEED_MORE;
        cells.push(buf.slice(i, n));
        return this.done(cells, n, breaks);
      }
      if (buf.charCodeAt(j) === D) {
        cells.push(buf.slice(i, j));
        i = j + 1;
        continue;
      }
      const e = NL === LF && j > i && buf.charCodeAt(j - 1) === CR ? j - 1 : j;
      cells.push(buf.slice(i, e));
      return this.done(cells, j + 1, breaks);
    }
  }

  private done(cells: string[], end: number, breaks: number): string[] {
    this.recEnd = end;
    this.recBreaks = breaks;
    return cells;
  }
}

function countChar(s: string, code: number): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) count++;
  return count;
}

/** A line of nothing but delimiters and spaces (Excel writes them under a table) is blank. */
function isBlank(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.length > 0 && c.trim().length > 0) return false;
  }
  return true;
}

/**
 * Reads a whole text at once (tests, header detection): records and rejects, in file order.
 * `limit` stops after that many records.
 */
export function readAllRecords(
  text: string,
  options: CsvOptions,
  limit = Infinity,
  final = true,
): { records: { line: number; cells: string[]; multiLine: boolean }[]; rejects: { line: number; reason: string; raw: string }[] } {
  const records: { line: number; cells: string[]; multiLine: boolean }[] = [];
  const rejects: { line: number; reason: string; raw: string }[] = [];
  const stop = new Error('limit');
  const reader = new CsvReader(options, {
    record(line, cells, multiLine) {
      records.push({ line, cells, multiLine });
      if (records.length >= limit) throw stop;
      return true;
    },
    reject(line, reason, raw) {
      rejects.push({ line, reason, raw });
    },
  });
  try {
    reader.push(text);
    if (final) reader.end();
  } catch (error) {
    if (error !== stop) throw error;
  }
  return { records, rejects };
}
