/**
 * TxnOffsetCommit (key 28): offsets kept with the producer's transaction, committed by its
 * EndTxn. The member's generation is checked from v3 (KIP-447: a zombie member's offsets are
 * refused); v5 adds the group to the transaction itself (KIP-890), below v5 AddOffsetsToTxn
 * must have. Topics by name (v6's topic ids are not served).
 */
import type { TxnOffsetCommitRequest } from '../../protocol/messages/txn-offset-commit.js';
import { coordinatorError } from './coordinator-check.js';
import { type ApiHandler, Errors } from './handler.js';

/** The TxnOffsetCommit handler. */
export const txnOffsetCommit: ApiHandler = {
  api: 'TxnOffsetCommit',
  versions: { min: 0, max: 5 },
  // A partition fault answers the whole request without keeping anything (Kafka validates first).
  handle(request, context) {
    const { state, faults } = context;
    const body = request.body as TxnOffsetCommitRequest;
    const v = request.apiVersion;
    const memberError =
      v >= 3 && body.generationIdOrMemberEpoch >= 0
        ? state.groups.commitError(body.groupId, body.memberId, body.generationIdOrMemberEpoch)
        : 0;
    const known = body.topics.every((t) =>
      t.partitions.every((p) => state.partition(t.name, p.partitionIndex)),
    );
    const faultOf = (topic: string, partition: number) => faults.partitionError(topic, partition);
    const faulted = body.topics.some((t) =>
      t.partitions.some((p) => faultOf(t.name, p.partitionIndex) !== undefined),
    );
    const requestError = faulted
      ? 0
      : coordinatorError(context, body.groupId) ||
        memberError ||
        (known ? 0 : Errors.UNKNOWN_TOPIC_OR_PARTITION) ||
        state.transactions.commitOffsets(
          body.transactionalId,
          body.producerId,
          body.producerEpoch,
          body.groupId,
          body.topics.flatMap((t) =>
            t.partitions.map((p) => ({
              topic: t.name,
              partition: p.partitionIndex,
              offset: p.committedOffset,
              leaderEpoch: v >= 2 ? p.committedLeaderEpoch : -1,
              metadata: p.committedMetadata ?? '',
            })),
          ),
          v >= 5,
        );
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: faultOf(t.name, p.partitionIndex) ?? requestError,
        })),
      })),
    };
  },
};
