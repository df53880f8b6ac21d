/** AddOffsetsToTxn (key 25): a group's offsets join the producer's open transaction (KIP-98, v1 transactions). */
import type { AddOffsetsToTxnRequest } from '../../protocol/messages/add-offsets-to-txn.js';
import type { ApiHandler } from './handler.js';
import { transactionCoordinatorError } from './transaction-coordinator-check.js';

/** The AddOffsetsToTxn handler. */
export const addOffsetsToTxn: ApiHandler = {
  api: 'AddOffsetsToTxn',
  versions: { min: 0, max: 4 },
  handle(request, context) {
    const body = request.body as AddOffsetsToTxnRequest;
    const errorCode =
      transactionCoordinatorError(context, body.transactionalId) ||
      context.state.transactions.addOffsets(
        body.transactionalId,
        body.producerId,
        body.producerEpoch,
        body.groupId,
      );
    return { throttleTimeMs: 0, errorCode };
  },
  errorBody: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode }),
};
