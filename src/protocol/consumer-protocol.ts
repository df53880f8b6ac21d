/**
 * The "consumer" embedded protocol of the classic group protocol (Java
 * `org.apache.kafka.clients.consumer.internals.ConsumerProtocol`): JoinGroup protocol metadata
 * is a version-prefixed `ConsumerProtocolSubscription`, SyncGroup assignments a
 * version-prefixed `ConsumerProtocolAssignment`. Written exactly as Java writes them, so kafe
 * and Java consumers can share a group; a newer version than kafe knows is read as the highest
 * it knows (the fields are appended, as Java's `checkSubscriptionVersion` assumes).
 */
import { DecodeError } from './errors.js';
import {
  type ConsumerProtocolAssignment,
  decodeConsumerProtocolAssignment,
  encodeConsumerProtocolAssignment,
} from './messages/consumer-protocol-assignment.js';
import {
  type ConsumerProtocolSubscription,
  decodeConsumerProtocolSubscription,
  encodeConsumerProtocolSubscription,
} from './messages/consumer-protocol-subscription.js';
import { Reader } from './primitives/reader.js';
import { Writer } from './primitives/writer.js';

/** Protocol type of consumer groups in JoinGroup (Java `ConsumerProtocol.PROTOCOL_TYPE`). */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';
/** Highest subscription version (3: rack id, KIP-881). */
export const SUBSCRIPTION_VERSION = 3;
/** Highest assignment version. */
export const ASSIGNMENT_VERSION = 3;

/** Partitions of one topic. */
export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** A member's subscription as sent in JoinGroup. */
export interface Subscription {
  readonly topics: readonly string[];
  readonly userData: Uint8Array | null;
  /** Partitions the member owns now (cooperative rebalancing, KIP-429). */
  readonly ownedPartitions: readonly TopicPartitions[];
  /** Generation of `ownedPartitions`, -1 when none. */
  readonly generationId: number;
  readonly rackId: string | null;
}

/** Encodes a subscription as JoinGroup protocol metadata. */
export function encodeSubscription(s: Subscription, version = SUBSCRIPTION_VERSION): Buffer {
  const w = new Writer(128);
  w.writeInt16(version);
  encodeConsumerProtocolSubscription(
    w,
    {
      topics: [...s.topics],
      userData: s.userData,
      ...(version >= 1
        ? {
            ownedPartitions: s.ownedPartitions.map((t) => ({
              topic: t.topic,
              partitions: [...t.partitions],
            })),
          }
        : {}),
      ...(version >= 2 ? { generationId: s.generationId } : {}),
      ...(version >= 3 ? { rackId: s.rackId } : {}),
    },
    version,
  );
  return w.finish();
}

/**
 * Decodes JoinGroup protocol metadata; bad bytes raise a `DecodeError`. Each version appends
 * fields to the one before, so metadata that ends where version 0's fields end is read as
 * version 0 whatever version it claims: KafkaJS writes version 0's layout under the version
 * number of the assigner that wrote it (custom assigners say 1 or more).
 */
export function decodeSubscription(data: Uint8Array): Subscription {
  const r = new Reader(data);
  const version = readVersion(r, SUBSCRIPTION_VERSION);
  let m: ConsumerProtocolSubscription;
  try {
    m = decodeConsumerProtocolSubscription(r, version);
  } catch (error) {
    if (version === 0 || !(error instanceof DecodeError)) throw error;
    const v0 = new Reader(data);
    v0.readInt16();
    m = decodeConsumerProtocolSubscription(v0, 0);
    if (v0.remaining !== 0) throw error;
  }
  return {
    topics: m.topics,
    userData: m.userData,
    ownedPartitions: m.ownedPartitions,
    generationId: m.generationId,
    rackId: m.rackId,
  };
}

/** Encodes an assignment for SyncGroup. */
export function encodeAssignment(
  partitions: readonly TopicPartitions[],
  userData: Uint8Array | null = null,
  version = ASSIGNMENT_VERSION,
): Buffer {
  const w = new Writer(128);
  w.writeInt16(version);
  encodeConsumerProtocolAssignment(
    w,
    {
      assignedPartitions: partitions.map((t) => ({ topic: t.topic, partitions: [...t.partitions] })),
      userData,
    },
    version,
  );
  return w.finish();
}

/** Decodes a SyncGroup assignment (empty bytes: nothing assigned, as Java treats them). */
export function decodeAssignment(data: Uint8Array): {
  partitions: TopicPartitions[];
  userData: Uint8Array | null;
} {
  if (data.length === 0) return { partitions: [], userData: null };
  const r = new Reader(data);
  const m: ConsumerProtocolAssignment = decodeConsumerProtocolAssignment(
    r,
    readVersion(r, ASSIGNMENT_VERSION),
  );
  return { partitions: m.assignedPartitions, userData: m.userData };
}

function readVersion(r: Reader, highest: number): number {
  if (r.remaining < 2) throw new DecodeError('consumer protocol: missing version', r.offset);
  const version = r.readInt16();
  if (version < 0) throw new DecodeError(`consumer protocol: invalid version ${version}`, r.offset - 2);
  return Math.min(version, highest);
}
