/**
 * A consumer group's committed offsets (Java `Admin#listConsumerGroupOffsets`,
 * `#alterConsumerGroupOffsets`, `#deleteConsumerGroupOffsets`):
 * - listing asks OffsetFetch about many groups per coordinator at once (v8+, KIP-709), all their
 *   partitions or the ones named; `requireStable` (KIP-447) waits out pending transactional
 *   commits (UNSTABLE_OFFSET_COMMIT is asked again, as Java does);
 * - altering commits as an admin does (OffsetCommit with generation -1 and no member): Kafka
 *   takes it only while the group has no members (else UNKNOWN_MEMBER_ID per partition);
 * - deleting (OffsetDelete, KIP-496) is refused for topics a member subscribes to
 *   (GROUP_SUBSCRIBED_TO_TOPIC per partition).
 * Altering and deleting are about one group's partitions: each partition is a resource, and an
 * error about the group (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP) is every partition's.
 * Topics are named, not given by id: OffsetFetch and OffsetCommit are capped at v9 (v10 names
 * topics only by id, which would cost a metadata lookup for nothing).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { RoutableApi } from '../cluster/routing.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import type { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { answersOf, groupIdProblem } from './consumer-groups.js';
import { type Answer, answerOf, fanOut, type ResourceRequest } from './fan-out.js';
import { partitionName } from './partition-offsets.js';
import type { AdminResults } from './results.js';
import { coordinators } from './routers.js';
import { topicNameProblem } from './topic-names.js';

/** A group's offsets to list: all of them, or those of the partitions named. */
export type GroupOffsetsSpec =
  | string
  | { readonly groupId: string; readonly partitions?: readonly TopicPartition[] };

/** Options of {@link listConsumerGroupOffsets}. */
export interface ListConsumerGroupOffsetsOptions extends CallOptions {
  /** Wait until no transactional commit is pending for the partitions (KIP-447, OffsetFetch v7+). Default false. */
  requireStable?: boolean;
}

/** One committed offset. */
export interface CommittedOffset extends TopicPartition {
  /** `null` when the group has none for this partition (a partition named but never committed). */
  readonly offset: bigint | null;
  /** The leader epoch of the record before `offset` (KIP-320), `null` when unknown. */
  readonly leaderEpoch: number | null;
  readonly metadata: string;
  /** This partition's error, if the coordinator answered one. */
  readonly error?: KafeError;
}

/** An offset to commit for a group. */
export interface OffsetToCommit extends TopicPartition {
  readonly offset: bigint | number;
  readonly leaderEpoch?: number;
  readonly metadata?: string;
}

/** Highest OffsetFetch / OffsetCommit version used: the last that names topics. */
const NAMED_TOPICS_UNTIL = 9;
/** First OffsetFetch version that asks about many groups (KIP-709). */
const BATCHED_FETCH_FROM = 8;

/** A topic of an OffsetFetch answer (the per-group form of v8+ and the single-group form before). */
interface FetchedTopic {
  readonly name: string;
  readonly partitions: readonly {
    partitionIndex: number;
    committedOffset: bigint;
    committedLeaderEpoch: number;
    metadata: string | null;
    errorCode: number;
  }[];
}

const groupIdOf = (g: GroupOffsetsSpec): string => (typeof g === 'string' ? g : g?.groupId);

/**
 * Each group's committed offsets (sorted by topic and partition), or its error. `operation`
 * names the call in errors and diagnostics (the streams-group calls share these functions).
 */
