/**
 * The consumer's state of one assigned partition (Java `SubscriptionState.TopicPartitionState`
 * plus the fetch buffer): what the partition waits for ({@link FetchState}), the position the
 * application has reached, the offset the next fetch asks for (ahead of the position by what is
 * buffered), the buffered fetches (`completed-fetch.ts`), the broker's watermarks.
 *
 * Every change goes through a method of {@link PartitionState}; its fields are written nowhere
 * else (`test/unit/consumer/partition-state-writes.test.ts` scans `src/` for it). A method
 * called in a state it does not expect throws {@link InternalStateError}: that is a bug.
 *
 * ```text
 *  initializing --(no committed offset / no group)--> awaiting-reset
 *       |                                                  |
 *       | committed offset          ListOffsets answer     |
 *       v                                                  v
 *  fetchable <------------------------------------------- (moveTo)
 *    |    ^  \-- OFFSET_OUT_OF_RANGE, truncation the leader cannot place --> awaiting-reset
 *    |    |
 *    |    +-- validated / leader too old --+
 *    |                                     |
 *    +-- new leader epoch, committed  --> awaiting-validation (KIP-320)
 *        offset with an epoch
 *
 *  any state but failed --(error to report)--> failed --(seek, rewind)--> fetchable
 *  seek, and a reset's or a committed offset's answer (moveTo), lead from any state to fetchable
 * ```
 *
 * Pause and revocation are orthogonal flags, as in Java (`TopicPartitionState.paused`,
 * `pendingRevocation`): a paused partition keeps its fetch state, so its position is still
 * reset or validated while paused and it resumes where it was; only fetching and handing out
 * stop. Likewise at most one request about the partition is in flight ({@link InFlight}) in
 * any state: a seek during a fetch moves the state at once, but the partition is not fetched
 * again until that fetch returns (its answer is then dropped by the generation check).
 *
 * Each offset carries the leader epoch of the record before it (KIP-320: the
 * `partitionLeaderEpoch` of its batch), so a leader change can be checked for log truncation
 * (`position-validation.ts`, Java's `AWAIT_VALIDATION` fetch state).
 */

import { KafeError } from '../protocol/errors.js';
import type { RecordBatch } from '../protocol/records/record-batch.js';
import type { CompletedFetch } from './completed-fetch.js';
import { InternalStateError } from './errors.js';

/** One partition's records from one fetch response (all of them, or a piece of a large one), as handed to the application. */
export interface FetchedChunk {
  readonly topic: string;
  readonly partition: number;
  /** Record batches with the records to process, in offset order. */
  readonly batches: readonly RecordBatch[];
  /** Records in `batches`. */
  readonly count: number;
  /** The partition's position once this chunk is processed (moved on by control batches after it). */
  nextOffset: bigint;
  /** Leader epoch of the last record before `nextOffset` (-1 when unknown). */
  nextEpoch: number;
  /** High watermark when the chunk was fetched. */
  readonly highWatermark: bigint;
  /** Bytes the chunk's records are views into (decompressed sizes for compressed batches). */
  readonly bytes: number;
  /** The partition's generation when fetched: a seek or reassignment makes the chunk stale. */
  readonly generation: number;
}

/**
 * What a partition waits for (Java `SubscriptionState.FetchStates`):
 * - `initializing`: no position yet; the group's committed offset is looked up first
 *   (Java `INITIALIZING`);
 * - `awaiting-reset`: no position; `autoOffsetReset` gives one by ListOffsets (`AWAIT_RESET`);
 * - `awaiting-validation`: a position, to be checked against the leader's log before the next
 *   fetch (KIP-320, `AWAIT_VALIDATION`);
 * - `fetchable`: a valid position (`FETCHING`);
 * - `failed`: an error the application must decide on (`error` until it is reported once);
 *   not fetched again until a seek. It keeps whatever position it had, and its buffered
 *   chunks are still handed out.
 */
