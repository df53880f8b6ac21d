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
import { recordOffset } from '../protocol/records/record-batch.js';
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

/** Prints the records of `batch` in `format`, at most `limit` of them. */
export function printBatch(batch: ConsumerBatch, format: ByteFormat, limit: number): PrintedBatch {
  const pieces: Buffer[] = [];
  let length = 0;
  let printed = 0;
  for (const b of batch.batches)
    for (const r of b.records) {
      for (const part of format) {
        const piece = part === 'value' ? r.value : part === 'key' ? r.key : part;
        if (piece === null) continue;
        pieces.push(piece);
        length += piece.length;
      }
      if (++printed === limit)
        return { bytes: Buffer.concat(pieces, length), printed, stoppedAt: recordOffset(b, r) + 1n };
    }
  return { bytes: Buffer.concat(pieces, length), printed };
}
