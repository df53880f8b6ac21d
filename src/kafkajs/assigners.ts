/**
 * KafkaJS's partition assigners and their wire format. KafkaJS consumers offer one protocol,
 * `RoundRobinAssigner` (version 0), with Java's consumer-protocol layout: a `kafe/kafkajs`
 * consumer offers the same, so that it and KafkaJS consumers form one group and split its
 * partitions, whichever of them leads.
 */
import type { Assignor } from '../consumer/assignors/assignor.js';
import { Reader } from '../protocol/primitives/reader.js';
import { Writer } from '../protocol/primitives/writer.js';
import type { Logger } from './logger.js';
import type { PartitionMetadata } from './metadata-types.js';

/** Partitions per topic. */
export type Assignment = { [topic: string]: number[] };
/** A member as the leader sees it: its id and its `protocol()` metadata. */
export type GroupMember = { memberId: string; memberMetadata: Buffer };
/** What the leader sends one member: its encoded {@link MemberAssignment}. */
export type GroupMemberAssignment = { memberId: string; memberAssignment: Buffer };
/** A protocol a member offers in JoinGroup. */
export type GroupState = { name: string; metadata: Buffer };

/** A partition assigner of the classic group protocol. */
export type Assigner = {
  name: string;
  version: number;
  assign(group: { members: GroupMember[]; topics: string[] }): Promise<GroupMemberAssignment[]>;
  protocol(subscription: { topics: string[] }): GroupState;
};

/** What an assigner may ask about the cluster: the partitions of a topic. */
export type Cluster = {
  findTopicPartitionMetadata(topic: string): PartitionMetadata[];
};

/** Makes an assigner for a consumer. */
export type PartitionAssigner = (config: { cluster: Cluster; groupId: string; logger: Logger }) => Assigner;

/** A member's subscription (JoinGroup metadata). */
export type MemberMetadata = { version: number; topics: string[]; userData: Buffer };
/** A member's assignment (SyncGroup). */
export type MemberAssignment = { version: number; assignment: Assignment; userData: Buffer };

/** Encodes and decodes one wire structure. */
export interface ISerializer<T> {
  encode(value: T): Buffer;
  decode(buffer: Buffer): T | null;
}

/** The consumer protocol's subscription and assignment, version 0's layout, as KafkaJS writes them. */
export const AssignerProtocol: {
  MemberMetadata: ISerializer<MemberMetadata>;
  MemberAssignment: ISerializer<MemberAssignment>;
} = {
  MemberMetadata: {
    encode: ({ version, topics, userData = Buffer.alloc(0) }) => {
      const w = new Writer(64);
      w.writeInt16(version);
      w.writeArrayLength(topics.length);
      for (const topic of topics) w.writeString(topic);
      w.writeBytes(userData);
      return w.finish();
    },
    decode: (buffer) => {
      const r = new Reader(buffer);
      const version = r.readInt16();
      const topics = Array.from({ length: r.readArrayLength(2) }, () => r.readString());
      return { version, topics, userData: r.readBytes() };
    },
  },
  MemberAssignment: {
    encode: ({ version, assignment, userData = Buffer.alloc(0) }) => {
      const w = new Writer(64);
      w.writeInt16(version);
      const topics = Object.keys(assignment);
      w.writeArrayLength(topics.length);
      for (const topic of topics) {
        const partitions = assignment[topic] ?? [];
        w.writeString(topic);
        w.writeArrayLength(partitions.length);
        for (const p of partitions) w.writeInt32(p);
      }
      w.writeBytes(userData);
      return w.finish();
    },
    decode: (buffer) => {
      if (buffer.length < 2) return null;
      const r = new Reader(buffer);
      const version = r.readInt16();
      const assignment: Assignment = {};
      for (let t = r.readArrayLength(2); t > 0; t--) {
        const topic = r.readString();
        assignment[topic] = Array.from({ length: r.readArrayLength(4) }, () => r.readInt32());
      }
      return { version, assignment, userData: r.readBytes() };
    },
  },
};

/**
 * KafkaJS's round robin: the partitions of every subscribed topic, in topic then partition
 * order, dealt in turn to the members sorted by member id.
 */
function roundRobinAssignment(
  memberIds: readonly string[],
  partitions: readonly { topic: string; partition: number }[],
) {
  const sorted = [...memberIds].sort();
  const out = new Map<string, Assignment>(sorted.map((id) => [id, {}]));
  partitions.forEach(({ topic, partition }, i) => {
    const member = out.get(sorted[i % sorted.length] as string) as Assignment;
    const list = member[topic] ?? [];
    list.push(partition);
    member[topic] = list;
  });
  return out;
}

const ROUND_ROBIN = 'RoundRobinAssigner';

/** KafkaJS's only built-in assigner. */
const roundRobin: PartitionAssigner = ({ cluster }) => ({
  name: ROUND_ROBIN,
  version: 0,
  async assign({ members, topics }) {
    const partitions = topics.flatMap((topic) =>
      cluster.findTopicPartitionMetadata(topic).map((m) => ({ topic, partition: m.partitionId })),
    );
    const assignment = roundRobinAssignment(
      members.map((m) => m.memberId),
      partitions,
    );
    return [...assignment].map(([memberId, a]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: a,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol: ({ topics }) => ({
    name: ROUND_ROBIN,
    metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
  }),
});

/** KafkaJS's assigners by name. */
export const PartitionAssigners: { roundRobin: PartitionAssigner } = { roundRobin };

/**
 * The kafe assignor behind a `kafe/kafkajs` consumer's `RoundRobinAssigner` protocol: KafkaJS's
 * round robin (every partition of every subscribed topic, in subscription then partition order, dealt
 * in turn to the members sorted by member id), except that a partition is dealt only to members
 * subscribed to its topic, skipping the others in turn (Java's `RoundRobinAssignor`). When every
 * member subscribes to the same topics, as in a group moving from KafkaJS, the result is
 * KafkaJS's own. KafkaJS's leader deals only the topics it subscribes to itself, to every member:
 * a topic only others subscribe to goes unread, and a member gets partitions it cannot read.
 */
export const roundRobinAssignor: Assignor = {
  name: ROUND_ROBIN,
  assign(members, partitionCounts) {
    const sorted = [...members].sort((a, b) =>
      a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
    );
    // Topics in subscription order, as KafkaJS's leader deals its own subscription.
    const topics = [...new Set(members.flatMap((m) => m.subscription.topics))];
    const out = new Map(sorted.map((m) => [m.memberId, new Map<string, number[]>()]));
    let next = 0;
    for (const topic of topics)
      for (let partition = 0; partition < (partitionCounts.get(topic) ?? 0); partition++) {
        // The next member in turn that subscribes to the topic (one does: the topic came from one).
        while (!sorted[next % sorted.length]?.subscription.topics.includes(topic)) next++;
        const own = out.get((sorted[next % sorted.length] as (typeof sorted)[number]).memberId);
        own?.set(topic, [...(own.get(topic) ?? []), partition]);
        next++;
      }
    return new Map(
      [...out].map(([memberId, a]) => [
        memberId,
        [...a].map(([topic, list]) => ({ topic, partitions: list })),
      ]),
    );
  },
};
