import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordBytes, recordsOfBytes, recycleRecordBuffer } from '../../src/ingest/record-bytes.js';

// Records as encodeRecord makes them: any text without the batch separator U+001D, never empty.
const record = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3000 }).map((s) => s.replace(/\u001d/g, '_'));

function roundTrip(records: readonly string[]): string[] {
  const bytes = new RecordBytes(64);
  for (const r of records) bytes.add(r);
  return recordsOfBytes(bytes.take());
}

describe('record bytes', () => {
  it('gives back the records of a batch, in order, however they fall across decoding pieces', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 80 }), (records) => {
        expect(roundTrip(records)).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });

  it('splits only at record boundaries, also when a multi-byte character straddles a 32 KiB piece', () => {
    const long = 'É'.repeat(20_000); // 40,000 bytes: past the first piece
    const records = [long, 'a', `${'x'.repeat(32_767)}€`, '😀'.repeat(9_000), 'b'];
    expect(roundTrip(records)).toEqual(records);
    expect(roundTrip([])).toEqual([]);
  });

  it('fills a handed-back buffer again instead of allocating one', () => {
    const bytes = new RecordBytes(16);
    bytes.add('first batch');
    const first = bytes.take();
    bytes.add('second batch');
    const second = bytes.take();
    recycleRecordBuffer(first.buffer as ArrayBuffer);
    bytes.add('third batch');
    const third = bytes.take();
    // The third batch is written into the buffer the second take() picked from the spares.
    expect(recordsOfBytes(second)).toEqual(['second batch']);
    expect(recordsOfBytes(third)).toEqual(['third batch']);
    bytes.add('fourth');
    expect(bytes.take().buffer).toBe(first.buffer);
  });
});