export function listConsumerGroupOffsets(
  cluster: Cluster,
  groups: readonly GroupOffsetsSpec[],
  options: ListConsumerGroupOffsetsOptions = {},
  operation = 'listConsumerGroupOffsets',
): Promise<AdminResults<GroupOffsetsSpec, CommittedOffset[]>> {
  const requireStable = options.requireStable ?? false;
  const topicsOf = (g: GroupOffsetsSpec) => {
    if (typeof g === 'string' || g.partitions === undefined) return null;
    const byTopic = new Map<string, number[]>();
    for (const p of g.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    return [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
  };
  const answer = (topics: readonly FetchedTopic[]): Answer<CommittedOffset[]> => {
    const offsets = committedOffsets(topics);
    const unstable = offsets.find(
      (o) => o.error instanceof BrokerError && o.error.errorCode === errorCodes.UNSTABLE_OFFSET_COMMIT.code,
    );
    return unstable?.error !== undefined ? { again: unstable.error } : { value: offsets };
  };
  return fanOut(
    cluster,
    groups,
    {
      api: 'OffsetFetch',
      kind: 'group',
      nameOf: groupIdOf,
      check: (g) =>
        groupIdProblem(groupIdOf(g)) ?? partitionsProblem(typeof g === 'string' ? undefined : g.partitions),
      router: coordinators('group', groupIdOf),
      version: (v) => Math.min(v, NAMED_TOPICS_UNTIL),
      // One group per request before v8.
      maxKeys: (v) => (v >= BATCHED_FETCH_FROM ? Number.POSITIVE_INFINITY : 1),
      request: (list, version) =>
        version >= BATCHED_FETCH_FROM
          ? {
              groups: list.map((g) => ({
                groupId: groupIdOf(g),
                memberId: null,
                memberEpoch: -1,
                topics: topicsOf(g),
              })),
              requireStable,
            }
          : {
              groupId: groupIdOf(list[0] as GroupOffsetsSpec),
              topics: topicsOf(list[0] as GroupOffsetsSpec),
              requireStable,
            },
      answers: (r, list, version) => {
        if (version < BATCHED_FETCH_FROM) {
          const groupId = groupIdOf(list[0] as GroupOffsetsSpec);
          return new Map([
            [groupId, r.errorCode !== 0 ? answerOf(r.errorCode, null, () => []) : answer(r.topics)],
          ]);
        }
        return answersOf(r.groups, (g) =>
          g.errorCode !== 0 ? answerOf(g.errorCode, null, () => []) : answer(g.topics),
        );
      },
    },
    { ...options, operation },
  );
}

/**
 * Commits `offsets` for `groupId` as an admin (no member, generation -1): each partition's
 * outcome (UNKNOWN_MEMBER_ID while the group has members, UNKNOWN_TOPIC_OR_PARTITION, ...).
 */
export function alterConsumerGroupOffsets(
  cluster: Cluster,
  groupId: string,
  offsets: readonly OffsetToCommit[],
  options: CallOptions = {},
  operation = 'alterConsumerGroupOffsets',
): Promise<AdminResults<OffsetToCommit, void>> {
  return fanOut(
    cluster,
    offsets,
    partitionsOfGroup(groupId, 'OffsetCommit', {
      check: (o) => {
        const v = o?.offset;
        const ok = typeof v === 'bigint' ? v >= 0n : Number.isSafeInteger(v) && v >= 0;
        return ok ? undefined : `offset ${String(v)} is not an offset (an integer >= 0)`;
      },
      version: (v) => Math.min(v, NAMED_TOPICS_UNTIL),
      request: (list) => ({
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: byTopic(list).map(([name, parts]) => ({
          name,
          partitions: parts.map((o) => ({
            partitionIndex: o.partition,
            committedOffset: BigInt(o.offset),
            committedLeaderEpoch: o.leaderEpoch ?? -1,
            commitTimestamp: -1n,
            committedMetadata: o.metadata ?? '',
          })),
        })),
      }),
      // OffsetCommit has no group-level error: a moved coordinator is answered per partition.
      answers: (r) => partitionAnswers(r.topics),
    }),
    { ...options, operation },
  );
}

/**
 * Deletes `groupId`'s committed offsets of `partitions` (OffsetDelete): each partition's outcome
 * (GROUP_SUBSCRIBED_TO_TOPIC, or the group's error: GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP).
 */
export function deleteConsumerGroupOffsets(
  cluster: Cluster,
  groupId: string,
  partitions: readonly TopicPartition[],
  options: CallOptions = {},
  operation = 'deleteConsumerGroupOffsets',
): Promise<AdminResults<TopicPartition, void>> {
  return fanOut(
    cluster,
    partitions,
    partitionsOfGroup(groupId, 'OffsetDelete', {
      request: (list) => ({
        groupId,
        topics: byTopic(list).map(([name, parts]) => ({
          name,
          partitions: parts.map((p) => ({ partitionIndex: p.partition })),
        })),
      }),
      answers: (r, list) =>
        r.errorCode !== 0
          ? new Map(list.map((p) => [partitionName(p), answerOf(r.errorCode, null, () => undefined)]))
          : partitionAnswers(r.topics),
    }),
    { ...options, operation },
  );
}

/** A request about partitions of one group, sent to the group's coordinator. */
function partitionsOfGroup<K extends TopicPartition, N extends RoutableApi>(
  groupId: string,
  api: N,
  spec: Pick<ResourceRequest<K, void, N>, 'request' | 'answers'> &
    Partial<Pick<ResourceRequest<K, void, N>, 'version'>> & { check?: (key: K) => string | undefined },
): ResourceRequest<K, void, N> {
  return {
    ...spec,
    api,
    kind: 'partition',
    nameOf: partitionName,
    check: (p) => groupIdProblem(groupId) ?? partitionsProblem([p]) ?? spec.check?.(p),
    router: coordinators('group', () => groupId),
  };
}

/** Each partition's answer, by `topic/partition`. */
function partitionAnswers(
  topics: readonly { name: string; partitions: readonly { partitionIndex: number; errorCode: number }[] }[],
): Map<string, Answer<void>> {
  return new Map(
    topics.flatMap((t) =>
      t.partitions.map((p) => [
        partitionName({ topic: t.name, partition: p.partitionIndex }),
        answerOf(p.errorCode, null, () => undefined),
      ]),
    ),
  );
}

function committedOffsets(topics: readonly FetchedTopic[]): CommittedOffset[] {
  const out = new Map<string, CommittedOffset>();
  for (const t of topics)
    for (const p of t.partitions) {
      const error = errorForCode(p.errorCode);
      out.set(partitionName({ topic: t.name, partition: p.partitionIndex }), {
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset >= 0n ? p.committedOffset : null,
        leaderEpoch: p.committedLeaderEpoch >= 0 ? p.committedLeaderEpoch : null,
        metadata: p.metadata ?? '',
        ...(error === undefined ? {} : { error }),
      });
    }
  return [...out.values()].sort(byTopicPartition);
}

/** Partitions grouped by topic, in order of first appearance. */
function byTopic<P extends TopicPartition>(list: readonly P[]): [string, P[]][] {
  const out = new Map<string, P[]>();
  for (const p of list) out.set(p.topic, [...(out.get(p.topic) ?? []), p]);
  return [...out];
}

/** Why partitions are refused before any request, if they are. */
function partitionsProblem(partitions: readonly TopicPartition[] | undefined): string | undefined {
  for (const p of partitions ?? []) {
    const topic = topicNameProblem(p?.topic);
    if (topic !== undefined) return topic;
    if (!Number.isInteger(p.partition) || p.partition < 0)
      return `partition ${String(p.partition)} of ${p.topic} is not a partition (an integer >= 0)`;
  }
  return undefined;
}

function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}
