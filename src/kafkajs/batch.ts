/**
 * What a KafkaJS handler receives: records as {@link KafkaMessage}s (offsets and timestamps as
 * decimal strings, headers as an object) and one partition's fetched records as a {@link Batch}
 * with KafkaJS's offset helpers. Made from kafe's {@link ConsumerBatch}, one message object per
 * record.
 */
import type { ConsumerBatch } from '../consumer/consumer-record.js';
import { type RecordHeader, recordOffset, TimestampType } from '../protocol/records/record-batch.js';
import type { IHeaders, KafkaMessage } from './message-types.js';

/** One partition's records from one fetch, with KafkaJS's offset helpers. */
export class Batch {
  readonly topic: string;
  readonly partition: number;
  /** The partition's high watermark when fetched. */
  readonly highWatermark: string;
  readonly messages: KafkaMessage[];

  constructor(batch: ConsumerBatch) {
    this.topic = batch.topic;
    this.partition = batch.partition;
    this.highWatermark = String(batch.highWatermark);
    this.messages = kafkaMessages(batch);
  }

  /** Whether the batch has no records. */
  isEmpty(): boolean {
    return this.messages.length === 0;
  }

  /** The first record's offset, null when empty. */
  firstOffset(): string | null {
    return this.messages[0]?.offset ?? null;
  }

  /** The last record's offset (the high watermark minus one when empty). */
  lastOffset(): string {
    return this.messages.at(-1)?.offset ?? String(BigInt(this.highWatermark) - 1n);
  }

  /** Records after this batch's last one: the lag once it is processed. */
  offsetLag(): string {
    return String(BigInt(this.highWatermark) - 1n - BigInt(this.lastOffset()));
  }

  /** Records from this batch's first one on: the lag before it is processed ('0' when empty). */
  offsetLagLow(): string {
    const first = this.firstOffset();
    return first === null ? '0' : String(BigInt(this.highWatermark) - 1n - BigInt(first));
  }
}

/**
 * Below this, a batch's base (offset or timestamp) plus any record's delta (an int32 varint) is
 * still a safe integer: its decimal strings come from Number arithmetic, about three times
 * cheaper per record than a BigInt sum and its conversion. Above it, BigInt keeps them exact.
 */
const SAFE_BASE = BigInt(Number.MAX_SAFE_INTEGER) - 2n ** 31n;

/**
 * The records of `batch` as KafkaJS messages (record attributes: 0, as Kafka writes them). Like
 * KafkaJS's, each also carries its batch's `magicByte` and `isControlRecord` (fields its
 * declarations leave out; handlers see what they saw with KafkaJS). Offsets and timestamps are
 * decimal strings, exact over the whole int64 range as KafkaJS's `Long`s are.
 */
function kafkaMessages(batch: ConsumerBatch): KafkaMessage[] {
  const out: KafkaMessage[] = [];
  for (const b of batch.batches) {
    const baseOffset = b.baseOffset <= SAFE_BASE && b.baseOffset >= 0n ? Number(b.baseOffset) : -1;
    const logAppendTime = b.timestampType === TimestampType.logAppendTime;
    const base = logAppendTime ? b.maxTimestamp : b.baseTimestamp;
    const baseTimestamp = base <= SAFE_BASE && base >= -SAFE_BASE ? Number(base) : Number.NaN;
    // Records of a batch mostly share their create time (a producer batches what is sent in the
    // same millisecond): the string of the previous record's is reused when the delta repeats.
    let lastDelta = Number.NaN;
    let timestamp = '';
    for (const r of b.records) {
      const delta = logAppendTime ? 0 : r.timestampDelta;
      if (delta !== lastDelta) {
        lastDelta = delta;
        timestamp = Number.isNaN(baseTimestamp)
          ? String(base + BigInt(delta))
          : String(baseTimestamp + delta);
      }
      const message = {
        magicByte: b.magic,
        key: r.key,
        value: r.value,
        timestamp,
        attributes: r.attributes,
        offset: baseOffset < 0 ? String(recordOffset(b, r)) : String(baseOffset + r.offsetDelta),
        headers: headersOf(r.headers),
        isControlRecord: b.isControl,
      };
      out.push(message);
    }
  }
  return out;
}

/** Headers as KafkaJS gives them: by key, a repeated key's values in an array. */
function headersOf(headers: readonly RecordHeader[]): IHeaders {
  const out: IHeaders = {};
  if (headers.length === 0) return out;
  for (const { key, value } of headers) {
    // KafkaJS reads a null header value as null; its type says Buffer.
    const v = value as Buffer;
    const seen = out[key];
    if (seen === undefined) out[key] = v;
    else if (Array.isArray(seen)) seen.push(v);
    else out[key] = [seen, v];
  }
  return out;
}
