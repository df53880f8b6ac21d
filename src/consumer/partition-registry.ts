/**
 * The assigned partitions and their states (the assignment half of Java's `SubscriptionState`),
 * and the application's side of them: chunks handed out round-robin, positions moved as the
 * application processes them, chunks given back. Fetching, resets and validation act on the
 * same states from `fetcher.ts` and its parts.
 */
import { topicPartitionKey } from '../cluster/topic-partition.js';
import type { KafeError } from '../protocol/errors.js';
import { type FetchedChunk, PartitionState } from './partition-state.js';

/** A partition to assign, at `offset` when given. */
export interface PartitionToAdd {
  readonly topic: string;
  readonly partition: number;
  readonly offset?: bigint | undefined;
}

/** The assigned partitions' states, by topic and partition. */
export class PartitionRegistry {
  private readonly states = new Map<string, PartitionState>();
  /** Round-robin start for {@link take}, so no partition is always served first. */
  private nextTake = 0;

  /** The assigned partitions' states. */
  values(): IterableIterator<PartitionState> {
    return this.states.values();
  }

  /** The state of a partition, if assigned. */
  get(topic: string, partition: number): PartitionState | undefined {
    return this.states.get(topicPartitionKey(topic, partition));
  }

  /** Whether `s` is still assigned and was not moved (seek, reset, rewind) since `generation`: an answer about it still applies. */
  isCurrent(s: PartitionState, generation: number): boolean {
    return s.generation === generation && this.states.get(topicPartitionKey(s.topic, s.partition)) === s;
  }

  /**
   * Adds partitions (at `offset`, or `initializing` when absent). A partition already assigned
   * keeps its state unless an offset is given.
   */
  add(partitions: readonly PartitionToAdd[]): void {
    for (const p of partitions) {
      const k = topicPartitionKey(p.topic, p.partition);
      let s = this.states.get(k);
      if (s === undefined) {
        s = new PartitionState(p.topic, p.partition);
        this.states.set(k, s);
      }
      if (p.offset !== undefined) s.moveTo(p.offset);
    }
  }

  /** Removes partitions: their buffers are dropped and late answers for them ignored. */
  remove(partitions: readonly { topic: string; partition: number }[]): void {
    for (const p of partitions) {
      const k = topicPartitionKey(p.topic, p.partition);
      this.states.get(k)?.unassign();
      this.states.delete(k);
    }
  }

  /**
   * The next chunk (records decoded up to about `maxBytes`) of a partition that is not paused,
   * revoked, awaiting validation or in `busy`, round-robin over partitions. A partition's error to report is thrown instead
   * (once).
   */
  take(maxBytes: number, busy?: { has(key: string): boolean }): FetchedChunk | undefined {
    const all = [...this.states.values()];
    const n = all.length;
    for (let i = 0; i < n; i++) {
      const s = all[(this.nextTake + i) % n]!;
      const error: KafeError | undefined = s.takeError();
      if (error !== undefined) throw error;
      // A position being validated (KIP-320) hands nothing out: its buffer may be what diverged.
      if (
        s.paused ||
        s.revoking ||
        s.state.kind === 'awaiting-validation' ||
        !s.hasBuffered ||
        busy?.has(topicPartitionKey(s.topic, s.partition))
      )
        continue;
      const chunk = s.take(maxBytes);
      if (chunk === undefined) {
        // Nothing to hand out after all (control batches), or records that failed to decode.
        const failed = s.takeError();
        if (failed !== undefined) throw failed;
        continue;
      }
      this.nextTake = (this.nextTake + i + 1) % n;
      return chunk;
    }
    return undefined;
  }

  /** Records that the application processed `chunk` (the position moves past it, unless a seek intervened). */
  processed(chunk: FetchedChunk): void {
    this.current(chunk)?.processedTo(chunk.nextOffset, chunk.nextEpoch);
  }

  /** Records that the application processed `chunk` up to `offset` (exclusive): the position for a partial batch. */
  processedTo(chunk: FetchedChunk, offset: bigint): void {
    this.current(chunk)?.processedTo(offset, epochBefore(chunk, offset));
  }

  /**
   * Gives back a chunk taken but not (fully) processed: the partition is fetched again from its
   * position, so nothing after it is skipped. Returns whether the partition moved.
   */
  rewind(chunk: FetchedChunk): boolean {
    const s = this.current(chunk);
    if (s?.position === undefined) return false;
    s.moveTo(s.position, s.positionEpoch);
    return true;
  }

  /** The state `chunk` came from, unless it was removed or moved since. */
  private current(chunk: FetchedChunk): PartitionState | undefined {
    const s = this.states.get(topicPartitionKey(chunk.topic, chunk.partition));
    return s === undefined || s.generation !== chunk.generation ? undefined : s;
  }
}

/** Leader epoch of the record before `offset` in `chunk` (the batch holding `offset - 1`). */
function epochBefore(chunk: FetchedChunk, offset: bigint): number {
  let epoch = -1;
  for (const b of chunk.batches) {
    if (b.baseOffset >= offset) break;
    epoch = b.partitionLeaderEpoch;
  }
  return epoch;
}
