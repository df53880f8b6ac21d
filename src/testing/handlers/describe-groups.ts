/**
 * DescribeGroups (key 15): classic groups with their state, protocol and members (metadata and
 * assignment while Stable). A group that does not exist, or is a KIP-848 group, is answered
 * Dead; from v6 with GROUP_ID_NOT_FOUND and a message (KIP-1043), before v6 without an error,
 * as Kafka answers both (an empty group id too: Kafka 4.4 describes it as not found).
 */
import type { DescribeGroupsRequest } from '../../protocol/messages/describe-groups.js';
import { GroupErrors } from '../group-errors.js';
import { coordinatorError } from './coordinator-check.js';
import type { ApiHandler, HandlerContext } from './handler.js';

/** The DescribeGroups handler. */
export const describeGroups: ApiHandler = {
  api: 'DescribeGroups',
  versions: { min: 0, max: 6 },
  handle(request, context) {
    const body = request.body as DescribeGroupsRequest;
    return {
      throttleTimeMs: 0,
      groups: body.groups.map((groupId) => describeGroup(context, groupId, request.apiVersion)),
    };
  },
};

function describeGroup(context: HandlerContext, groupId: string, version: number) {
  const dead = (errorCode: number, errorMessage: string | null) => ({
    errorCode,
    errorMessage: version >= 6 ? errorMessage : null,
    groupId,
    groupState: errorCode === 0 || errorCode === GroupErrors.GROUP_ID_NOT_FOUND ? 'Dead' : '',
    protocolType: '',
    protocolData: '',
    members: [],
  });
  const notCoordinator = coordinatorError(context, groupId);
  if (notCoordinator !== 0) return dead(notCoordinator, null);
  const groups = context.state.groups;
  const kind = groups.kind(groupId);
  if (kind !== 'classic') {
    const why =
      kind === undefined ? `Group ${groupId} not found.` : `Group ${groupId} is not a classic group.`;
    return dead(version >= 6 ? GroupErrors.GROUP_ID_NOT_FOUND : 0, why);
  }
  const group = groups.existingClassicGroup(groupId);
  const stable = group?.state === 'Stable';
  return {
    errorCode: 0,
    errorMessage: null,
    groupId,
    groupState: group?.state ?? 'Empty',
    protocolType: group?.protocolType ?? '',
    protocolData: stable ? (group?.protocolName ?? '') : '',
    members: group?.describeMembers() ?? [],
  };
}
