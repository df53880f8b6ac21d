/**
 * What `send` accepts and resolves with, and the per-record checks done before a record is
 * accepted: a bad record is refused with a typed error on its own, never by breaking a batch
 * that holds records accepted before it.
 */
import type { RecordHeaderInput, RecordInput } from '../protocol/records/write-records.js';
import { InvalidRecordError } from './errors.js';

/** Bytes or text (encoded as UTF-8). */
export type RecordData = Uint8Array | string;

/** One record to send. */
export interface ProducerRecord {
  /** Topic to send to. */
  readonly topic: string;
  /** Key: decides the partition with the default partitioner. `null` or absent for none. */
  readonly key?: RecordData | null;
  /** Value; `null` for a tombstone (compacted topics). */
  readonly value: RecordData | null;
  /** Headers, as an object or a list (a list may repeat a key). */
  readonly headers?: Readonly<Record<string, RecordData | null>> | readonly ProducerHeader[];
  /** Partition to send to; the partitioner decides when absent. */
  readonly partition?: number;
  /** Create time, ms since the epoch; now when absent. */
  readonly timestamp?: number;
}

/** One header in list form. */
export interface ProducerHeader {
  readonly key: string;
  readonly value: RecordData | null;
}

/** A record ready for the accumulator: bytes, checked. */
export interface NormalizedRecord extends RecordInput {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number;
}

const NO_HEADERS: readonly RecordHeaderInput[] = [];

function bytes(what: string, v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw new InvalidRecordError(`${what} must be a Uint8Array, a string or null, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? (v?.constructor?.name ?? 'an object') : typeof v;
}

function headersOf(h: ProducerRecord['headers']): readonly RecordHeaderInput[] {
  if (h === undefined || h === null) return NO_HEADERS;
  if (Array.isArray(h)) {
    return (h as readonly ProducerHeader[]).map((e, i) => {
      if (e === null || typeof e !== 'object' || typeof e.key !== 'string')
        throw new InvalidRecordError(`headers[${i}] must be { key: string, value }`);
      return { key: e.key, value: bytes(`headers[${i}].value`, e.value) };
    });
  }
  if (typeof h !== 'object')
    throw new InvalidRecordError(`headers must be an object or a list, got ${typeof h}`);
  const out: RecordHeaderInput[] = [];
  for (const key of Object.keys(h))
    out.push({ key, value: bytes(`header "${key}"`, (h as Record<string, unknown>)[key]) });
  return out;
}

/**
 * Checks `r` and turns it into bytes. Throws {@link InvalidRecordError} naming the field.
 * `now` is the create time for records without one.
 */
export function normalizeRecord(r: ProducerRecord, now: number): NormalizedRecord {
  if (r === null || typeof r !== 'object')
    throw new InvalidRecordError(`a record must be an object, got ${describe(r)}`);
  if (typeof r.topic !== 'string' || r.topic.length === 0)
    throw new InvalidRecordError(`topic must be a non-empty string, got ${describe(r.topic)}`);
  if (!('value' in r)) throw new InvalidRecordError('value is missing (use null for a tombstone)');
  if (
    r.partition !== undefined &&
    (!Number.isInteger(r.partition) || r.partition < 0 || r.partition > 0x7fffffff)
  )
    throw new InvalidRecordError(`partition must be a non-negative integer, got ${String(r.partition)}`);
  const timestamp = r.timestamp ?? now;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new InvalidRecordError(`timestamp must be a non-negative integer (ms), got ${String(r.timestamp)}`);
  const key = bytes('key', r.key);
  const value = bytes('value', r.value);
  const headers = headersOf(r.headers);
  return headers === NO_HEADERS ? { key, value, timestamp } : { key, value, timestamp, headers };
}

/**
 * Upper bound of a record's size inside a batch (Java: `DefaultRecord.sizeInBytes` bounded by
 * `AbstractRecords.estimateSizeInBytesUpperBound`): the record body with 5-byte varints for the
 * lengths and 10 for the timestamp delta. Header keys are counted at 3 bytes per UTF-16 unit,
 * the UTF-8 worst case, so no string is encoded twice.
 */
export function recordSizeUpperBound(r: NormalizedRecord): number {
  let size = 5 + 1 + 10 + 5 + 5 + 5 + 5;
  if (r.key !== null) size += r.key.length;
  if (r.value !== null) size += r.value.length;
  const headers = r.headers;
  if (headers !== undefined) {
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i] as RecordHeaderInput;
      size += 10 + h.key.length * 3 + (h.value === null ? 0 : 5 + h.value.length);
    }
  }
  return size;
}
