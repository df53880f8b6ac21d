/**
 * OffsetFetch (key 9): a group's committed offsets; one group before v8, a batch of groups from
 * v8 (KIP-709), topics by id from v10; a null topic list asks for every committed partition.
 */
import type { OffsetFetchRequest } from '../../protocol/messages/offset-fetch.js';
import type { ClusterState } from '../cluster-state.js';
import type { RequestFaults } from '../faults.js';
import { coordinatorError } from './coordinator-check.js';
import { type ApiHandler, Errors, type HandlerContext } from './handler.js';
import { ZERO_UUID } from './topic-names.js';

interface AskedTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitionIndexes: readonly number[];
}

/** The OffsetFetch handler. */
export const offsetFetch: ApiHandler = {
  api: 'OffsetFetch',
  versions: { min: 1, max: 10 },
  handle(request, context) {
    const body = request.body as OffsetFetchRequest;
    const v = request.apiVersion;
    if (v < 8) {
      const errorCode = coordinatorError(context, body.groupId);
      const asked = body.topics?.map((t) => ({ ...t, topicId: ZERO_UUID })) ?? null;
      return {
        throttleTimeMs: 0,
        errorCode,
        topics: errorCode === 0 ? answerGroup(context, body.groupId, asked, false) : [],
      };
    }
    return {
      throttleTimeMs: 0,
      groups: body.groups.map((g) => {
        const errorCode = coordinatorError(context, g.groupId);
        return {
          groupId: g.groupId,
          errorCode,
          topics: errorCode === 0 ? answerGroup(context, g.groupId, g.topics, v >= 10) : [],
        };
      }),
    };
  },
};

function answerGroup(
  context: HandlerContext,
  groupId: string,
  asked: readonly AskedTopic[] | null,
  byId: boolean,
) {
  const { state, faults } = context;
  const topics = asked ?? committedTopics(state, groupId);
  return topics.map((t) => {
    const name = byId ? (state.topicById(t.topicId)?.name ?? '') : t.name;
    return {
      name: t.name,
      topicId: t.topicId === ZERO_UUID ? (state.topics.get(name)?.topicId ?? ZERO_UUID) : t.topicId,
      partitions: t.partitionIndexes.map((partitionIndex) =>
        partitionAnswer(state, faults, groupId, name, partitionIndex, byId),
      ),
    };
  });
}

function partitionAnswer(
  state: ClusterState,
  faults: RequestFaults,
  groupId: string,
  topic: string,
  partitionIndex: number,
  byId: boolean,
) {
  const fault = faults.partitionError(topic, partitionIndex);
  const unknownId = byId && !state.topics.has(topic);
  const committed = state.groups.committed(groupId, topic, partitionIndex);
  return {
    partitionIndex,
    committedOffset: committed?.offset ?? -1n,
    committedLeaderEpoch: committed?.leaderEpoch ?? -1,
    metadata: committed?.metadata ?? '',
    errorCode: fault ?? (unknownId ? Errors.UNKNOWN_TOPIC_ID : 0),
  };
}

function committedTopics(state: ClusterState, groupId: string): AskedTopic[] {
  const byTopic = new Map<string, number[]>();
  for (const [topic, partition] of state.groups.committedPartitions(groupId))
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic].map(([name, partitionIndexes]) => ({
    name,
    topicId: state.topics.get(name)?.topicId ?? ZERO_UUID,
    partitionIndexes,
  }));
}
