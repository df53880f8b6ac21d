/**
 * Classic-group assignors that frame their own bytes: the member's JoinGroup metadata for the
 * protocol and, as leader, every member's SyncGroup assignment, with as much time as they need
 * (a promise). This is how another client library's own group protocol runs on kafe's group
 * membership: KafkaJS's custom partition assigners (`kafe/kafkajs`) are asynchronous and read and
 * write raw buffers. The assignment a member receives is read as the consumer protocol's
 * (`ConsumerProtocolAssignment`), the layout KafkaJS's `MemberAssignment` writes too.
 */
import type { Assignor } from './assignor.js';

/** A member as the leader sees it in the JoinGroup response, its metadata as it sent it. */
export interface FramedGroupMember {
  readonly memberId: string;
  /** Static membership id (KIP-345), null for a dynamic member. */
  readonly groupInstanceId: string | null;
  readonly metadata: Uint8Array;
}

/** An assignor that frames its own metadata and assignments. */
export interface FramingAssignor {
  /** The protocol name offered in JoinGroup. */
  readonly name: string;
  /** This member's JoinGroup metadata for the protocol, given the topics it subscribes to. */
  metadata(topics: readonly string[]): Uint8Array | Promise<Uint8Array>;
  /**
   * As the group's leader: each member's SyncGroup assignment bytes, by member id (a member left
   * out gets an empty assignment, nothing). `topics` are the leader's own subscription, whose
   * metadata kafe refreshed just before. The promise must settle within the group's rebalance
   * timeout (the broker drops a leader that takes longer); `signal` aborts when the consumer closes.
   */
  assign(
    members: readonly FramedGroupMember[],
    topics: readonly string[],
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, Uint8Array>>;
}

/** Whether `assignor` frames its own bytes (it has `metadata`). */
export function isFramingAssignor(assignor: Assignor | FramingAssignor): assignor is FramingAssignor {
  return typeof (assignor as FramingAssignor).metadata === 'function';
}
