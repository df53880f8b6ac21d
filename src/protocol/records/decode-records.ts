/**
 * The per-record inner loop of the magic 2 decoder (docs/implementation.html §5.3.2; Java's
 * `DefaultRecord.readFrom`). Records keep offsets into the input ({@link RecordView}); the only
 * allocations are the record object and, when there are headers, the headers (key strings and
 * value views).
 *
 * Varints are read with local loops rather than `Reader` calls: this runs once per field of
 * every record, and keeping the position in a local lets V8 keep it in a register
 * (bench/protocol-micro.ts measures the difference). Every length is checked against the
 * record's own declared size, so bad bytes raise a `DecodeError`, never a RangeError.
 */
import { DecodeError } from '../errors.js';
import type { Record, RecordHeader } from './record-batch.js';
import { NO_HEADERS, RecordView } from './record-view.js';

/** Smallest possible record: length, attributes, timestamp, offset, key, value, header count. */
const MIN_RECORD_SIZE = 7;

/** Decoding position shared by the helpers below (module-level: no allocation per call). */
let pos = 0;

/** Reads an unsigned varint of at most 5 bytes (32 bits) at `pos`, not past `end`. */
function uvarint(b: Buffer, end: number): number {
  let p = pos;
  if (p < end) {
    const first = b[p] as number;
    if (first < 0x80) {
      pos = p + 1;
      return first;
    }
  }
  let value = 0;
  let factor = 1;
  for (let i = 0; i < 5; i++) {
    if (p >= end) throw new DecodeError('truncated varint in record', p);
    const byte = b[p++] as number;
    value += (byte & 0x7f) * factor;
    if (byte < 0x80) {
      if (value > 0xffffffff) break;
      pos = p;
      return value;
    }
    factor *= 128;
  }
  throw new DecodeError('invalid varint in record', pos);
}

/** A zigzag varint (signed int32). */
function varint(b: Buffer, end: number): number {
  const z = uvarint(b, end);
  return (z >>> 1) ^ -(z & 1);
}

/** A zigzag varlong as a number; a value that is not a safe integer is refused. */
function varlong(b: Buffer, end: number): number {
  let p = pos;
  let z = 0;
  let factor = 1;
  for (let i = 0; i < 8; i++) {
    if (p >= end) throw new DecodeError('truncated varlong in record', p);
    const byte = b[p++] as number;
    z += (byte & 0x7f) * factor;
    if (byte < 0x80) {
      // 8 bytes carry 56 bits; zigzag halves it, so anything beyond 2^53 is refused here.
      if (z > Number.MAX_SAFE_INTEGER) break;
      pos = p;
      return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    }
    factor *= 128;
  }
  throw new DecodeError('record timestamp delta is not a safe integer (or is malformed)', pos);
}

/** Reads the length of a nullable byte array (varint, -1 for null) and skips its bytes. */
function bytesLength(b: Buffer, end: number): number {
  const start = pos;
  const n = varint(b, end);
  if (n < 0) {
    if (n === -1) return -1;
    throw new DecodeError(`invalid length ${n} in record`, start);
  }
  if (pos + n > end) throw new DecodeError(`length ${n} runs past the record`, start);
  pos += n;
  return n;
}

/** Reads a nullable byte array as a view (header values). */
function bytes(b: Buffer, end: number): Buffer | null {
  const n = bytesLength(b, end);
  return n < 0 ? null : b.subarray(pos - n, pos);
}

function headers(b: Buffer, end: number): readonly RecordHeader[] {
  const start = pos;
  const count = varint(b, end);
  if (count === 0) return NO_HEADERS;
  if (count < 0 || count * 2 > end - pos) throw new DecodeError(`invalid header count ${count}`, start);
  const out: RecordHeader[] = [];
  for (let h = 0; h < count; h++) {
    const keyStart = pos;
    const keyLen = varint(b, end);
    if (keyLen < 0 || pos + keyLen > end)
      throw new DecodeError(`invalid header key length ${keyLen}`, keyStart);
    const key = keyLen === 0 ? '' : b.toString('utf8', pos, pos + keyLen);
    pos += keyLen;
    out.push({ key, value: bytes(b, end) });
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
  pos = start;
  for (let i = 0; i < count; i++) {
    const recordStart = pos;
    const size = varint(b, end);
    const recordEnd = pos + size;
    if (size < MIN_RECORD_SIZE - 1 || recordEnd > end)
      throw new DecodeError(`invalid record size ${size}`, recordStart);
    if (pos >= recordEnd) throw new DecodeError('truncated record', pos);
    const attributes = b[pos++] as number;
    const timestampDelta = varlong(b, recordEnd);
    const offsetDelta = varint(b, recordEnd);
    const keyLength = bytesLength(b, recordEnd);
    const keyStart = pos - (keyLength < 0 ? 0 : keyLength);
    const valueLength = bytesLength(b, recordEnd);
    const valueStart = pos - (valueLength < 0 ? 0 : valueLength);
    const hdrs = headers(b, recordEnd);
    if (pos !== recordEnd)
      throw new DecodeError(`record declared ${size} bytes but used ${pos - recordStart}`, recordStart);
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
        hdrs,
      ),
    );
  }
  if (pos !== end) throw new DecodeError(`${end - pos} bytes left after the last record`, pos);
}
