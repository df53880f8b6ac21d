/**
 * ListGroups (key 16): the groups this broker coordinates, with their state from v4 (KIP-518)
 * and type from v5 (KIP-1043), filtered by state and type, case-insensitively, as Kafka filters.
 */
import type { ListGroupsRequest } from '../../protocol/messages/list-groups.js';
import type { ApiHandler } from './handler.js';

/** The ListGroups handler. */
export const listGroups: ApiHandler = {
  api: 'ListGroups',
  versions: { min: 0, max: 5 },
  handle(request, { state, nodeId }) {
    const body = request.body as ListGroupsRequest;
    const v = request.apiVersion;
    const states = new Set((v >= 4 ? body.statesFilter : []).map((s) => s.toLowerCase()));
    const types = new Set((v >= 5 ? body.typesFilter : []).map((t) => t.toLowerCase()));
    const groups = state.groups
      .list()
      .filter((g) => state.coordinatorFor(0, g.groupId) === nodeId)
      .filter((g) => states.size === 0 || states.has(g.state.toLowerCase()))
      .filter((g) => types.size === 0 || types.has(g.type))
      .map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType,
        groupState: g.state,
        groupType: g.type,
      }));
    return { throttleTimeMs: 0, errorCode: 0, groups };
  },
  errorBody: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] }),
};