export type FetchState =
  | { readonly kind: 'initializing' }
  | {
      readonly kind: 'awaiting-reset';
      /** Where to, when asked for (`seekToBeginning` / `seekToEnd`); else `autoOffsetReset` decides. */
      readonly to?: 'earliest' | 'latest';
      /**
       * The fetch offset the leader answered OFFSET_OUT_OF_RANGE for, when that is why: the
       * reset is then reported against it (records skipped when the log start passed it).
       */
      readonly outOfRange?: bigint;
    }
  | { readonly kind: 'awaiting-validation' }
  | { readonly kind: 'fetchable' }
  | { readonly kind: 'failed'; readonly error: KafeError | undefined };

/** The request about a partition in flight: an offset lookup (committed, then ListOffsets), OffsetsForLeaderEpoch, or Fetch. */
export type InFlight = 'offset-lookup' | 'validation' | 'fetch';

type Kind = FetchState['kind'];

const INITIALIZING: FetchState = { kind: 'initializing' };
const AWAITING_RESET: FetchState = { kind: 'awaiting-reset' };
const AWAITING_VALIDATION: FetchState = { kind: 'awaiting-validation' };
const FETCHABLE: FetchState = { kind: 'fetchable' };

/** The state of one assigned partition; see the module comment. */
export class PartitionState {
  private current: FetchState = INITIALIZING;
  private readonly fetches: CompletedFetch[] = [];
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
  /** Failed validation attempts in a row (bounded, then the error is reported). */
  validationAttempts = 0;
  /** Bumped by seek, reset and reassignment; fetched data and lookups of an older generation are dropped. */
  generation = 0;
  /** The request about this partition in flight, if any. */
  inFlight: InFlight | undefined;
  /** Not fetched nor handed out until resumed (its fetch state goes on). */
  paused = false;
  /** Being revoked by a rebalance: neither fetched nor handed out any more. */
  revoking = false;
  /** No request about this partition before this time (ms since epoch), after a retriable error. */
  backoffUntil = 0;
  /** Bytes of the buffered fetches as received (the prefetch bound is checked against it). */
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

  /** What the partition waits for. */
  get state(): FetchState {
    return this.current;
  }

  /** Whether fetched records wait to be taken. */
  get hasBuffered(): boolean {
    return this.fetches.length > 0;
  }

  /**
   * Moves both offsets to `offset` (the record before it of leader `epoch`, -1 when unknown)
   * and drops what is buffered (seek, reset, rewind): any state becomes `fetchable`, an error
   * not reported yet is dropped, a pending validation too.
   */
  moveTo(offset: bigint, epoch = -1): void {
    this.generation++;
    this.position = offset;
    this.fetchOffset = offset;
    this.takenOffset = offset;
    this.positionEpoch = epoch;
    this.fetchEpoch = epoch;
    this.takenEpoch = epoch;
    this.validationAttempts = 0;
    this.dropBuffer();
    this.current = FETCHABLE;
  }

  /** `initializing` → `awaiting-reset`: the group has no committed offset for it (or there is no group). */
  noCommittedOffset(): void {
    this.expect('noCommittedOffset', 'initializing');
    this.current = AWAITING_RESET;
  }

  /**
   * Forgets the position, to be reset by the policy: OFFSET_OUT_OF_RANGE for `outOfRange` (the
   * offset fetched), or a truncation the leader cannot place.
   */
  invalidate(outOfRange?: bigint): void {
    this.expect('invalidate', 'fetchable', 'awaiting-validation');
    this.forgetPosition();
    this.current = outOfRange === undefined ? AWAITING_RESET : { kind: 'awaiting-reset', outOfRange };
  }

  /**
   * Any state → `awaiting-reset` to the earliest or the latest offset, looked up by ListOffsets
   * (Java `seekToBeginning` / `seekToEnd`, lazily evaluated as there): the position is
   * forgotten and what is buffered dropped; the group's committed offset is not consulted.
   */
  resetTo(to: 'earliest' | 'latest'): void {
    this.forgetPosition();
    this.current = { kind: 'awaiting-reset', to };
  }

  /** No position any more, nothing buffered; answers already on their way are stale. */
  private forgetPosition(): void {
    this.generation++;
    this.position = undefined;
    this.fetchOffset = undefined;
    this.takenOffset = undefined;
    this.positionEpoch = -1;
    this.fetchEpoch = -1;
    this.takenEpoch = -1;
    this.validationAttempts = 0;
    this.dropBuffer();
  }

