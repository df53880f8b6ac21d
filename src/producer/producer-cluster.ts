/**
 * What the producer needs from the cluster layer, as a narrow interface: cached metadata read
 * synchronously on the hot path, a refresh when it is missing or stale, and connections to
 * brokers by node id. `cluster/`'s client implements it; unit tests implement it over fake
 * brokers.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { TopicInfo } from '../cluster/metadata-cache.js';
import type { ClientScope } from '../net/client-scope.js';
import type { Connection } from '../net/connection.js';

/** The cluster as the producer sees it. */
export interface ProducerCluster {
  /** The cached topic, or undefined (no I/O). */
  cachedTopic(topic: string): TopicInfo | undefined;
  /**
   * The error code of the last Metadata answer for `topic` when waiting cannot cure it (an
   * invalid name, no authorization), undefined otherwise (no I/O). Optional: absent is none.
   */
  topicError?(topic: string): number | undefined;
  /**
   * Fetches metadata for `topics` (refreshing what is cached). Resolves when the cache was
   * updated; a topic that does not exist is simply absent from the cache afterwards. With
   * `allowAutoTopicCreation`, brokers that allow it create the missing topics.
   */
  refreshTopics(
    topics: readonly string[],
    signal?: AbortSignal,
    options?: { readonly allowAutoTopicCreation?: boolean },
  ): Promise<void>;
  /** A connection to broker `nodeId` (opened if needed). */
  connection(nodeId: number, signal?: AbortSignal): Promise<Connection>;
  /** A connection to any broker (the producer's InitProducerId goes there, as Java's "least loaded node"). */
  anyConnection(signal?: AbortSignal): Promise<Connection>;
  /**
   * Sends a request where its route says, retrying retriable answers within the deadline
   * (`Cluster#send`): the transactional producer's requests to its transaction and group
   * coordinators.
   */
  send: Cluster['send'];
  /**
   * Records a leader learned from a Produce response (KIP-951 `currentLeader`); ignored unless
   * its epoch is newer than the cached one. Optional.
   */
  updateLeader?(topic: string, partition: number, leaderId: number, leaderEpoch: number): void;
  /** The client the producer belongs to, named by its diagnostics messages. Optional. */
  readonly scope?: ClientScope;
  /** Whether to push metrics to subscribed brokers (KIP-714). Optional: absent is no. */
  readonly metricsPush?: boolean;
  /** An open connection, if any (no I/O): KIP-714 pushes go there. Needed with `metricsPush`. */
  openConnection?(): Connection | undefined;
}
