/**
 * The per-record inner loop of the magic 2 decoder (docs/implementation.html §5.3.2; Java's
 * `DefaultRecord.readFrom`). Records keep offsets into the input ({@link RecordView}); the only
 * allocations are the record object and, when there are headers, the headers (key strings and
 * value views). Every length is checked against the record's own declared size, so bad bytes
 * raise a `DecodeError`, never a RangeError.
 */
import { DecodeError } from '../errors.js';
import { Reader } from '../primitives/reader.js';
import type { Record, RecordHeader } from './record-batch.js';
import { NO_HEADERS, RecordView } from './record-view.js';

/** Smallest possible record: length, attributes, timestamp, offset, key, value, header count. */
const MIN_RECORD_SIZE = 7;

/** Reads the length of a nullable byte array (varint, -1 for null) and skips its bytes. */
function bytesLength(r: Reader, end: number): number {
  const start = r.offset;
  const n = r.readVarint();
  if (n < -1 || r.offset + n > end) throw new DecodeError(`invalid length ${n} in record`, start);
  if (n > 0) r.offset += n;
  return n;
}

function readHeaders(r: Reader, end: number): readonly RecordHeader[] {
  const start = r.offset;
  const count = r.readVarint();
  if (count === 0) return NO_HEADERS;
  if (count < 0 || count * 2 > end - r.offset) throw new DecodeError(`invalid header count ${count}`, start);
  const out: RecordHeader[] = [];
  for (let h = 0; h < count; h++) {
    const keyStart = r.offset;
    const keyLength = bytesLength(r, end);
    if (keyLength < 0) throw new DecodeError('null header key', keyStart);
    const key = keyLength === 0 ? '' : r.buf.toString('utf8', r.offset - keyLength, r.offset);
    const valueLength = bytesLength(r, end);
    out.push({ key, value: valueLength < 0 ? null : r.buf.subarray(r.offset - valueLength, r.offset) });
  }
  return out;
}

/**
 * Decodes `count` records from `b[start, end)` (an uncompressed records section) and appends
 * them to `out`. The section must hold exactly those records.
 */
export function decodeRecords(b: Buffer, start: number, end: number, count: number, out: Record[]): void {
  if (count < 0 || count > (end - start) / MIN_RECORD_SIZE) {
    throw new DecodeError(`record count ${count} cannot fit in ${end - start} bytes`, start);
  }
  const r = new Reader(b, start, end);
  for (let i = 0; i < count; i++) {
    const recordStart = r.offset;
    const size = r.readVarint();
    const recordEnd = r.offset + size;
    if (size < MIN_RECORD_SIZE - 1 || recordEnd > end)
      throw new DecodeError(`invalid record size ${size}`, recordStart);
    const attributes = r.readInt8();
    // A varlong beyond the safe integer range is refused here (DecodeError), never rounded.
    const timestampDelta = r.readVarlongNumber();
    const offsetDelta = r.readVarint();
    const keyLength = bytesLength(r, recordEnd);
    const keyStart = r.offset - Math.max(0, keyLength);
    const valueLength = bytesLength(r, recordEnd);
    const valueStart = r.offset - Math.max(0, valueLength);
    const headers = readHeaders(r, recordEnd);
    if (r.offset !== recordEnd)
      throw new DecodeError(`record declared ${size} bytes but used ${r.offset - recordStart}`, recordStart);
    out.push(
      new RecordView(
        attributes,
        timestampDelta,
        offsetDelta,
        b,
        keyStart,
        keyLength,
        valueStart,
        valueLength,
        headers,
      ),
    );
  }
  if (r.offset !== end) throw new DecodeError(`${end - r.offset} bytes left after the last record`, r.offset);
}
