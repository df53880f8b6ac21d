/**
 * Acknowledgements waiting to be sent to one broker, and their encoding (KIP-932,
 * "Acknowledgements"): each partition's acknowledged offsets become `AcknowledgementBatches`,
 * runs of consecutive offsets with one acknowledge type each (the type array then holds one
 * entry, which the broker applies to the whole run, as Java's `AcknowledgementBatch` coalescing
 * does). Pure: no I/O, unit tested on its own.
 */
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import type { KafeError } from '../protocol/errors.js';

/** The acknowledge types of ShareFetch / ShareAcknowledge (`AcknowledgeTypes`, KIP-932 and KIP-1222). */
export const AcknowledgeType = {
  /** An acquired offset with no record to hand out (a control record, a compacted gap). */
  gap: 0,
  /** Processed: the record is done for the group. */
  accept: 1,
  /** Not processed: the record is available again at once (delivery count kept). */
  release: 2,
  /** Unprocessable: the record is archived and never delivered again. */
  reject: 3,
  /** Keep the acquisition lock for another lock duration (KIP-1222, ShareAcknowledge v2). */
  renew: 4,
} as const;

/** An acknowledge type by name. */
export type AcknowledgeTypeName = 'accept' | 'release' | 'reject' | 'renew';

/** One run of offsets of one type, as the requests carry it. */
export interface AcknowledgementBatch {
  firstOffset: bigint;
  lastOffset: bigint;
  acknowledgeTypes: number[];
}

/** What the broker said about one partition's acknowledgements. */
export interface AcknowledgementOutcome {
  readonly topic: string;
  readonly partition: number;
  /** The offsets acknowledged in the request (gaps included), in no particular order. */
  readonly offsets: readonly bigint[];
  /** Undefined when the broker took them; otherwise why not (the records come back when their lock ends). */
  readonly error: KafeError | undefined;
}

/** One partition's acknowledgements. */
export interface PartitionAcknowledgements extends TopicPartition {
  readonly offsets: Map<bigint, number>;
}

/** Acknowledgements collected for one broker until a request takes them. */
export class PendingAcknowledgements {
  private byPartition = new Map<string, PartitionAcknowledgements>();
  private renewals = 0;

  /** Offsets waiting. */
  get size(): number {
    let n = 0;
    for (const p of this.byPartition.values()) n += p.offsets.size;
    return n;
  }

  /** Whether a renewal waits (it needs `IsRenewAck` on the request). */
  get hasRenewals(): boolean {
    return this.renewals > 0;
  }

  /** Adds one offset's type; a later call for the same offset replaces it (a renew, then an accept). */
  add(topic: string, partition: number, offset: bigint, type: number): void {
    const key = topicPartitionKey(topic, partition);
    let p = this.byPartition.get(key);
    if (p === undefined) {
      p = { topic, partition, offsets: new Map() };
      this.byPartition.set(key, p);
    }
    const before = p.offsets.get(offset);
    if (before === AcknowledgeType.renew) this.renewals--;
    if (type === AcknowledgeType.renew) this.renewals++;
    p.offsets.set(offset, type);
  }

  /** Partitions with something waiting. */
  partitions(): PartitionAcknowledgements[] {
    return [...this.byPartition.values()];
  }

  /** Takes everything waiting, leaving this empty. */
  take(): PartitionAcknowledgements[] {
    const all = this.partitions();
    this.byPartition = new Map();
    this.renewals = 0;
    return all;
  }
}

/**
 * `offsets` (offset -> type) as acknowledgement batches: sorted, split where offsets are not
 * consecutive or the type changes.
 */
export function acknowledgementBatches(offsets: ReadonlyMap<bigint, number>): AcknowledgementBatch[] {
  const sorted = [...offsets].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: AcknowledgementBatch[] = [];
  let current: AcknowledgementBatch | undefined;
  for (const [offset, type] of sorted) {
    if (current !== undefined && offset === current.lastOffset + 1n && current.acknowledgeTypes[0] === type) {
      current.lastOffset = offset;
      continue;
    }
    current = { firstOffset: offset, lastOffset: offset, acknowledgeTypes: [type] };
    out.push(current);
  }
  return out;
}
