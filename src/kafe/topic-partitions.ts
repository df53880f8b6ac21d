/**
 * The partitions of a topic as the cluster's metadata knows them, refreshed once when the topic
 * or the partition is not cached: an unknown topic or partition is a {@link BrokerError}
 * `UNKNOWN_TOPIC_OR_PARTITION` naming it, at once rather than after the retry deadline (Java's
 * producer waits `max.block.ms` instead; the seed answered at once too). With
 * `allowAutoTopicCreation` (the `produce` path), a missing topic is asked for with Metadata's
 * `allowAutoTopicCreation` flag until it appears or the call's deadline passes, as the producer
 * does: brokers with `auto.create.topics.enable` (Kafka's default) create it, as they did for
 * the seed's metadata requests (Metadata v0-3 always asked).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicInfo } from '../cluster/metadata-cache.js';
import { sleep } from '../cluster/retry.js';
import { BrokerError } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';

/** Options of {@link topicInfo}. */
export interface TopicInfoOptions extends CallOptions {
  /** Ask the brokers to create the topic when it is missing. Default false. */
  readonly allowAutoTopicCreation?: boolean;
}

/** The topic's metadata; throws `UNKNOWN_TOPIC_OR_PARTITION` naming `topic` (and `partition`, if given) when absent. */
export async function topicInfo(
  cluster: Cluster,
  topic: string,
  partition: number | undefined,
  options: TopicInfoOptions,
): Promise<TopicInfo> {
  const known = (t: TopicInfo | undefined) =>
    t !== undefined &&
    t.partitions.length > 0 &&
    (partition === undefined || partition < t.partitions.length);
  const started = Date.now();
  let info = cluster.cachedTopic(topic);
  if (!known(info) || !cluster.trackedTopics.has(topic)) {
    await cluster.refreshMetadata([topic], options);
    info = cluster.cachedTopic(topic);
  }
  if ((info === undefined || info.partitions.length === 0) && options.allowAutoTopicCreation === true) {
    const deadline = started + (options.timeoutMs ?? cluster.defaultTimeoutMs);
    info = await awaitCreation(cluster, topic, deadline, options.signal);
  }
  if (info === undefined || info.partitions.length === 0)
    throw new BrokerError(
      errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
      `topic "${topic}" does not exist${
        options.allowAutoTopicCreation === true
          ? ' and the brokers did not create it (is their auto.create.topics.enable off?)'
          : ''
      }`,
    );
  if (partition !== undefined && partition >= info.partitions.length)
    throw new BrokerError(
      errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
      `topic "${topic}" has no partition ${partition} (it has ${info.partitions.length})`,
    );
  return info;
}

/**
 * Asks for `topic` with auto-creation until its partitions show (a topic being created answers
 * LEADER_NOT_AVAILABLE first) or `deadline`; the metadata when it shows, else undefined.
 */
async function awaitCreation(
  cluster: Cluster,
  topic: string,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<TopicInfo | undefined> {
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    const bounded = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    try {
      await cluster.refreshTopics([topic], signal ? AbortSignal.any([signal, bounded]) : bounded, {
        allowAutoTopicCreation: true,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (bounded.aborted) return undefined;
      // A closed client or a refused request will not change by asking again.
      if (!(error instanceof KafeError) || !error.retriable) throw error;
    }
    const info = cluster.cachedTopic(topic);
    if (info !== undefined && info.partitions.length > 0) return info;
    if (Date.now() + delay >= deadline) return undefined;
    await sleep(delay, signal, 'Metadata');
  }
}
