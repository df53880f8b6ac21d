/**
 * DescribeTransactions (key 65, KIP-664): each transactional id's state at its coordinator;
 * an id another broker coordinates is NOT_COORDINATOR, an unknown one TRANSACTIONAL_ID_NOT_FOUND.
 */

import type { DescribeTransactionsRequest } from '../../protocol/messages/describe-transactions.js';
import type { ApiHandler } from './handler.js';
import { transactionCoordinatorError } from './transaction-coordinator-check.js';

const TRANSACTIONAL_ID_NOT_FOUND = 105;

/** The DescribeTransactions handler. */
export const describeTransactions: ApiHandler = {
  api: 'DescribeTransactions',
  versions: { min: 0, max: 0 },
  handle(request, context) {
    const body = request.body as DescribeTransactionsRequest;
    return {
      throttleTimeMs: 0,
      transactionStates: body.transactionalIds.map((transactionalId) => {
        const notCoordinator = transactionCoordinatorError(context, transactionalId);
        const t = notCoordinator === 0 ? context.state.transactions.get(transactionalId) : undefined;
        const errorCode =
          notCoordinator !== 0 ? notCoordinator : t === undefined ? TRANSACTIONAL_ID_NOT_FOUND : 0;
        const byTopic = new Map<string, number[]>();
        for (const k of t?.partitions ?? []) {
          const [topic, partition] = k.split('\0') as [string, string];
          byTopic.set(topic, [...(byTopic.get(topic) ?? []), Number(partition)]);
        }
        return {
          errorCode,
          transactionalId,
          transactionState: t?.state ?? '',
          transactionTimeoutMs: t?.timeoutMs ?? 0,
          transactionStartTimeMs: BigInt(t?.startedAt ?? -1),
          producerId: t?.producerId ?? -1n,
          producerEpoch: t?.producerEpoch ?? -1,
          topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
        };
      }),
    };
  },
  errorBody: (request, errorCode) => ({
    throttleTimeMs: 0,
    transactionStates: (request.body as DescribeTransactionsRequest).transactionalIds.map(
      (transactionalId) => ({
        errorCode,
        transactionalId,
        transactionState: '',
        transactionTimeoutMs: 0,
        transactionStartTimeMs: -1n,
        producerId: -1n,
        producerEpoch: -1,
        topics: [],
      }),
    ),
  }),
};
