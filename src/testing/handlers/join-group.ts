/**
 * JoinGroup (key 11): a member joins the classic group's next generation; the answer waits until
 * the join round completes (see `classic-group.ts`). v4+ clients get MEMBER_ID_REQUIRED first
 * (KIP-394); v5+ may be static members (KIP-345).
 */
import type { JoinGroupRequest } from '../../protocol/messages/join-group.js';
import { coordinatorError, isFencing } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The JoinGroup handler. */
export const joinGroup: ApiHandler = {
  api: 'JoinGroup',
  versions: { min: 0, max: 9 },
  async handle(request, context) {
    const body = request.body as JoinGroupRequest;
    const notCoordinator = coordinatorError(context, body.groupId);
    if (notCoordinator !== 0) return joinGroup.errorBody?.(request, notCoordinator, context);
    const answer = await context.state.groups.classicGroup(body.groupId).join({
      memberId: body.memberId,
      groupInstanceId: request.apiVersion >= 5 ? body.groupInstanceId : null,
      protocolType: body.protocolType,
      protocols: body.protocols,
      sessionTimeoutMs: body.sessionTimeoutMs,
      // Before v1 the session timeout was also the rebalance timeout.
      rebalanceTimeoutMs: request.apiVersion >= 1 ? body.rebalanceTimeoutMs : body.sessionTimeoutMs,
      memberIdRequired: request.apiVersion >= 4,
      clientId: request.clientId ?? '',
    });
    return nullable(request.apiVersion, { throttleTimeMs: 0, ...answer });
  },
  errorBody(request, errorCode, { state }) {
    const body = request.body as JoinGroupRequest;
    if (isFencing(errorCode)) state.groups.classicGroup(body.groupId).remove(body.memberId);
    const answer = {
      throttleTimeMs: 0,
      errorCode,
      generationId: -1,
      protocolName: null,
      leader: '',
      memberId: body.memberId,
      members: [],
    };
    return nullable(request.apiVersion, answer);
  },
};

/** The protocol name is nullable from v7 only; older versions carry an empty string. */
function nullable<T extends { protocolName: string | null }>(version: number, answer: T): T {
  return version >= 7 || answer.protocolName !== null ? answer : { ...answer, protocolName: '' };
}
