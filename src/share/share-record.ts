/**
 * What a share consumer hands out: one record acquired for this member, with its delivery count
 * and the end of its acquisition lock, and the calls that acknowledge it (KIP-932: accept,
 * release, reject; KIP-1222: renew). Made from a ShareFetch answer by
 * {@link acquiredShareRecords}: only the offsets the broker says were acquired are handed out,
 * and acquired offsets without a record (control records, compacted gaps) are acknowledged as
 * gaps, as Java's `ShareCompletedFetch` does.
 */

import type { ShareFetchResponseAcquiredRecords } from '../protocol/messages/share-fetch.js';
import type { RecordBatch, RecordHeader } from '../protocol/records/record-batch.js';
import { recordOffset, recordTimestamp } from '../protocol/records/record-batch.js';
import type { AcknowledgeTypeName } from './acknowledgements.js';

/** One record acquired for this member. */
export interface ShareRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Milliseconds since the epoch (create or log-append time, per the topic). */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
  /** How many times the group has handed this record out, this time included (1 on first delivery). */
  readonly deliveryCount: number;
  /**
   * When the acquisition lock ends (ms since the epoch, this process's clock; measured from the
   * moment the fetch was sent, so it errs early): after it the broker may give the record to
   * another member, and an acknowledgement fails. `renew()` moves it.
   */
  readonly lockDeadline: number;
  /** The acknowledgement given so far, if any (`renew` keeps it unacknowledged). */
  readonly acknowledgement: AcknowledgeTypeName | undefined;
  /** Processed: done for the group. */
  accept(): void;
  /** Not processed: available again at once, to any member (its delivery count grows). */
  release(): void;
  /** Unprocessable: archived, never delivered again. */
  reject(): void;
  /**
   * Keeps the lock for another lock duration (ShareAcknowledge v2, KIP-1222); resolves when the
   * broker answered, with `lockDeadline` moved. Rejects with the broker's error (an
   * `UnsupportedVersionError` on a broker without renewals).
   */
  renew(): Promise<void>;
}

/** Where a record's acknowledgements go (the share consumer). */
export interface RecordAcknowledger {
  acknowledge(record: AcquiredRecord, type: AcknowledgeTypeName): void;
  renew(record: AcquiredRecord): Promise<void>;
}

/** {@link ShareRecord} as the share consumer keeps it: with the broker it came from. */
export class AcquiredRecord implements ShareRecord {
  acknowledgement: AcknowledgeTypeName | undefined;
  /** Handed to the application (a record still buffered is released on close). */
  handedOut = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: bigint,
    readonly timestamp: number,
    readonly key: Buffer | null,
    readonly value: Buffer | null,
    readonly headers: readonly RecordHeader[],
    readonly deliveryCount: number,
    public lockDeadline: number,
    /** The broker that acquired it: its acknowledgements go there (the share-partition's leader then). */
    readonly nodeId: number,
    private readonly acknowledger: RecordAcknowledger,
  ) {}

  accept(): void {
    this.acknowledger.acknowledge(this, 'accept');
  }

  release(): void {
    this.acknowledger.acknowledge(this, 'release');
  }

  reject(): void {
    this.acknowledger.acknowledge(this, 'reject');
  }

  renew(): Promise<void> {
    return this.acknowledger.renew(this);
  }
}

/** The records of one partition's ShareFetch answer, and the acquired offsets that had none. */
export interface AcquiredRecords {
  readonly records: AcquiredRecord[];
  /** Acquired offsets inside the returned batches' span with no record (compacted, control): GAP. */
  readonly gaps: bigint[];
  /**
   * Acquired offsets past the last whole batch returned (a batch cut off by the response's size
   * limit, or no records at all): their records exist but were not sent, so they are released,
   * never acknowledged as gaps (a gap ends a record for good).
   */
  readonly unreturned: bigint[];
}

/** Context of {@link acquiredShareRecords}: where the records came from. */
export interface AcquiredFrom {
  readonly topic: string;
  readonly partition: number;
  readonly nodeId: number;
  readonly lockDeadline: number;
  readonly acknowledger: RecordAcknowledger;
}

/**
 * The records of `batches` (the whole batches of the answer) whose offsets lie in `acquired`
 * (the broker's `AcquiredRecords` ranges), in offset order; control batches are never handed
 * out. An acquired offset without a record is a gap only up to the last offset the batches
 * span (`baseOffset + lastOffsetDelta`, which compaction keeps); past it, it is unreturned.
 */
export function acquiredShareRecords(
  batches: readonly RecordBatch[],
  acquired: readonly ShareFetchResponseAcquiredRecords[],
  from: AcquiredFrom,
): AcquiredRecords {
  const records: AcquiredRecord[] = [];
  const found = new Set<bigint>();
  const countOf = (offset: bigint): number | undefined => {
    for (const r of acquired) if (offset >= r.firstOffset && offset <= r.lastOffset) return r.deliveryCount;
    return undefined;
  };
  let spanEnd = -1n;
  for (const batch of batches) {
    const last = batch.baseOffset + BigInt(batch.lastOffsetDelta);
    if (last > spanEnd) spanEnd = last;
    if (batch.isControl) continue;
    for (const r of batch.records) {
      const offset = recordOffset(batch, r);
      const deliveryCount = countOf(offset);
      if (deliveryCount === undefined) continue;
      found.add(offset);
      records.push(
        new AcquiredRecord(
          from.topic,
          from.partition,
          offset,
          recordTimestamp(batch, r),
          r.key,
          r.value,
          r.headers,
          deliveryCount,
          from.lockDeadline,
          from.nodeId,
          from.acknowledger,
        ),
      );
    }
  }
  const gaps: bigint[] = [];
  const unreturned: bigint[] = [];
  for (const r of acquired)
    for (let o = r.firstOffset; o <= r.lastOffset; o++)
      if (!found.has(o)) (o <= spanEnd ? gaps : unreturned).push(o);
  return { records, gaps, unreturned };
}
