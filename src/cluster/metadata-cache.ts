/**
 * What the client knows about the cluster: brokers, controller, topics (name <-> id),
 * partitions, leaders, leader epochs, replicas and ISR — built from Metadata responses (Java:
 * `org.apache.kafka.clients.Metadata` + `MetadataSnapshot`). Pure state: the {@link Cluster}
 * decides when to refresh.
 *
 * KIP-320: a partition's leader epoch never goes backwards. A Metadata response from a broker
 * that has not yet seen the latest leader election carries an older epoch; that partition keeps
 * its cached state (Java `Metadata#updateLatestMetadata`).
 */
import { ZERO_UUID } from '../protocol/message-codec.js';
import { errorCodeInfo } from '../protocol/messages/error-codes.js';
import type { MetadataResponse, MetadataResponseTopic } from '../protocol/messages/metadata.js';
import type { BrokerAddress } from './broker-address.js';

/** A broker of the cluster. */
export interface BrokerInfo extends BrokerAddress {
  readonly nodeId: number;
  readonly rack: string | null;
}

/** One partition: its leader and replicas. */
export interface PartitionInfo {
  readonly topic: string;
  readonly partition: number;
  /** Node id of the leader, -1 while none is elected. */
  readonly leaderId: number;
  /** Leader epoch (KIP-320), -1 when the broker does not send it (Metadata < v7). */
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  /** The partition's error code in the last response (e.g. LEADER_NOT_AVAILABLE), 0 if none. */
  readonly errorCode: number;
}

/** One topic. */
export interface TopicInfo {
  readonly name: string;
  /** Topic id (Metadata v10+), the zero UUID before. */
  readonly topicId: string;
  readonly isInternal: boolean;
  /** Partitions by index (dense: index i is partition i). */
  readonly partitions: readonly PartitionInfo[];
}

/** What changed with one update. */
export interface MetadataChange {
  /** Brokers that were known and are not listed any more. */
  readonly removedBrokers: readonly number[];
  /** Partitions whose leader epoch in the response was older than the cached one (kept). */
  readonly staleEpochs: number;
  /** Partitions of known topics whose leader changed (a leader move: election, broker lost or back). */
  readonly leaderChanges: readonly LeaderChange[];
}

/** A partition whose leader changed in a metadata update. */
export interface LeaderChange {
  readonly topic: string;
  readonly partition: number;
  /** The leader before (-1: none). */
  readonly from: number;
  /** The leader now (-1: none, the partition is offline). */
  readonly to: number;
  readonly leaderEpoch: number;
}

/** The metadata cache. */
export class MetadataCache {
  private brokerMap = new Map<number, BrokerInfo>();
  private readonly topicMap = new Map<string, TopicInfo>();
  /** Topic errors that waiting cannot cure, by topic (see {@link MetadataCache.topicError}). */
  private readonly fatalTopicErrors = new Map<string, number>();
  private readonly namesById = new Map<string, string>();
  private controller = -1;
  private cluster: string | null = null;
  private updated = 0;

  /** Brokers by node id. */
  get brokers(): ReadonlyMap<number, BrokerInfo> {
    return this.brokerMap;
  }

  /** Node id of the controller as reported (a forwarding broker under KRaft), -1 when unknown. */
  get controllerId(): number {
    return this.controller;
  }

  /** Cluster id, null before the first response or on very old brokers. */
  get clusterId(): string | null {
    return this.cluster;
  }

  /** `Date.now()` of the last update, 0 before the first. */
  get updatedAt(): number {
    return this.updated;
  }

  /** Topics known, by name. */
  get topics(): ReadonlyMap<string, TopicInfo> {
    return this.topicMap;
  }

  /** A topic by name. */
  topic(name: string): TopicInfo | undefined {
    return this.topicMap.get(name);
  }

  /**
   * The error code the last Metadata response gave a topic when waiting cannot cure it
   * (INVALID_TOPIC_EXCEPTION, TOPIC_AUTHORIZATION_FAILED: Java `Metadata#maybeThrowExceptionForTopic`),
   * undefined otherwise.
   */
  topicError(name: string): number | undefined {
    return this.fatalTopicErrors.get(name);
  }

  /** A topic's name from its id (KIP-516), for responses that carry only ids (Fetch v13+). */
  topicName(topicId: string): string | undefined {
    return this.namesById.get(topicId);
  }

  /** A partition, or undefined when the topic or partition is unknown. */
  partition(topic: string, partition: number): PartitionInfo | undefined {
    return this.topicMap.get(topic)?.partitions[partition];
  }

