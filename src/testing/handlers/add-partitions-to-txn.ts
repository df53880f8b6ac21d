/**
 * AddPartitionsToTxn (key 24), the client form (v0-3): partitions join the producer's open
 * transaction before its first batch to them (KIP-98). v4+ is broker-to-broker (KIP-890) and
 * not served. A request-level fault answers every partition with its code.
 */
import type { AddPartitionsToTxnRequest } from '../../protocol/messages/add-partitions-to-txn.js';
import type { ApiHandler } from './handler.js';
import { transactionCoordinatorError } from './transaction-coordinator-check.js';

/** The AddPartitionsToTxn handler. */
export const addPartitionsToTxn: ApiHandler = {
  api: 'AddPartitionsToTxn',
  versions: { min: 0, max: 3 },
  handle(request, context) {
    const body = request.body as AddPartitionsToTxnRequest;
    const partitions = body.v3AndBelowTopics.flatMap((t) =>
      t.partitions.map((partition) => ({ topic: t.name, partition })),
    );
    const notCoordinator = transactionCoordinatorError(context, body.v3AndBelowTransactionalId);
    const codes =
      notCoordinator !== 0
        ? partitions.map(() => notCoordinator)
        : context.state.transactions.addPartitions(
            body.v3AndBelowTransactionalId,
            body.v3AndBelowProducerId,
            body.v3AndBelowProducerEpoch,
            partitions,
          );
    return answer(body, (i) => codes[i] ?? 0);
  },
  errorBody: (request, errorCode) => answer(request.body as AddPartitionsToTxnRequest, () => errorCode),
};

function answer(body: AddPartitionsToTxnRequest, codeOf: (index: number) => number) {
  let i = 0;
  return {
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: body.v3AndBelowTopics.map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((partitionIndex) => ({
        partitionIndex,
        partitionErrorCode: codeOf(i++),
      })),
    })),
  };
}
