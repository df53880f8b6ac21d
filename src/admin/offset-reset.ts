/**
 * resetConsumerGroupOffsets: `kafka-consumer-groups.sh --reset-offsets` as a call
 * (`ConsumerGroupCommand#resetOffsets`). A dry run by default: it returns the plan (each
 * partition's committed and new offset) and changes nothing; with `execute` it commits the plan
 * as an admin. Like the tool it refuses a group with members (only an Empty or unknown group
 * can be reset: a live member would overwrite the reset with its next commit), and a partition
 * the plan cannot place fails the whole reset before anything is written.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { alterConsumerGroupOffsets, listConsumerGroupOffsets } from './consumer-group-offsets.js';
import { describeConsumerGroups } from './consumer-groups.js';
import {
  checkResetStrategy,
  OffsetResetError,
  type OffsetResetStrategy,
  type PlannedOffset,
  planOffsetReset,
  resetLookups,
} from './offset-reset-plan.js';
import { partitionOffsets } from './partition-offsets.js';
import type { OffsetQuery, OffsetSpec } from './records.js';
import type { AdminResults } from './results.js';

/** Options of {@link resetConsumerGroupOffsets}. */
export interface ResetConsumerGroupOffsetsOptions extends CallOptions {
  /** Where to move the offsets (the tool's `--to-earliest`, `--shift-by`, ...). */
  strategy: OffsetResetStrategy;
  /**
   * Which partitions: a topic name (all its partitions, the tool's `--topic t`) or one partition
   * (`--topic t:0`); absent: every partition the group has committed offsets for
   * (`--all-topics`).
   */
  topics?: readonly (string | TopicPartition)[];
  /** Commit the plan (`--execute`). Default false: a dry run. */
  execute?: boolean;
}

/** The reset, planned or done. */
export interface OffsetResetPlan {
  readonly groupId: string;
  /** Each partition's committed and new offset, sorted by topic and partition. */
  readonly partitions: PlannedOffset[];
  /** Whether the new offsets were committed. */
  readonly executed: boolean;
}

/**
 * Plans, and with `execute` commits, a reset of `groupId`'s offsets. Throws NON_EMPTY_GROUP
 * (a {@link BrokerError}) while the group has members, an {@link OffsetResetError} for a
 * partition the plan cannot place, and the commit's first partition error when executing.
 */
export async function resetConsumerGroupOffsets(
  cluster: Cluster,
  groupId: string,
  options: ResetConsumerGroupOffsetsOptions,
): Promise<OffsetResetPlan> {
  checkResetStrategy(options?.strategy);
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const call = () => ({ signal: options.signal, timeoutMs: Math.max(1, deadline - Date.now()) });
  const described = (await describeConsumerGroups(cluster, [groupId], call())).outcome(groupId);
  const notFound = described?.error?.errorCode === errorCodes.GROUP_ID_NOT_FOUND.code;
  if (described?.error !== undefined && !notFound) throw described.error;
  const state = described?.value?.state ?? 'Dead';
  if (state !== 'Empty' && state !== 'Dead')
    throw new BrokerError(
      errorCodes.NON_EMPTY_GROUP.code,
      `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.`,
    );
  const listed = (await listConsumerGroupOffsets(cluster, [groupId], call())).get(groupId);
  const committed = new Map<string, bigint>();
  for (const o of listed)
    if (o.offset !== null) committed.set(topicPartitionKey(o.topic, o.partition), o.offset);
  const partitions = await partitionsToReset(cluster, options.topics, listed, call());
  const lookups = resetLookups(options.strategy, Date.now());
  const lookup = async (wanted: boolean, query: OffsetSpec) =>
    wanted ? offsetsOrThrow(await partitionOffsets(cluster, partitions, query, call())) : new Map();
  const [earliest, latest, byTimestamp] = await Promise.all([
    lookup(lookups.earliest, 'earliest'),
    lookup(lookups.latest, 'latest'),
    lookup(lookups.timestamp !== undefined, { timestamp: lookups.timestamp ?? 0 }),
  ]);
  const plan = planOffsetReset(options.strategy, partitions, { committed, earliest, latest, byTimestamp });
  if (options.execute !== true) return { groupId, partitions: plan, executed: false };
  const results = await alterConsumerGroupOffsets(
    cluster,
    groupId,
    plan.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.newOffset })),
    call(),
  );
  results.throwIfFailed();
  return { groupId, partitions: plan, executed: true };
}

/** The partitions a reset is about, sorted. */
async function partitionsToReset(
  cluster: Cluster,
  topics: ResetConsumerGroupOffsetsOptions['topics'],
  committed: readonly TopicPartition[],
  call: CallOptions,
): Promise<TopicPartition[]> {
  const out = new Map<string, TopicPartition>();
  if (topics === undefined) for (const p of committed) out.set(topicPartitionKey(p.topic, p.partition), p);
  else {
    if (!Array.isArray(topics)) throw new InvalidArgumentError('topics must be an array');
    const names = topics.filter((t): t is string => typeof t === 'string');
    if (names.length > 0) await cluster.refreshMetadata(names, call);
    topics.forEach((t, i) => {
      if (typeof t === 'string') {
        const info = cluster.metadata.topic(t);
        if (info === undefined)
          throw new BrokerError(errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code, `topic ${t} does not exist`);
        for (const p of info.partitions.keys()) out.set(topicPartitionKey(t, p), { topic: t, partition: p });
      } else if (typeof t?.topic === 'string' && Number.isInteger(t.partition) && t.partition >= 0)
        out.set(topicPartitionKey(t.topic, t.partition), { topic: t.topic, partition: t.partition });
      else
        throw new InvalidArgumentError(
          `topics[${i}]: ${JSON.stringify(t)} is neither a topic nor a partition`,
        );
    });
  }
  return [...out.values()].sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
}

/** The offsets looked up, by {@link topicPartitionKey}, or the first partition's error (a reset is all or nothing). */
function offsetsOrThrow(found: AdminResults<OffsetQuery, bigint | null>): Map<string, bigint | null> {
  const out = new Map<string, bigint | null>();
  for (const o of found) {
    if (o.error !== undefined) throw new OffsetResetError(o.key.topic, o.key.partition, o.error.message);
    out.set(topicPartitionKey(o.key.topic, o.key.partition), o.value);
  }
  return out;
}
