/**
 * DeleteGroups (key 42): deletes empty groups and their committed offsets; a group with members
 * is refused with NON_EMPTY_GROUP, an unknown one (an empty id too, as Kafka 4.4 answers it)
 * with GROUP_ID_NOT_FOUND, each group answered on its own.
 */
import type { DeleteGroupsRequest } from '../../protocol/messages/delete-groups.js';
import { coordinatorError } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The DeleteGroups handler. */
export const deleteGroups: ApiHandler = {
  api: 'DeleteGroups',
  versions: { min: 0, max: 3 },
  handle(request, context) {
    const body = request.body as DeleteGroupsRequest;
    return {
      throttleTimeMs: 0,
      results: body.groupsNames.map((groupId) => {
        const errorCode = coordinatorError(context, groupId) || context.state.groups.deleteGroup(groupId);
        return { groupId, errorCode, errorMessage: null };
      }),
    };
  },
};
