/**
 * The shared state of a fake cluster, read and changed by every handler and by the control API:
 * brokers, topics with their partitions (leader, replicas, ISR, leader epoch, log), coordinators,
 * groups and their committed offsets, fetch sessions, producer ids. There is one of each: a
 * record produced through any broker is what every fetch, list-offsets or epoch lookup sees.
 */

import { randomBytes } from 'node:crypto';
import type { ClusterBehaviour } from './behaviour.js';
import { FetchSessions } from './fetch-sessions.js';
import { GroupCoordinator } from './group-coordinator.js';
import { PartitionLog } from './partition-log.js';
import { ProducerIds } from './producer-ids.js';
import { ShareGroups } from './share-groups.js';
import { TransactionCoordinator } from './transaction-coordinator.js';

/** One broker of the fake cluster. */
export interface FakeBrokerInfo {
  readonly nodeId: number;
  readonly host: string;
  /** Its port, kept across a kill and restart. */
  port: number;
  readonly rack: string | null;
  /** Whether it is up (a killed broker is left out of Metadata). */
  running: boolean;
}

/** One partition of a fake topic. */
export interface FakePartition {
  readonly topic: string;
  readonly index: number;
  /** Node id of the leader. */
  leader: number;
  /** Bumped on every leader change (KIP-320 fencing). */
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  readonly log: PartitionLog;
}

/** One fake topic. */
export interface FakeTopic {
  readonly name: string;
  /** Its topic id (KIP-516), as Kafka's 22-character base64 form. */
  readonly topicId: string;
  readonly partitions: FakePartition[];
  /** Topic configs; the fake honours `max.message.bytes` (Produce) and answers the rest back. */
  configs: Readonly<Record<string, string>>;
}

/** How a topic is created. */
export interface TopicSpec {
  readonly name: string;
  /** Default: the cluster's `defaultPartitions`. */
  readonly partitions?: number;
  /** Default: every broker, at most 3 (Kafka's usual `default.replication.factor` in tests). */
  readonly replicationFactor?: number;
  /** Topic configs, answered back by CreateTopics. */
  readonly configs?: Readonly<Record<string, string>>;
}

/** The whole state of one fake cluster. */
export class ClusterState {
  readonly brokers: FakeBrokerInfo[];
  readonly topics = new Map<string, FakeTopic>();
  readonly clusterId = randomBytes(16).toString('base64url');
  /** Controller answered in Metadata. */
  controllerId = 0;
  /** Coordinators pinned by tests: `keyType:key` -> node id. */
  readonly pinnedCoordinators = new Map<string, number>();
  readonly fetchSessions = new FetchSessions();
  readonly producerIds = new ProducerIds();
  readonly groups: GroupCoordinator;
  /** Transactional ids and their transactions. */
  readonly transactions: TransactionCoordinator;
  /** Share groups (KIP-932): members, share partitions, share sessions. */
  readonly shareGroups: ShareGroups;
  /** Aborted when the cluster closes: every wait inside the fake ends. */
  readonly closing = new AbortController();

  constructor(
    brokerCount: number,
    readonly behaviour: ClusterBehaviour,
    racks: readonly (string | null)[] = [],
  ) {
    this.brokers = Array.from({ length: brokerCount }, (_, nodeId) => ({
      nodeId,
      host: '127.0.0.1',
      port: 0,
      rack: racks[nodeId] ?? null,
      running: false,
    }));
    this.groups = new GroupCoordinator(behaviour, this.closing.signal);
    this.transactions = new TransactionCoordinator({
      partition: (topic, index) => this.partition(topic, index),
      groups: this.groups,
      producerIds: this.producerIds,
    });
    this.shareGroups = new ShareGroups(behaviour);
  }

  /** Creates a topic; leaders spread round-robin, replicas on the next brokers. Throws if it exists. */
  createTopic(spec: TopicSpec): FakeTopic {
    if (this.topics.has(spec.name)) throw new Error(`topic ${spec.name} already exists`);
    const n = this.brokers.length;
    const count = spec.partitions ?? this.behaviour.defaultPartitions;
    const rf = Math.min(spec.replicationFactor ?? Math.min(3, n), n);
    const topic: FakeTopic = {
      name: spec.name,
      topicId: newTopicId(),
      configs: spec.configs ?? {},
      partitions: Array.from({ length: count }, (_, index) => {
        const replicas = Array.from({ length: rf }, (_, j) => (index + j) % n);
        return {
          topic: spec.name,
          index,
          leader: index % n,
          leaderEpoch: 0,
          replicas,
          isr: [...replicas],
          log: new PartitionLog(() => this.behaviour.unknownProducerIdErrors),
        };
      }),
    };
    this.topics.set(spec.name, topic);
    return topic;
  }

  /** Deletes a topic; its fetch waiters wake to find it gone. Returns whether it existed. */
  deleteTopic(name: string): boolean {
    const topic = this.topics.get(name);
    if (topic === undefined) return false;
    this.topics.delete(name);
    for (const p of topic.partitions) p.log.wake();
    return true;
  }

  /** The topic with this id. */
  topicById(topicId: string): FakeTopic | undefined {
    for (const t of this.topics.values()) if (t.topicId === topicId) return t;
    return undefined;
  }

  /** The partition, if the topic and partition exist. */
  partition(topic: string, index: number): FakePartition | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  /**
   * The broker coordinating `key` (keyType 0 group, 1 transaction): a pinned one, else the one a
   * hash of the key names (Kafka hashes to a partition of `__consumer_offsets` whose leader
   * coordinates), else the next running broker if that one is down.
   */
  coordinatorFor(keyType: number, key: string): number {
    const pinned = this.pinnedCoordinators.get(`${keyType}:${key}`);
    if (pinned !== undefined) return pinned;
    const n = this.brokers.length;
    const home = javaHashCode(key) % n;
    for (let i = 0; i < n; i++) {
      const b = this.brokers[(home + i) % n] as FakeBrokerInfo;
      if (b.running) return b.nodeId;
    }
    return home;
  }
}

/** A random topic id; never the zero uuid. */
function newTopicId(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) | 1;
  return bytes.toString('base64url');
}

/** Java's `String#hashCode`, made non-negative as `Utils.abs` does. */
function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h & 0x7fffffff;
}
