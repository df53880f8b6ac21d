/**
 * The partitions of a topic as the cluster's metadata knows them, refreshed once when the topic
 * or the partition is not cached: an unknown topic or partition is a {@link BrokerError}
 * `UNKNOWN_TOPIC_OR_PARTITION` naming it, at once rather than after the retry deadline (Java's
 * producer waits `max.block.ms` instead; the seed answered at once too).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicInfo } from '../cluster/metadata-cache.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';

/** The topic's metadata; throws `UNKNOWN_TOPIC_OR_PARTITION` naming `topic` (and `partition`, if given) when absent. */
export async function topicInfo(
  cluster: Cluster,
  topic: string,
  partition: number | undefined,
  options: CallOptions,
): Promise<TopicInfo> {
  const known = (t: TopicInfo | undefined) =>
    t !== undefined &&
    t.partitions.length > 0 &&
    (partition === undefined || partition < t.partitions.length);
  let info = cluster.cachedTopic(topic);
  if (!known(info) || !cluster.trackedTopics.has(topic)) {
    await cluster.refreshMetadata([topic], options);
    info = cluster.cachedTopic(topic);
  }
  if (info === undefined || info.partitions.length === 0)
    throw new BrokerError(errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code, `topic "${topic}" does not exist`);
  if (partition !== undefined && partition >= info.partitions.length)
    throw new BrokerError(
      errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
      `topic "${topic}" has no partition ${partition} (it has ${info.partitions.length})`,
    );
  return info;
}
