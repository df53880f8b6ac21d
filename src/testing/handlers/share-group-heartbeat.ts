/**
 * ShareGroupHeartbeat (key 76): joins, beats and leaves of a share group member (KIP-932); the
 * assignment is every partition of the member's topics (`share-groups.ts`).
 */
import type { ShareGroupHeartbeatRequest } from '../../protocol/messages/share-group-heartbeat.js';
import { coordinatorError } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The ShareGroupHeartbeat handler. */
export const shareGroupHeartbeat: ApiHandler = {
  api: 'ShareGroupHeartbeat',
  versions: { min: 1, max: 1 },
  handle(request, context) {
    const body = request.body as ShareGroupHeartbeatRequest;
    const notCoordinator = coordinatorError(context, body.groupId);
    if (notCoordinator !== 0) return shareGroupHeartbeat.errorBody?.(request, notCoordinator, context);
    const { state } = context;
    const answer = state.shareGroups.heartbeat(
      body.groupId,
      body.memberId,
      body.memberEpoch,
      body.subscribedTopicNames,
      (topic) => {
        const t = state.topics.get(topic);
        return t === undefined ? undefined : { topicId: t.topicId, count: t.partitions.length };
      },
    );
    return {
      throttleTimeMs: 0,
      errorMessage: null,
      memberId: body.memberId,
      heartbeatIntervalMs: state.behaviour.shareHeartbeatIntervalMs,
      ...answer,
    };
  },
  errorBody(request, errorCode) {
    return {
      throttleTimeMs: 0,
      errorCode,
      errorMessage: null,
      memberId: (request.body as ShareGroupHeartbeatRequest).memberId,
      memberEpoch: -1,
      heartbeatIntervalMs: 0,
      assignment: null,
    };
  },
};
