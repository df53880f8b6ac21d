/**
 * ConsumerGroupHeartbeat (key 68): the KIP-848 protocol — joins, leaves, subscription changes and
 * reconciliation of one member, with the assignment computed by the coordinator (see
 * `consumer-group.ts`).
 */
import type { ConsumerGroupHeartbeatRequest } from '../../protocol/messages/consumer-group-heartbeat.js';
import { coordinatorError, isFencing } from './coordinator-check.js';
import type { ApiHandler } from './handler.js';

/** The ConsumerGroupHeartbeat handler. */
export const consumerGroupHeartbeat: ApiHandler = {
  api: 'ConsumerGroupHeartbeat',
  versions: { min: 0, max: 1 },
  handle(request, context) {
    const body = request.body as ConsumerGroupHeartbeatRequest;
    const notCoordinator = coordinatorError(context, body.groupId);
    if (notCoordinator !== 0) return consumerGroupHeartbeat.errorBody?.(request, notCoordinator, context);
    const answer = context.state.groups.consumerGroup(body.groupId).heartbeat({
      memberId: body.memberId,
      memberEpoch: body.memberEpoch,
      instanceId: body.instanceId,
      rebalanceTimeoutMs: body.rebalanceTimeoutMs,
      subscribedTopicNames: body.subscribedTopicNames,
      ownedTopicPartitions: body.topicPartitions,
      clientId: request.clientId ?? '',
      rackId: body.rackId,
    });
    return { throttleTimeMs: 0, errorMessage: null, ...answer };
  },
  errorBody(request, errorCode, { state }) {
    const body = request.body as ConsumerGroupHeartbeatRequest;
    if (isFencing(errorCode)) state.groups.consumerGroup(body.groupId).remove(body.memberId);
    return {
      throttleTimeMs: 0,
      errorCode,
      errorMessage: null,
      memberId: body.memberId,
      memberEpoch: -1,
      heartbeatIntervalMs: 0,
      assignment: null,
    };
  },
};
