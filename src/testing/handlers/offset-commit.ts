/**
 * OffsetCommit (key 8): stores a group's offsets after checking the member's generation (classic)
 * or member epoch (KIP-848; v9+); partitions of unknown topics are refused. Topics are named by
 * id from v10.
 */
import type { OffsetCommitRequest } from '../../protocol/messages/offset-commit.js';
import { coordinatorError } from './coordinator-check.js';
import { type ApiHandler, Errors } from './handler.js';
import { topicNamed } from './topic-names.js';

/** The OffsetCommit handler. */
export const offsetCommit: ApiHandler = {
  api: 'OffsetCommit',
  versions: { min: 2, max: 10 },
  handle(request, context) {
    const { state, faults } = context;
    const body = request.body as OffsetCommitRequest;
    const v = request.apiVersion;
    const groupError =
      coordinatorError(context, body.groupId) ||
      state.groups.commitError(body.groupId, body.memberId, body.generationIdOrMemberEpoch);
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => {
        const name = topicNamed(state, v >= 10, t.name, t.topicId);
        return {
          name: t.name,
          topicId: t.topicId,
          partitions: t.partitions.map((p) => {
            const known = name !== undefined && state.partition(name, p.partitionIndex) !== undefined;
            const fault = name === undefined ? undefined : faults.partitionError(name, p.partitionIndex);
            const unknown = v >= 10 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            const errorCode = fault ?? (groupError || (known ? 0 : unknown));
            if (errorCode === 0 && name !== undefined)
              state.groups.commit(body.groupId, name, p.partitionIndex, {
                offset: p.committedOffset,
                leaderEpoch: v >= 6 ? p.committedLeaderEpoch : -1,
                metadata: p.committedMetadata,
              });
            return { partitionIndex: p.partitionIndex, errorCode };
          }),
        };
      }),
    };
  },
};
