/**
 * The consumer's state of one assigned partition (Java `SubscriptionState.TopicPartitionState`
 * plus the fetch buffer): the position the application has reached, the offset the next fetch
 * asks for (ahead of the position by what is buffered), the buffered chunks and their bytes,
 * pause, the broker's watermarks, and the error to report.
 *
 * Each offset carries the leader epoch of the record before it (KIP-320: the
 * `partitionLeaderEpoch` of its batch), so a leader change can be checked for log truncation
 * (`position-validation.ts`, Java's `AWAIT_VALIDATION` fetch state).
 */
import type { KafeError } from '../protocol/errors.js';
import type { RecordBatch } from '../protocol/records/record-batch.js';

/** One partition's records from one fetch response, as handed to the application. */
export interface FetchedChunk {
  readonly topic: string;
  readonly partition: number;
  /** Record batches with the records to process, in offset order. */
  readonly batches: readonly RecordBatch[];
  /** Records in `batches`. */
  readonly count: number;
  /** The partition's position once this chunk is processed. */
  nextOffset: bigint;
  /** Leader epoch of the last record before `nextOffset` (-1 when unknown). */
  nextEpoch: number;
  /** High watermark when the chunk was fetched. */
  readonly highWatermark: bigint;
  /** Bytes the chunk holds (counted against the prefetch bound while buffered). */
  readonly bytes: number;
  /** The partition's generation when fetched: a seek or reassignment makes the chunk stale. */
  readonly generation: number;
}

/** The state of one assigned partition. */
export class PartitionState {
  /** Next offset to hand out / commit; undefined until known (committed, reset, or seek). */
  position: bigint | undefined;
  /** Leader epoch of the last record before `position` (-1: unknown); committed with it. */
  positionEpoch = -1;
  /** Next offset to fetch: the position plus what is buffered. */
  fetchOffset: bigint | undefined;
  /** Leader epoch of the last record before `fetchOffset` (Fetch v12+ `lastFetchedEpoch`). */
  fetchEpoch = -1;
  /**
   * End of the chunks handed to the application (processed or not), and its epoch: records
   * below it have been seen, so a truncation below it cannot be hidden by refetching.
   */
  takenOffset: bigint | undefined;
  takenEpoch = -1;
  /** Leader epoch the position was last checked against (-1 before the first fetch). */
  leaderEpoch = -1;
  /** The position must be checked with OffsetsForLeaderEpoch before the next fetch. */
  validating = false;
  /** An OffsetsForLeaderEpoch for this partition is in flight. */
  validationInFlight = false;
  /** Failed validation attempts in a row (bounded, then the error is reported). */
  validationAttempts = 0;
  /** Bumped by seek and reassignment; fetched data and lookups of an older generation are dropped. */
  generation = 0;
  paused = false;
  /** Being revoked by a rebalance: neither fetched nor handed out any more. */
  revoking = false;
  /** An offset lookup (ListOffsets) is in flight. */
  resetting = false;
  /** The group's committed offset was looked up (only the first position comes from it). */
  committedChecked = false;
  /** A fetch naming this partition is in flight. */
  fetching = false;
  /** No fetch before this time (ms since epoch), after a retriable error. */
  retryAt = 0;
  /** An error to report once; the partition is not fetched again until a seek. */
  error: KafeError | undefined;
  failed = false;
  readonly buffer: FetchedChunk[] = [];
  bufferedBytes = 0;
  highWatermark = -1n;
  lastStableOffset = -1n;
  logStartOffset = -1n;
  /** Replica to fetch from (KIP-392), -1 for the leader. */
  preferredReadReplica = -1;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /**
   * Moves both offsets to `offset` (the record before it of leader `epoch`, -1 when unknown)
   * and drops what is buffered (seek, reset, rewind). A pending validation is dropped.
   */
  moveTo(offset: bigint, epoch = -1): void {
    this.generation++;
    this.committedChecked = true;
    this.position = offset;
    this.fetchOffset = offset;
    this.takenOffset = offset;
    this.positionEpoch = epoch;
    this.fetchEpoch = epoch;
    this.takenEpoch = epoch;
    this.validating = false;
    this.validationAttempts = 0;
    this.clearBuffer();
    this.error = undefined;
    this.failed = false;
  }

  /** Forgets the position (to be reset by the policy). */
  invalidate(): void {
    this.generation++;
    this.position = undefined;
    this.fetchOffset = undefined;
    this.takenOffset = undefined;
    this.positionEpoch = -1;
    this.fetchEpoch = -1;
    this.takenEpoch = -1;
    this.validating = false;
    this.validationAttempts = 0;
    this.clearBuffer();
  }

  clearBuffer(): void {
    this.buffer.length = 0;
    this.bufferedBytes = 0;
  }
}
