/**
 * ShareAcknowledge (key 79, KIP-932): acknowledgements on an open share session (epoch 0 is
 * refused: it would open one); epoch -1 applies them and closes the session, releasing what it
 * still held. Renewals (type 4) extend the lock by the lock duration (KIP-1222).
 */
import type { ShareAcknowledgeRequest } from '../../protocol/messages/share-acknowledge.js';
import type { ApiHandler } from './handler.js';
import { leaderError } from './handler.js';
import { applyAcknowledgements, shareErrorBody } from './share-acknowledgements.js';

/** The ShareAcknowledge handler. */
export const shareAcknowledge: ApiHandler = {
  api: 'ShareAcknowledge',
  versions: { min: 1, max: 2 },
  handle(request, context) {
    const { state, nodeId } = context;
    const body = request.body as ShareAcknowledgeRequest;
    const groupId = body.groupId ?? '';
    const memberId = body.memberId ?? '';
    const resolved = state.shareGroups.session(nodeId, groupId, memberId, body.shareSessionEpoch, false);
    if ('errorCode' in resolved) return shareAcknowledge.errorBody?.(request, resolved.errorCode, context);
    const responses = body.topics.map((t) => {
      const topic = state.topicById(t.topicId)?.name;
      return {
        topicId: t.topicId,
        partitions: t.partitions.map((p) => {
          const partition = topic === undefined ? undefined : state.partition(topic, p.partitionIndex);
          const notLeader = leaderError(partition, nodeId, -1);
          const errorCode =
            notLeader !== 0 || topic === undefined
              ? notLeader
              : applyAcknowledgements(state, groupId, memberId, topic, p.partitionIndex, p);
          return {
            partitionIndex: p.partitionIndex,
            errorCode,
            errorMessage: null,
            currentLeader: { leaderId: partition?.leader ?? -1, leaderEpoch: partition?.leaderEpoch ?? -1 },
          };
        }),
      };
    });
    if (body.shareSessionEpoch === -1) state.shareGroups.closeSession(nodeId, groupId, memberId);
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      acquisitionLockTimeoutMs: state.behaviour.shareRecordLockMs,
      responses,
      nodeEndpoints: [],
    };
  },
  errorBody: (_request, errorCode) => shareErrorBody(errorCode),
};
