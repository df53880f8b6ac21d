/**
 * Uniform sticky partitioning for keyless records (KIP-794; Java's `BuiltInPartitioner`): all
 * keyless records of a topic go to one partition until about `batchSize` bytes were appended to
 * it, then a new partition is picked at random among those with a leader. Batches fill up
 * (fewer, larger requests) while, over time, every partition receives the same number of bytes
 * (KIP-480's sticky partitioner switched per new batch, which starved fast partitions' peers).
 *
 * Given a {@link PartitionLoadSource} (the producer passes one unless
 * `partitionerAdaptivePartitioning` is off), the switch is adaptive as Java's: partitions whose
 * leader has less queued are likelier (`adaptive-choice.ts`). Without one, or when every leader
 * is equally loaded, the pick is uniform.
 */
import { adaptiveChoice, type PartitionLoadSource } from './adaptive-choice.js';
import type { ArgumentPartitioner, PartitionerInput } from './partitioner.js';

interface StickyState {
  partition: number;
  producedBytes: number;
  /** The topic's partition count and available partitions when it was last picked, for switches from `onAppend`. */
  count: number;
  available: readonly number[];
}

/** Keyless records: stick to one partition for `batchSize` bytes, then switch (KIP-794). */
export class StickyPartitioner implements ArgumentPartitioner {
  private readonly topics = new Map<string, StickyState>();
  /**
   * The topic asked about last and its state: records of one topic in a row are the common
   * case, and two Map lookups per record (here and in {@link onAppend}) showed in profiles.
   */
  private lastTopic: string | undefined;
  private lastState: StickyState | undefined;

  /**
   * @param batchSize bytes to send to one partition before switching (the producer's batch size).
   * @param random source of randomness in [0, 1) (tests pass a seeded one).
   * @param load leaders' queued load, for adaptive switching (KIP-794); uniform without it.
   */
  constructor(
    private readonly batchSize: number,
    private readonly random: () => number = Math.random,
    private readonly load?: PartitionLoadSource,
  ) {}

  /** The topic's current sticky partition, picking one when there is none or it became invalid. */
  partition(input: PartitionerInput): number {
    return this.partitionOf(input.topic, input.key, input.partitionCount, input.availablePartitions);
  }

  /** {@link partition} without the input object (the producer's hot path); keys are ignored. */
  partitionOf(
    topic: string,
    _key: Uint8Array | null,
    partitionCount: number,
    availablePartitions: readonly number[],
  ): number {
    const state = this.stateOf(topic);
    if (state !== undefined && state.partition < partitionCount) return state.partition;
    return this.pick(topic, partitionCount, availablePartitions, -1);
  }

  /** Counts appended bytes and moves to another partition once `batchSize` is reached. */
  onAppend(topic: string, partition: number, bytes: number): void {
    const state = this.stateOf(topic);
    if (state === undefined || state.partition !== partition) return;
    state.producedBytes += bytes;
    if (state.producedBytes >= this.batchSize)
      this.pick(topic, state.count, state.available, state.partition);
  }

  private stateOf(topic: string): StickyState | undefined {
    if (topic === this.lastTopic) return this.lastState;
    const state = this.topics.get(topic);
    this.lastTopic = topic;
    this.lastState = state;
    return state;
  }

  private pick(topic: string, count: number, available: readonly number[], previous: number): number {
    // Prefer partitions with a leader; fall back to all of them (Java does the same).
    const choices = available.length > 0 ? available : Array.from({ length: count }, (_, i) => i);
    const load = this.load;
    if (load !== undefined && choices.length > 1) {
      const loads = choices.map((p) => load.leaderLoad(topic, p));
      const chosen = adaptiveChoice(choices, loads, this.random());
      if (chosen !== undefined) return this.stick(topic, chosen, count, available);
    }
    const previousIndex = choices.indexOf(previous);
    let index: number;
    if (choices.length <= 1) index = 0;
    else if (previousIndex < 0) index = Math.floor(this.random() * choices.length);
    else {
      // Uniform among the others, so a switch always moves (Java: `BuiltInPartitioner#nextPartition`).
      index = Math.floor(this.random() * (choices.length - 1));
      if (index >= previousIndex) index++;
    }
    return this.stick(topic, choices[index] ?? 0, count, available);
  }

  /** Makes `partition` the topic's sticky partition, with nothing produced to it yet. */
  private stick(topic: string, partition: number, count: number, available: readonly number[]): number {
    const state = this.stateOf(topic);
    if (state !== undefined) {
      state.partition = partition;
      state.producedBytes = 0;
      state.count = count;
      state.available = available;
    } else {
      const created = { partition, producedBytes: 0, count, available };
      this.topics.set(topic, created);
      this.lastTopic = topic;
      this.lastState = created;
    }
    return partition;
  }
}
