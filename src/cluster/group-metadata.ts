/**
 * A consumer's place in its group at one moment (Java: `ConsumerGroupMetadata`), handed from
 * the consumer (`consumer.groupMetadata()`) to a transactional producer's
 * `sendOffsetsToTransaction` (KIP-447): the group coordinator refuses offsets committed in a
 * transaction under a generation or member id that is no longer current, so a zombie member
 * cannot commit for partitions that moved on. Here because both clients use it and neither may
 * import the other.
 */

/** A consumer group member's identity, as a transactional offset commit carries it. */
export interface ConsumerGroupMetadata {
  /** The group id. */
  readonly groupId: string;
  /** Generation (classic protocol) or member epoch (KIP-848); -1 outside the group. */
  readonly generationId: number;
  /** Member id; empty outside the group. */
  readonly memberId: string;
  /** Static membership's instance id (KIP-345), or null. */
  readonly groupInstanceId: string | null;
}
