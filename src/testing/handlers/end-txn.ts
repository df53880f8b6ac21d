/**
 * EndTxn (key 26): commits or aborts the producer's transaction, writing the markers and
 * committing its offsets; from v5 (transactions v2, KIP-890) the epoch is bumped and answered.
 */
import type { EndTxnRequest } from '../../protocol/messages/end-txn.js';
import type { ApiHandler } from './handler.js';
import { transactionCoordinatorError } from './transaction-coordinator-check.js';

/** The EndTxn handler. */
export const endTxn: ApiHandler = {
  api: 'EndTxn',
  versions: { min: 0, max: 5 },
  handle(request, context) {
    const body = request.body as EndTxnRequest;
    const notCoordinator = transactionCoordinatorError(context, body.transactionalId);
    if (notCoordinator !== 0) return errorBody(notCoordinator);
    const result = context.state.transactions.end(
      body.transactionalId,
      body.producerId,
      body.producerEpoch,
      body.committed,
      request.apiVersion >= 5,
    );
    return { throttleTimeMs: 0, ...result };
  },
  errorBody: (_request, errorCode) => errorBody(errorCode),
};

function errorBody(errorCode: number) {
  return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
}
