/**
 * SyncGroup (key 14): the leader hands out the assignment of the generation, followers wait for
 * it (see `classic-group.ts`).
 */
import type { SyncGroupRequest } from '../../protocol/messages/sync-group.js';
import { coordinatorError, isFencing } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The SyncGroup handler. */
export const syncGroup: ApiHandler = {
  api: 'SyncGroup',
  versions: { min: 0, max: 5 },
  async handle(request, context) {
    const body = request.body as SyncGroupRequest;
    const notCoordinator = coordinatorError(context, body.groupId);
    if (notCoordinator !== 0) return syncGroup.errorBody?.(request, notCoordinator, context);
    const group = context.state.groups.classicGroup(body.groupId);
    const answer = await group.sync(body.memberId, body.generationId, body.assignments);
    return { throttleTimeMs: 0, ...answer };
  },
  errorBody(request, errorCode, { state }) {
    const body = request.body as SyncGroupRequest;
    if (isFencing(errorCode)) state.groups.classicGroup(body.groupId).remove(body.memberId);
    return {
      throttleTimeMs: 0,
      errorCode,
      protocolType: null,
      protocolName: null,
      assignment: new Uint8Array(0),
    };
  },
};
