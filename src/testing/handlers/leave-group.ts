/**
 * LeaveGroup (key 13): members leave a classic group (one before v3, a batch from v3, KIP-345);
 * on a KIP-848 group it removes the members named, as Kafka 4.x does for an admin.
 */
import type { LeaveGroupRequest } from '../../protocol/messages/leave-group.js';
import { coordinatorError } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The LeaveGroup handler. */
export const leaveGroup: ApiHandler = {
  api: 'LeaveGroup',
  versions: { min: 0, max: 5 },
  handle(request, context) {
    const body = request.body as LeaveGroupRequest;
    const notCoordinator = coordinatorError(context, body.groupId);
    if (notCoordinator !== 0) return { throttleTimeMs: 0, errorCode: notCoordinator, members: [] };
    const groups = context.state.groups;
    const group =
      groups.kind(body.groupId) === 'consumer'
        ? groups.consumerGroup(body.groupId)
        : groups.classicGroup(body.groupId);
    if (request.apiVersion < 3)
      return { throttleTimeMs: 0, errorCode: group.leave(body.memberId, null), members: [] };
    const members = body.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode: group.leave(m.memberId, m.groupInstanceId),
    }));
    return { throttleTimeMs: 0, errorCode: 0, members };
  },
  errorBody: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode, members: [] }),
};
