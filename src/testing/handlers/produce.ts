/**
 * Produce (key 0): appends each partition's batches to the one shared log, on the leader only,
 * with the idempotent producer checks of the log (duplicates answered with their first offset,
 * OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH) and, for transactional batches, the
 * transaction coordinator's (`transactionError`). From v13 topics are named by id. An
 * acks=0 request is never answered, as Kafka does not.
 */
import type { ProduceRequest } from '../../protocol/messages/produce.js';
import type { ClusterState } from '../cluster-state.js';
import { type IncomingBatch, splitBatches } from '../stored-batch.js';
import { type ApiHandler, Errors, leaderError } from './handler.js';
import { topicNamed } from './topic-names.js';

/** The Produce handler. */
export const produce: ApiHandler = {
  api: 'Produce',
  versions: { min: 3, max: 13 },
  silent: (request) => (request.body as ProduceRequest).acks === 0,
  handle(request, { state, nodeId, faults }) {
    const body = request.body as ProduceRequest;
    const v = request.apiVersion;
    const responses = body.topicData.map((t) => {
      const name = topicNamed(state, v >= 13, t.name, t.topicId);
      return {
        name: t.name,
        topicId: t.topicId,
        partitionResponses: t.partitionData.map((p) => {
          const answer = (errorCode: number, baseOffset = -1n, logStartOffset = -1n) => ({
            index: p.index,
            errorCode,
            baseOffset,
            logAppendTimeMs: -1n,
            logStartOffset,
            ...(errorCode === Errors.NOT_LEADER_OR_FOLLOWER && v >= 10 && partition !== undefined
              ? { currentLeader: { leaderId: partition.leader, leaderEpoch: partition.leaderEpoch } }
              : {}),
          });
          const partition = name === undefined ? undefined : state.partition(name, p.index);
          if (name === undefined) return answer(Errors.UNKNOWN_TOPIC_ID);
          const fault = faults.partitionError(name, p.index);
          if (fault !== undefined) return answer(fault);
          const notLeader = leaderError(partition, nodeId, -1);
          if (notLeader !== 0 || partition === undefined) return answer(notLeader);
          const batches = splitBatches(p.records);
          if (batches === undefined) return answer(Errors.CORRUPT_MESSAGE);
          // The topic's `max.message.bytes` bounds each batch (`LogValidator`: RecordTooLargeException).
          const limit = Number(
            state.topics.get(name)?.configs['max.message.bytes'] ?? Number.POSITIVE_INFINITY,
          );
          if (batches.some((b) => b.bytes.length > limit)) return answer(Errors.MESSAGE_TOO_LARGE);
          const txnError = transactionError(state, body, v, name, p.index, batches);
          if (txnError !== 0) return answer(txnError);
          const result = partition.log.append(batches, partition.leaderEpoch);
          return answer(result.errorCode, BigInt(result.baseOffset), BigInt(partition.log.logStartOffset));
        }),
      };
    });
    return { responses, throttleTimeMs: 0 };
  },
};

/**
 * Transactional batches (KIP-98) belong to an open transaction of their producer: Produce v12+
 * under transaction.version 2 adds the partition to it (KIP-890); below, the partition must
 * have been added by AddPartitionsToTxn. 0 or the error code.
 */
function transactionError(
  state: ClusterState,
  body: ProduceRequest,
  version: number,
  topic: string,
  partition: number,
  batches: readonly IncomingBatch[],
): number {
  const first = batches[0];
  if (body.transactionalId === null || first === undefined || !first.transactional) return 0;
  const implicit = version >= 12 && state.behaviour.transactionVersion >= 2;
  return state.transactions.produced(
    body.transactionalId,
    first.producerId,
    first.producerEpoch,
    topic,
    partition,
    implicit,
  );
}
