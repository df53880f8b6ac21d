/**
 * The lag of a consumer group, computed from what the group committed, where each partition's
 * log ends and who owns what — the rows of `kafka-consumer-groups.sh --describe`
 * (`ConsumerGroupCommand#describeGroups`): one row per partition the group has a committed
 * offset for or a member owns; `lag` = log end − committed, absent without a committed offset
 * (the tool's `-`). It is not clamped: a committed offset past the end (after a truncation)
 * shows as a negative lag, as the tool shows it. With read_committed the end is the last stable
 * offset (ListOffsets with isolation level 1, KIP-98), which is what a read_committed consumer
 * can reach.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import { KafeError } from '../protocol/errors.js';
import { listConsumerGroupOffsets } from './consumer-group-offsets.js';
import { describeConsumerGroups } from './consumer-groups.js';
import { type IsolationLevel, partitionOffsets } from './partition-offsets.js';
import { type AdminResults, type Outcome, ResourceError } from './results.js';

/** Options of {@link fetchConsumerGroupLag}. */
export interface ConsumerGroupLagOptions extends CallOptions {
  /** `read_committed` measures to the last stable offset. Default `read_uncommitted` (the tool's). */
  isolationLevel?: IsolationLevel;
}

/** One partition's lag. */
export interface GroupPartitionLag extends TopicPartition {
  /** The group's committed offset, `null` when it has none. */
  readonly committedOffset: bigint | null;
  /** The partition's end: the high watermark, or the last stable offset with read_committed; `null` when it could not be read. */
  readonly endOffset: bigint | null;
  /** `endOffset − committedOffset`, `null` when either is unknown. */
  readonly lag: bigint | null;
  /** The owning member, as the tool's CONSUMER-ID / HOST / CLIENT-ID columns; `null` when none owns it. */
  readonly memberId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
  /** Why `endOffset` is unknown (an unknown partition, no leader, ...). */
  readonly error?: KafeError;
}

/** A group's lag. */
export interface ConsumerGroupLag {
  readonly groupId: string;
  /** One row per partition, sorted by topic and partition. */
  readonly partitions: GroupPartitionLag[];
  /** The sum of the known lags (partitions without a committed offset count nothing, as in the tool). */
  readonly totalLag: bigint;
}

/** What the lag is computed from. */
export interface LagInputs {
  readonly groupId: string;
  /** Committed offsets, by {@link topicPartitionKey}; absent or negative: none. */
  readonly committed: ReadonlyMap<
    string,
    { readonly topic: string; readonly partition: number; readonly offset: bigint }
  >;
  /** Members and the partitions each owns. */
  readonly members: readonly {
    readonly memberId: string;
    readonly host: string;
    readonly clientId: string;
    readonly assignment: readonly TopicPartition[];
  }[];
  /** End offsets (or why one is missing), by {@link topicPartitionKey}. */
  readonly ends: ReadonlyMap<string, bigint | KafeError>;
}

/** The partitions whose end offsets the lag needs: every committed and every owned one. */
export function lagPartitions(inputs: Omit<LagInputs, 'ends'>): TopicPartition[] {
  const out = new Map<string, TopicPartition>();
  for (const c of inputs.committed.values())
    if (c.offset >= 0n)
      out.set(topicPartitionKey(c.topic, c.partition), { topic: c.topic, partition: c.partition });
  for (const m of inputs.members)
    for (const p of m.assignment)
      out.set(topicPartitionKey(p.topic, p.partition), { topic: p.topic, partition: p.partition });
  return [...out.values()].sort(byTopicPartition);
}

/** The group's lag from its committed offsets, owners and end offsets. */
export function consumerGroupLag(inputs: LagInputs): ConsumerGroupLag {
  const owners = new Map<string, LagInputs['members'][number]>();
  for (const m of inputs.members)
    for (const p of m.assignment) owners.set(topicPartitionKey(p.topic, p.partition), m);
  let totalLag = 0n;
  const partitions = lagPartitions(inputs).map((p): GroupPartitionLag => {
    const key = topicPartitionKey(p.topic, p.partition);
    const c = inputs.committed.get(key);
    const committedOffset = c !== undefined && c.offset >= 0n ? c.offset : null;
    const end = inputs.ends.get(key);
    const endOffset = typeof end === 'bigint' ? end : null;
    const lag = committedOffset !== null && endOffset !== null ? endOffset - committedOffset : null;
    if (lag !== null) totalLag += lag;
    const owner = owners.get(key);
    return {
      topic: p.topic,
      partition: p.partition,
      committedOffset,
      endOffset,
      lag,
      memberId: owner?.memberId ?? null,
      host: owner?.host ?? null,
      clientId: owner?.clientId ?? null,
      ...(end === undefined || typeof end === 'bigint' ? {} : { error: end }),
    };
  });
  return { groupId: inputs.groupId, partitions, totalLag };
}

function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

/**
 * Each group's lag (describe, committed offsets and log ends, the requests of each step sent
 * together for all the groups), or the group's error (GROUP_ID_NOT_FOUND, ...).
 */
export async function fetchConsumerGroupLag(
  cluster: Cluster,
  groupIds: readonly string[],
  options: ConsumerGroupLagOptions = {},
): Promise<AdminResults<string, ConsumerGroupLag>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const call = () => ({ signal: options.signal, timeoutMs: Math.max(1, deadline - Date.now()) });
  const [described, committed] = await Promise.all([
    describeConsumerGroups(cluster, groupIds, call()),
    listConsumerGroupOffsets(cluster, groupIds, call()),
  ]);
  const inputs = described.mapOutcomes((d): Outcome<string, Omit<LagInputs, 'ends'>> => {
    const c = committed.outcome(d.key);
    if (d.error !== undefined) return d;
    if (c === undefined || c.error !== undefined)
      return {
        key: d.key,
        name: d.name,
        error:
          c?.error ??
          new ResourceError({ kind: 'group', name: d.name }, new KafeError('UNKNOWN_ERROR', 'no offsets')),
      };
    const map = new Map<string, { topic: string; partition: number; offset: bigint }>();
    for (const o of c.value)
      if (o.offset !== null) map.set(topicPartitionKey(o.topic, o.partition), { ...o, offset: o.offset });
    return { key: d.key, name: d.name, value: { groupId: d.key, committed: map, members: d.value.members } };
  });
  const wanted = new Map<string, TopicPartition>();
  for (const { value } of inputs.succeeded)
    for (const p of lagPartitions(value)) wanted.set(topicPartitionKey(p.topic, p.partition), p);
  const ends = await partitionOffsets(cluster, [...wanted.values()], 'latest', {
    ...call(),
    ...(options.isolationLevel === undefined ? {} : { isolationLevel: options.isolationLevel }),
  });
  const endOffsets = new Map<string, bigint | KafeError>();
  for (const o of ends) {
    const key = topicPartitionKey(o.key.topic, o.key.partition);
    if (o.error !== undefined) endOffsets.set(key, o.error);
    else if (o.value !== null) endOffsets.set(key, o.value);
  }
  return inputs.map((value) => consumerGroupLag({ ...value, ends: endOffsets }));
}
