/**
 * ListTransactions (key 66, KIP-664): the transactional ids this broker coordinates, filtered as
 * Kafka's `TransactionStateManager.listTransactionStates` filters — by state (unknown state
 * names are answered back in `unknownStateFilters`), producer id, running time (v1, KIP-994)
 * and a transactional-id regular expression (v2, KIP-1152).
 */
import type { ListTransactionsRequest } from '../../protocol/messages/list-transactions.js';
import type { ApiHandler } from './handler.js';

const STATES = new Set([
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'PrepareEpochFence',
  'Dead',
]);

/** The ListTransactions handler. */
export const listTransactions: ApiHandler = {
  api: 'ListTransactions',
  versions: { min: 0, max: 2 },
  handle(request, { state, nodeId }) {
    const body = request.body as ListTransactionsRequest;
    const v = request.apiVersion;
    const states = new Set(body.stateFilters);
    const producerIds = new Set(body.producerIdFilters);
    const minDuration = v >= 1 ? body.durationFilter : -1n;
    const pattern =
      v >= 2 && body.transactionalIdPattern ? new RegExp(body.transactionalIdPattern) : undefined;
    const now = Date.now();
    const transactionStates = state.transactions
      .all()
      .filter((t) => state.coordinatorFor(1, t.transactionalId) === nodeId)
      .filter((t) => states.size === 0 || states.has(t.state))
      .filter((t) => producerIds.size === 0 || producerIds.has(t.producerId))
      .filter((t) => minDuration < 0n || (t.startedAt >= 0 && BigInt(now - t.startedAt) > minDuration))
      .filter((t) => pattern === undefined || pattern.test(t.transactionalId))
      .map((t) => ({
        transactionalId: t.transactionalId,
        producerId: t.producerId,
        transactionState: t.state,
      }));
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      unknownStateFilters: body.stateFilters.filter((s) => !STATES.has(s)),
      transactionStates,
    };
  },
  errorBody: (_request, errorCode) => ({
    throttleTimeMs: 0,
    errorCode,
    unknownStateFilters: [],
    transactionStates: [],
  }),
};