  /** `fetchable` → `awaiting-validation`: a committed offset with an epoch becomes the position (Java `seekUnvalidated`). */
  awaitValidation(): void {
    this.expect('awaitValidation', 'fetchable');
    this.current = AWAITING_VALIDATION;
  }

  /**
   * Notes the partition's current leader epoch from metadata. A newer one than the position was
   * checked against starts a validation when the position's epoch is known (Java
   * `maybeValidatePositionForCurrentLeader`); without one there is nothing to ask. Returns
   * whether the partition awaits validation.
   */
  observeLeaderEpoch(current: number): boolean {
    this.expect('observeLeaderEpoch', 'fetchable', 'awaiting-validation');
    if (current > this.leaderEpoch) {
      if (this.leaderEpoch >= 0 && this.fetchEpoch >= 0) this.current = AWAITING_VALIDATION;
      this.leaderEpoch = current;
    }
    return this.current === AWAITING_VALIDATION;
  }

  /**
   * The leader answered where our last fetched epoch ends (OffsetsForLeaderEpoch, or a Fetch's
   * `divergingEpoch` while `fetchable`): the partition is `fetchable` again; the caller then
   * applies the answer.
   */
  validated(): void {
    this.expect('validated', 'awaiting-validation', 'fetchable');
    this.validationAttempts = 0;
    this.current = FETCHABLE;
  }

  /** `awaiting-validation` → `fetchable` unchecked: the leader is too old for a consumer's OffsetsForLeaderEpoch (as Java). */
  skipValidation(): void {
    this.expect('skipValidation', 'awaiting-validation');
    this.current = FETCHABLE;
  }

  /** Counts a failed validation attempt; returns the attempts in a row. */
  validationFailed(): number {
    this.expect('validationFailed', 'awaiting-validation');
    return ++this.validationAttempts;
  }

  /** Drops the buffer and fetches again from `offset` (records not handed out diverged from the leader's log). */
  refetchFrom(offset: bigint, epoch: number): void {
    this.expect('refetchFrom', 'fetchable');
    this.dropBuffer();
    this.fetchOffset = offset;
    this.fetchEpoch = epoch;
  }

  /** The next fetch names `epoch` as its last fetched epoch when lower (the epoch the leader knows). */
  lowerFetchEpoch(epoch: number): void {
    if (epoch < this.fetchEpoch) this.fetchEpoch = epoch;
  }

  /** Any state but `failed` → `failed`: `error` is reported to the application once. */
  fail(error: KafeError): void {
    this.expect('fail', 'initializing', 'awaiting-reset', 'awaiting-validation', 'fetchable');
    this.current = { kind: 'failed', error };
  }

  /** The error to report, once: the partition stays `failed`, its error reported. */
  takeError(): KafeError | undefined {
    if (this.current.kind !== 'failed') return undefined;
    const error = this.current.error;
    if (error !== undefined) this.current = { kind: 'failed', error: undefined };
    return error;
  }

  /** Marks a request about the partition in flight; one at a time. */
  begin(request: InFlight): void {
    if (this.inFlight !== undefined)
      throw new InternalStateError(this.describe(`begin ${request} while ${this.inFlight} is in flight`));
    this.inFlight = request;
  }

  /** Marks the request `begin` marked as returned. */
  end(request: InFlight): void {
    if (this.inFlight !== request)
      throw new InternalStateError(
        this.describe(`end ${request} while ${this.inFlight ?? 'nothing'} is in flight`),
      );
    this.inFlight = undefined;
  }

