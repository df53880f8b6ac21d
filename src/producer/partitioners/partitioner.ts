/**
 * What a partitioner is: given a record's topic, key and value and the topic's partitions, the
 * partition to append it to (Java: `org.apache.kafka.clients.producer.Partitioner`). A record
 * with an explicit `partition` never reaches the partitioner.
 */

/** What a partitioner sees of one record. */
export interface PartitionerInput {
  /** Topic of the record. */
  readonly topic: string;
  /** Key bytes, `null` for a keyless record. */
  readonly key: Uint8Array | null;
  /** Value bytes, `null` for a tombstone. */
  readonly value: Uint8Array | null;
  /** How many partitions the topic has (from metadata). */
  readonly partitionCount: number;
  /**
   * Partitions that currently have a leader, ascending. Keyed partitioning must ignore it (a
   * key's partition may not depend on availability); keyless strategies prefer these.
   */
  readonly availablePartitions: readonly number[];
}

/** A user-supplied partitioning function: returns a partition in `[0, partitionCount)`. */
export type PartitionerFunction = (input: PartitionerInput) => number;

/** A partitioning strategy. One instance serves one producer. */
export interface Partitioner {
  /** The partition for this record. */
  partition(input: PartitionerInput): number;
  /**
   * Called after a record of `bytes` (estimated batch bytes) was appended to `partition`;
   * sticky strategies use it to decide when to move on (KIP-794). Optional.
   */
  onAppend?(topic: string, partition: number, bytes: number): void;
}

/**
 * A partitioner that also answers from plain arguments (the built-in ones): the producer calls
 * {@link partitionOf} on its hot path instead of making an input object per record. Same
 * answer as `partition` for the same record; a partitioner that needs the value does not
 * implement it.
 */
export interface ArgumentPartitioner extends Partitioner {
  /** The partition for a record of `topic` with `key`, as `partition` would choose. */
  partitionOf(
    topic: string,
    key: Uint8Array | null,
    partitionCount: number,
    availablePartitions: readonly number[],
  ): number;
}
