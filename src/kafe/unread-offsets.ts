/**
 * The seed's `offsets(Topic, Group)`: where a group stands on each partition of a topic. It only
 * reads (ListOffsets earliest and latest, OffsetFetch); it commits nothing. Kafka's convention:
 * a committed offset is the next offset to read, so the unread messages are `committed` up to
 * `logEnd - 1` and their count is the group's lag (Java `ConsumerGroupCommand`'s LAG column).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { BrokerError } from '../protocol/broker-error.js';
import { checkGroup, checkTopic } from './arguments.js';
import { listOffsets, OffsetTime } from './list-offsets.js';
import { fetchCommitted } from './offset-fetch.js';
import { topicInfo } from './topic-partitions.js';
import type { KafePartitionOffsets } from './types.js';

/** Per partition of `topic`: the committed offset of `group`, the log bounds, the unread range and count. */
export async function unreadOffsets(
  cluster: Cluster,
  topic: string,
  group: string,
  options: CallOptions = {},
): Promise<KafePartitionOffsets[]> {
  checkTopic(topic);
  checkGroup(group);
  const partitions = (await topicInfo(cluster, topic, undefined, options)).partitions.map((p) => p.partition);
  const query = (time: bigint) => partitions.map((partition) => ({ topic, partition, time }));
  const [starts, ends, committed] = await Promise.all([
    listOffsets(cluster, query(OffsetTime.earliest), options),
    listOffsets(cluster, query(OffsetTime.latest), options),
    fetchCommitted(cluster, group, [{ name: topic, partitionIndexes: partitions }], options),
  ]);
  const byPartition = new Map(committed.flatMap((t) => t.partitions).map((p) => [p.partitionIndex, p]));
  return partitions.map((partition, i) => {
    const start = starts[i]!;
    const end = ends[i]!;
    for (const a of [start, end])
      if (a.errorCode !== 0) throw new BrokerError(a.errorCode, `ListOffsets ${topic}/${partition}`);
    const c = byPartition.get(partition);
    if (c !== undefined && c.errorCode !== 0)
      throw new BrokerError(c.errorCode, `OffsetFetch ${group} ${topic}/${partition}`);
    const commit = c === undefined || c.committedOffset < 0n ? null : c.committedOffset;
    // Without a commit, or below the log start (retention deleted what it pointed at), the group
    // would read from the log start.
    const first = commit === null || commit < start.offset ? start.offset : commit;
    const count = end.offset > first ? end.offset - first : 0n;
    return {
      partition,
      committed: commit,
      logStart: start.offset,
      logEnd: end.offset,
      unread: count > 0n ? { first, last: end.offset - 1n } : null,
      count,
    };
  });
}
