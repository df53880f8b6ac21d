/**
 * ConsumerGroupDescribe (key 69, KIP-848): KIP-848 groups with their epochs, state and members
 * (subscriptions, current and target assignments). A classic or unknown group is answered
 * GROUP_ID_NOT_FOUND, as Kafka answers it, so that a client can fall back to DescribeGroups.
 */
import type { ConsumerGroupDescribeRequest } from '../../protocol/messages/consumer-group-describe.js';
import { GroupErrors } from '../group-errors.js';
import { coordinatorError } from './coordinator-check.js';
import type { ApiHandler, HandlerContext } from './handler.js';

/** The ConsumerGroupDescribe handler. */
export const consumerGroupDescribe: ApiHandler = {
  api: 'ConsumerGroupDescribe',
  versions: { min: 0, max: 1 },
  handle(request, context) {
    const body = request.body as ConsumerGroupDescribeRequest;
    return { throttleTimeMs: 0, groups: body.groupIds.map((groupId) => describeGroup(context, groupId)) };
  },
};

function describeGroup(context: HandlerContext, groupId: string) {
  const failed = (errorCode: number, errorMessage: string | null) => ({
    errorCode,
    errorMessage,
    groupId,
    groupState: '',
    groupEpoch: -1,
    assignmentEpoch: -1,
    assignorName: '',
    members: [],
  });
  if (groupId === '') return failed(GroupErrors.INVALID_GROUP_ID, null);
  const notCoordinator = coordinatorError(context, groupId);
  if (notCoordinator !== 0) return failed(notCoordinator, null);
  const kind = context.state.groups.kind(groupId);
  if (kind !== 'consumer') {
    const why =
      kind === undefined ? `Group ${groupId} not found.` : `Group ${groupId} is not a consumer group.`;
    return failed(GroupErrors.GROUP_ID_NOT_FOUND, why);
  }
  const group = context.state.groups.consumerGroup(groupId);
  return {
    errorCode: 0,
    errorMessage: null,
    groupId,
    groupState: group.state(),
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    // The fake's one server-side assignor (see consumer-group.ts).
    assignorName: 'uniform',
    members: group.describeMembers().map((m) => ({ ...m, subscribedTopicRegex: null, memberType: 1 })),
  };
}
