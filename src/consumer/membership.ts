/**
 * What the consumer needs from a group protocol: the classic one (`group-membership.ts`: with an
 * eager assignor every partition is given up at each rebalance, with `cooperative-sticky`
 * (KIP-429) only those that move) or KIP-848's (`kip848-membership.ts`, incremental too).
 */

import type { TopicPartition } from '../cluster/topic-partition.js';
import type { KafeError } from '../protocol/errors.js';

/** Why the assignment must change. */
export type ChangeReason = 'rebalance' | 'lost' | 'stale';

/** One consumer's membership in a group. */
export interface Membership {
  /** Member id (empty before joining). */
  readonly memberId: string;
  /** Generation (classic) or member epoch (KIP-848); -1 outside the group. Sent with commits. */
  readonly generationId: number;
  /**
   * An error after which the member can never rejoin (classic: FENCED_INSTANCE_ID, another
   * process has this static id). Once set, {@link nextAssignment} throws it and the consumer
   * stops taking part in the group instead of retrying.
   */
  readonly fatal: KafeError | undefined;
  /** Set when the assignment must change; cleared by {@link nextAssignment}. */
  readonly changeNeeded: ChangeReason | undefined;
  /** Joins if needed and resolves with the partitions this member may own now. */
  nextAssignment(signal: AbortSignal): Promise<TopicPartition[]>;
  /** Resolves when the assignment must change (or the membership stops). */
  waitForChange(): Promise<void>;
  /**
   * On a `rebalance` change, which of `owned` the member keeps until the new assignment says
   * otherwise (KIP-848: those still in the target; classic: all with a cooperative assignor,
   * none with an eager one).
   */
  keep(owned: readonly TopicPartition[]): TopicPartition[];
  /** Reports the partitions now owned (KIP-848 acknowledges revocations with them). */
  owned(partitions: readonly TopicPartition[]): void;
  /** Stops, and leaves the group unless the member is static. Every call returns the same promise. */
  close(): Promise<void>;
}
