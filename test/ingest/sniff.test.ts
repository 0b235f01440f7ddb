import { describe, expect, it } from 'vitest';
import { ChunkDecoder } from '../../src/ingest/decode.js';
import { completeUtf8Prefix, resolveDelimiter, resolveEncoding, sniffEncoding, sniffLineBreak } from '../../src/ingest/sniff.js';
import { PadanError } from '../../src/util/errors.js';
import { cp1252, utf16be, utf16le, utf8 } from './helpers.js';

const TEXT = 'ID Keluarga,Nama\r\n210000001,JOSÉ MUÑOZ\r\n210000002,MUHAMMAD ZAKIYYA\r\n';

describe('sniffEncoding', () => {
  it.each([
    ['UTF-8', utf8(TEXT), 'utf-8', 0],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(TEXT)]), 'utf-8', 3],
    ['UTF-16LE with BOM', utf16le(TEXT), 'utf-16le', 2],
    ['UTF-16BE with BOM', utf16be(TEXT), 'utf-16be', 2],
    ['UTF-16LE without BOM', utf16le(TEXT, false), 'utf-16le', 0],
    ['UTF-16BE without BOM', utf16be(TEXT, false), 'utf-16be', 0],
    ['Windows-1252', cp1252(TEXT), 'windows-1252', 0],
    ['ASCII', utf8('a,b\n1,2\n'), 'utf-8', 0],
    ['UTF-8 and Windows-1252 lines mixed', Buffer.concat([utf8('a,JOSÉ\n'), cp1252('b,JOSÉ\n')]), 'utf-8', 0],
    ['NUL bytes in an ASCII file are not UTF-16', utf8('a,b\n1,\u00002\n3,4\n5,6\n'), 'utf-8', 0],
  ])('%s', (_name, bytes, encoding, bomLength) => {
    expect(sniffEncoding(bytes)).toEqual({ encoding, bomLength });
  });

  it('a sample cut inside a multi-byte character is still UTF-8', () => {
    const bytes = utf8('a,É');
    expect(completeUtf8Prefix(bytes.subarray(0, bytes.length - 1))).toBe(2);
    expect(sniffEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf-8');
  });
});

describe('ChunkDecoder', () => {
  const decodeAll = (decoder: ChunkDecoder, bytes: Uint8Array, size: number) => {
    let out = '';
    for (let i = 0; i < bytes.length; i += size) out += decoder.decode(bytes.subarray(i, i + size));
    return out + decoder.end();
  };

  it.each([1, 2, 3, 5, 1000])('UTF-8 split every %i bytes never breaks a character', (size) => {
    expect(decodeAll(new ChunkDecoder('utf-8', true), utf8(TEXT), size)).toBe(TEXT);
  });

  it.each([1, 3, 1000])('UTF-16 split every %i bytes', (size) => {
    expect(decodeAll(new ChunkDecoder('utf-16le', true), utf16le(TEXT, false), size)).toBe(TEXT);
    expect(decodeAll(new ChunkDecoder('utf-16be', true), utf16be(TEXT, false), size)).toBe(TEXT);
  });

  it('each line in its own encoding: neither a UTF-8 nor an ANSI JOSÉ becomes mojibake', () => {
    const bytes = Buffer.concat([utf8('a,JOSÉ\n'), cp1252('b,JOSÉ ñ\n'), utf8('c,MUÑOZ\n')]);
    for (const size of [1, 4, 100]) expect(decodeAll(new ChunkDecoder('utf-8', true), bytes, size)).toBe('a,JOSÉ\nb,JOSÉ ñ\nc,MUÑOZ\n');
    expect(decodeAll(new ChunkDecoder('windows-1252', true), bytes, 100)).toBe('a,JOSÉ\nb,JOSÉ ñ\nc,MUÑOZ\n');
  });

  it('Windows-1252 letters outside Latin-1 (Š, €, ‘’)', () => {
    const bytes = Buffer.from([0x8a, 0x80, 0x91, 0x92, 0x0a]);
    expect(decodeAll(new ChunkDecoder('windows-1252', true), bytes, 2)).toBe('Š€‘’\n');
  });

  it('a forced encoding is applied as given', () => {
    expect(decodeAll(new ChunkDecoder('windows-1252', false), utf8('É\n'), 10)).toBe('Ã‰\n');
  });

  it('a line without a break is decoded anyway once it passes 1 MiB (memory stays bounded)', () => {
    const decoder = new ChunkDecoder('utf-8', true);
    const chunk = utf8('x'.repeat(512 * 1024));
    expect(decoder.decode(chunk)).toBe('');
    expect(decoder.decode(chunk).length).toBe(1024 * 1024);
  });
});

describe('overrides', () => {
  it.each([
    ['utf8', 'utf-8'],
    ['UTF-8', 'utf-8'],
    ['utf-16le', 'utf-16le'],
    ['UTF16BE', 'utf-16be'],
    ['unicode', 'utf-16le'],
    ['latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['windows-1252', 'windows-1252'],
    ['cp1252', 'windows-1252'],
  ])('--encoding %s', (name, encoding) => {
    expect(resolveEncoding(name)).toBe(encoding);
  });

  it('an unknown encoding is a usage error that lists the known ones', () => {
    expect(() => resolveEncoding('ebcdic')).toThrow(PadanError);
    try {
      resolveEncoding('ebcdic');
    } catch (error) {
      expect((error as PadanError).message).toContain('"ebcdic"');
      expect((error as PadanError).exitCode).toBe(2);
      expect((error as PadanError).hint).toContain('windows-1252');
    }
  });

  it.each([
    [',', ','],
    ['comma', ','],
    [';', ';'],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['\\t', '\t'],
    ['\t', '\t'],
    ['|', '|'],
    ['pipe', '|'],
    ['#', '#'],
  ])('--delimiter %j', (name, delimiter) => {
    expect(resolveDelimiter(name)).toBe(delimiter);
  });

  it.each(['"', 'colon-ish', ''])('--delimiter %j is refused', (name) => {
    expect(() => resolveDelimiter(name)).toThrow(/unknown delimiter/);
  });

  it('line break style', () => {
    expect(sniffLineBreak('a\r\nb\r\n')).toBe('\n');
    expect(sniffLineBreak('a\rb\r')).toBe('\r');
    expect(sniffLineBreak('a\nb\r')).toBe('\n');
  });
});