  /** No request about the partition before `until` (ms since epoch). */
  backOff(until: number): void {
    this.backoffUntil = until;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Given up by a rebalance: nothing more is fetched or handed out (no way back: it is removed next). */
  revoke(): void {
    this.revoking = true;
  }

  /** Removed from the assignment: the buffer goes, and answers still in flight are dropped. */
  unassign(): void {
    this.generation++;
    this.dropBuffer();
  }

  /** Watermarks and (with a rack, KIP-392) the preferred read replica from a fetch response. */
  updateFromFetch(log: {
    readonly highWatermark: bigint;
    readonly lastStableOffset: bigint;
    readonly logStartOffset: bigint;
    readonly preferredReadReplica: number | undefined;
  }): void {
    this.highWatermark = log.highWatermark;
    this.lastStableOffset = log.lastStableOffset;
    if (log.logStartOffset >= 0n) this.logStartOffset = log.logStartOffset;
    if (log.preferredReadReplica !== undefined) this.preferredReadReplica = log.preferredReadReplica;
  }

  /** Back to fetching from the leader (it moved, or the replica failed us). */
  forgetReadReplica(): void {
    this.preferredReadReplica = -1;
  }

  /** Buffers a fetch's records: the next fetch starts after them. */
  append(fetch: CompletedFetch): void {
    this.expect('append', 'fetchable');
    this.fetches.push(fetch);
    this.bufferedBytes += fetch.bytes;
    this.fetchOffset = fetch.nextOffset;
    this.fetchEpoch = fetch.nextEpoch;
  }

  /**
   * Moves past fetched batches with nothing to hand out (control or aborted batches): the next
   * fetch starts at `offset`, and the position follows once the buffer is drained.
   */
  skipTo(offset: bigint, epoch: number): void {
    this.expect('skipTo', 'fetchable');
    this.fetchOffset = offset;
    this.fetchEpoch = epoch;
    const last = this.fetches.at(-1);
    if (last === undefined) this.movePast(offset, epoch);
    else last.extendTo(offset, epoch);
  }

  /**
   * Hands out the next piece of the oldest buffered fetch, its records decoded up to about
   * `maxBytes` (Java `CompletedFetch#fetchRecords`): they count as seen, and a fetch leaves the
   * prefetch bound once its last piece is taken. Undefined when nothing is left to hand out.
   * Records that cannot be decoded fail the partition (the error is reported by the next take)
   * and drop its buffer.
   */
  take(maxBytes: number): FetchedChunk | undefined {
    for (let fetch = this.fetches[0]; fetch !== undefined; fetch = this.fetches[0]) {
      let piece: ReturnType<CompletedFetch['next']>;
      try {
        piece = fetch.next(maxBytes);
      } catch (error) {
        this.dropBuffer();
        if (this.current.kind !== 'failed')
          this.fail(
            error instanceof KafeError
              ? error
              : new KafeError('UNKNOWN_ERROR', String(error), { cause: error }),
          );
        return undefined;
      }
      if (fetch.exhausted) {
        this.fetches.shift();
        this.bufferedBytes -= fetch.bytes;
      }
      if (piece.count === 0) {
        // Only batches with nothing to hand out: the previous chunk was processed before this
        // take (a partition's chunks are taken one at a time), so the position follows.
        this.movePast(piece.nextOffset, piece.nextEpoch);
        continue;
      }
      this.takenOffset = piece.nextOffset;
      this.takenEpoch = piece.nextEpoch;
      return {
        topic: this.topic,
        partition: this.partition,
        batches: piece.batches,
        count: piece.count,
        nextOffset: piece.nextOffset,
        nextEpoch: piece.nextEpoch,
        highWatermark: fetch.highWatermark,
        bytes: piece.bytes,
        generation: this.generation,
      };
    }
    return undefined;
  }

  /** The application processed records up to `offset` (exclusive), the last of leader `epoch`. */
  processedTo(offset: bigint, epoch: number): void {
    this.position = offset;
    this.positionEpoch = epoch;
  }

  private dropBuffer(): void {
    this.fetches.length = 0;
    this.bufferedBytes = 0;
  }

  private movePast(offset: bigint, epoch: number): void {
    this.position = this.takenOffset = offset;
    this.positionEpoch = this.takenEpoch = epoch;
  }

  private expect(transition: string, ...from: Kind[]): void {
    if (!from.includes(this.current.kind))
      throw new InternalStateError(this.describe(`${transition} from ${this.current.kind}`));
  }

  private describe(what: string): string {
    return `${this.topic}/${this.partition}: illegal partition state transition: ${what}`;
  }
}
