/**
 * InitProducerId (key 22): a producer id and epoch for an idempotent or transactional producer
 * (KIP-98); a producer that names its current id and epoch (v3+, KIP-360) gets the epoch bumped.
 * A transactional id is served by its transaction coordinator, which fences the previous epoch
 * and aborts the transaction it left open (`transaction-coordinator.ts`).
 */
import type { InitProducerIdRequest } from '../../protocol/messages/init-producer-id.js';
import type { ApiHandler } from './handler.js';
import { transactionCoordinatorError } from './transaction-coordinator-check.js';

/** The InitProducerId handler. */
export const initProducerId: ApiHandler = {
  api: 'InitProducerId',
  versions: { min: 0, max: 5 },
  handle(request, context) {
    const { state } = context;
    const body = request.body as InitProducerIdRequest;
    const current =
      request.apiVersion >= 3
        ? { producerId: body.producerId, producerEpoch: body.producerEpoch }
        : undefined;
    const result =
      body.transactionalId === null
        ? state.producerIds.init(null, current)
        : transactionCoordinatorError(context, body.transactionalId) ||
          state.transactions.init(body.transactionalId, body.transactionTimeoutMs, current);
    if (typeof result === 'number') return errorBody(result);
    return { throttleTimeMs: 0, errorCode: 0, ...result };
  },
  errorBody: (_request, errorCode) => errorBody(errorCode),
};

function errorBody(errorCode: number) {
  return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
}
