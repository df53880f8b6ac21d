/**
 * OffsetDelete (key 47, KIP-496): deletes a group's committed offsets of topics no member
 * subscribes to; a subscribed topic's partitions are answered GROUP_SUBSCRIBED_TO_TOPIC, and a
 * classic group with members of another protocol than `consumer` NON_EMPTY_GROUP as a whole.
 */
import type { OffsetDeleteRequest } from '../../protocol/messages/offset-delete.js';
import { GroupErrors } from '../group-errors.js';
import { coordinatorError } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The OffsetDelete handler. */
export const offsetDelete: ApiHandler = {
  api: 'OffsetDelete',
  versions: { min: 0, max: 0 },
  handle(request, context) {
    const body = request.body as OffsetDeleteRequest;
    const groups = context.state.groups;
    const errorCode =
      body.groupId === ''
        ? GroupErrors.INVALID_GROUP_ID
        : coordinatorError(context, body.groupId) || groups.offsetDeleteError(body.groupId);
    if (errorCode !== 0) return { errorCode, throttleTimeMs: 0, topics: [] };
    return {
      errorCode: 0,
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode:
            context.faults.partitionError(t.name, p.partitionIndex) ??
            groups.deleteOffset(body.groupId, t.name, p.partitionIndex),
        })),
      })),
    };
  },
  errorBody: (_request, errorCode) => ({ errorCode, throttleTimeMs: 0, topics: [] }),
};
