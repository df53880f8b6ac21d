/**
 * The fast path of `kafe consume`'s printing. A format made of literal text, `%k` and `%s` only,
 * with keys and values decoded as text (the default `%s\n` among them), prints each record's
 * key and value bytes as they are: the batch's output is one buffer assembled from views into
 * the fetched bytes, with no string and no record object made per record. The string path
 * (record-format.ts) decodes each value to a string and encodes it back when writing; profiled
 * on 1,000,000 records of 100 bytes, that round trip and its garbage were most of what the
 * command itself spent. Bytes that are not UTF-8 print as they are, as kcat prints them (the
 * string path prints U+FFFD for them).
 */
import type { ConsumerBatch } from '../consumer/consumer-record.js';
import { type Record, type RecordBatch, recordOffset } from '../protocol/records/record-batch.js';
import { RecordView } from '../protocol/records/record-view.js';
import type { Decoding, FormatToken } from './record-format.js';

/** A format printed as bytes: literal bytes, or the key or the value. */
export type ByteFormat = readonly (Buffer | 'key' | 'value')[];

/** The byte form of `tokens`, or undefined when a placeholder or a decoding needs the string path. */
export function byteFormat(
  tokens: readonly FormatToken[],
  keyDecoding: Decoding,
  valueDecoding: Decoding,
): ByteFormat | undefined {
  const parts: (Buffer | 'key' | 'value')[] = [];
  for (const token of tokens) {
    if ('text' in token) parts.push(Buffer.from(token.text));
    else if (token.placeholder === 's' && valueDecoding === 'text') parts.push('value');
    else if (token.placeholder === 'k' && keyDecoding === 'text') parts.push('key');
    else return undefined;
  }
  return parts;
}

/** What {@link printBatch} printed. */
export interface PrintedBatch {
  /** The output of the records printed, in one buffer. */
  readonly bytes: Buffer;
  /** How many records it holds. */
  readonly printed: number;
  /** The offset after the last record printed, when `limit` stopped it before the batch's end. */
  readonly stoppedAt?: bigint;
}

/** Bytes a format part takes for `r`. */
function partSize(part: Buffer | 'key' | 'value', r: Record): number {
  if (part === 'value') return r instanceof RecordView ? Math.max(r.valueSize, 0) : (r.value?.length ?? 0);
  if (part === 'key') return r instanceof RecordView ? Math.max(r.keySize, 0) : (r.key?.length ?? 0);
  return part.length;
}

/** Copies a format part for `r` into `out` at `at`. @returns the bytes copied. */
function copyPart(part: Buffer | 'key' | 'value', r: Record, out: Buffer, at: number): number {
  if (part === 'value') return r instanceof RecordView ? r.copyValue(out, at) : (r.value?.copy(out, at) ?? 0);
  if (part === 'key') return r instanceof RecordView ? r.copyKey(out, at) : (r.key?.copy(out, at) ?? 0);
  if (part.length === 1) {
    out[at] = part[0] as number;
    return 1;
  }
  return part.copy(out, at);
}

/**
 * Prints the records of `batch` in `format`, at most `limit` of them: one pass sizes the
 * output, a second copies each key and value straight from the fetched bytes into it (no view
 * and no list of pieces per record: on 100-byte records those cost several times the copy).
 */
export function printBatch(batch: ConsumerBatch, format: ByteFormat, limit: number): PrintedBatch {
  let length = 0;
  let printed = 0;
  let last: { batch: RecordBatch; record: Record } | undefined;
  sizing: for (const b of batch.batches)
    for (const r of b.records) {
      for (const part of format) length += partSize(part, r);
      if (++printed === limit) {
        last = { batch: b, record: r };
        break sizing;
      }
    }
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  let left = printed;
  copying: for (const b of batch.batches)
    for (const r of b.records) {
      for (const part of format) at += copyPart(part, r, out, at);
      if (--left === 0) break copying;
    }
  return last === undefined
    ? { bytes: out, printed }
    : { bytes: out, printed, stoppedAt: recordOffset(last.batch, last.record) + 1n };
}