  /** The leader broker of a partition, or undefined when unknown or not elected. */
  leaderOf(topic: string, partition: number): BrokerInfo | undefined {
    const p = this.partition(topic, partition);
    return p === undefined || p.leaderId < 0 ? undefined : this.brokerMap.get(p.leaderId);
  }

  /** Forgets a topic (deleted, or answered UNKNOWN_TOPIC_OR_PARTITION). */
  removeTopic(name: string): void {
    const t = this.topicMap.get(name);
    if (t === undefined) return;
    this.topicMap.delete(name);
    if (t.topicId !== ZERO_UUID) this.namesById.delete(t.topicId);
  }

  /**
   * Records a new leader learned outside a Metadata response (KIP-951 `currentLeader` in
   * Produce/Fetch errors). Ignored unless `leaderEpoch` is newer than the cached one.
   * @returns whether the cache changed.
   */
  updateLeader(topic: string, partition: number, leaderId: number, leaderEpoch: number): boolean {
    const t = this.topicMap.get(topic);
    const p = t?.partitions[partition];
    if (t === undefined || p === undefined || leaderEpoch <= p.leaderEpoch) return false;
    const partitions = [...t.partitions];
    partitions[partition] = { ...p, leaderId, leaderEpoch };
    this.topicMap.set(topic, { ...t, partitions });
    return true;
  }

  /**
   * Applies a Metadata response. `requested` is the list of topic names asked for, or `null`
   * when all topics were asked: then topics missing from the answer are forgotten.
   */
  update(response: MetadataResponse, requested: readonly string[] | null): MetadataChange {
    const brokers = new Map<number, BrokerInfo>();
    for (const b of response.brokers)
      brokers.set(b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack });
    const removedBrokers = [...this.brokerMap.keys()].filter((id) => !brokers.has(id));
    this.brokerMap = brokers;
    this.controller = response.controllerId;
    this.cluster = response.clusterId;
    this.updated = Date.now();
    let staleEpochs = 0;
    const leaderChanges: LeaderChange[] = [];
    const seen = new Set<string>();
    for (const t of response.topics) {
      if (t.name === null) continue;
      seen.add(t.name);
      if (t.errorCode !== 0 && errorCodeInfo(t.errorCode)?.retriable === false)
        this.fatalTopicErrors.set(t.name, t.errorCode);
      else this.fatalTopicErrors.delete(t.name);
      if (t.errorCode !== 0) {
        // UNKNOWN_TOPIC_OR_PARTITION and friends: the topic is not (or no longer) there. Other
        // topic errors (LEADER_NOT_AVAILABLE while being created) keep what is known.
        if (t.partitions.length === 0) this.removeTopic(t.name);
        continue;
      }
      staleEpochs += this.updateTopic(t, leaderChanges);
    }
    if (requested === null) {
      for (const name of [...this.topicMap.keys()]) if (!seen.has(name)) this.removeTopic(name);
    }
    return { removedBrokers, staleEpochs, leaderChanges };
  }

  /**
   * Replaces one topic, keeping any partition whose cached leader epoch is newer, and adds its
   * partitions' leader moves to `leaderChanges`. Returns the count kept.
   */
  private updateTopic(t: MetadataResponseTopic, leaderChanges: LeaderChange[]): number {
    const name = t.name!;
    const old = this.topicMap.get(name);
    const sameTopic = old !== undefined && (old.topicId === t.topicId || t.topicId === ZERO_UUID);
    let stale = 0;
    const partitions: PartitionInfo[] = [];
    for (const p of t.partitions) {
      const cached = sameTopic ? old.partitions[p.partitionIndex] : undefined;
      if (cached !== undefined && p.leaderEpoch >= 0 && p.leaderEpoch < cached.leaderEpoch) {
        partitions[p.partitionIndex] = cached;
        stale++;
        continue;
      }
      if (cached !== undefined && cached.leaderId !== p.leaderId)
        leaderChanges.push({
          topic: name,
          partition: p.partitionIndex,
          from: cached.leaderId,
          to: p.leaderId,
          leaderEpoch: p.leaderEpoch,
        });
      partitions[p.partitionIndex] = {
        topic: name,
        partition: p.partitionIndex,
        leaderId: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        offlineReplicas: p.offlineReplicas,
        errorCode: p.errorCode,
      };
    }
    if (old !== undefined && old.topicId !== ZERO_UUID && old.topicId !== t.topicId)
      this.namesById.delete(old.topicId);
    if (t.topicId !== ZERO_UUID) this.namesById.set(t.topicId, name);
    this.topicMap.set(name, { name, topicId: t.topicId, isInternal: t.isInternal, partitions });
    return stale;
  }
}
