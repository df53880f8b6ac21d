/** Heartbeat (key 12): keeps a classic group member's session alive and tells it of a rebalance. */
import type { HeartbeatRequest } from '../../protocol/messages/heartbeat.js';
import { coordinatorError, isFencing } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The Heartbeat handler. */
export const heartbeat: ApiHandler = {
  api: 'Heartbeat',
  versions: { min: 0, max: 4 },
  handle(request, context) {
    const body = request.body as HeartbeatRequest;
    const notCoordinator = coordinatorError(context, body.groupId);
    if (notCoordinator !== 0) return { throttleTimeMs: 0, errorCode: notCoordinator };
    const group = context.state.groups.classicGroup(body.groupId);
    const groupInstanceId = request.apiVersion >= 3 ? body.groupInstanceId : null;
    return {
      throttleTimeMs: 0,
      errorCode: group.heartbeat(body.memberId, body.generationId, groupInstanceId),
    };
  },
  errorBody(request, errorCode, { state }) {
    const body = request.body as HeartbeatRequest;
    if (isFencing(errorCode)) state.groups.classicGroup(body.groupId).remove(body.memberId);
    return { throttleTimeMs: 0, errorCode };
  },
};
