/**
 * `describeTransactions` (Java `Admin#describeTransactions`, KIP-664): each transactional id
 * to its transaction coordinator (one batched FindCoordinator with key type TRANSACTION for all
 * of them, KIP-699), many ids per DescribeTransactions request, as Java's
 * `DescribeTransactionsHandler` does; ids answered NOT_COORDINATOR (...) are looked up again.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { answerOf, fanOut } from './fan-out.js';
import type { TransactionCoordinatorState } from './list-transactions.js';
import type { AdminResults } from './results.js';
import { coordinators, withCoordinators } from './routers.js';

/** A transaction as its coordinator describes it (Java `TransactionDescription`). */
export interface TransactionDescription {
  /** The broker whose transaction coordinator owns the transactional id (-1 if no longer known). */
  readonly coordinator: number;
  /** The coordinator's name for its state; one of {@link TransactionCoordinatorState} from today's brokers. */
  readonly state: TransactionCoordinatorState | string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly transactionTimeoutMs: number;
  /** When the open transaction began, epoch ms; `undefined` when none is open. */
  readonly transactionStartTimeMs: bigint | undefined;
  /** The partitions in the open transaction, sorted. */
  readonly topicPartitions: readonly TopicPartition[];
}

/** Why a transactional id is refused before any request (no coordinator owns an empty one). */
export function transactionalIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return `${JSON.stringify(id)} is not a transactional id`;
  return id === '' ? 'the transactional id is empty' : undefined;
}

/** Each transactional id's {@link TransactionDescription}, or its error (TRANSACTIONAL_ID_NOT_FOUND, ...). */
export async function describeTransactions(
  cluster: Cluster,
  transactionalIds: readonly string[],
  options: CallOptions = {},
): Promise<AdminResults<string, TransactionDescription>> {
  const described = await fanOut(
    cluster,
    transactionalIds,
    {
      api: 'DescribeTransactions',
      kind: 'transaction',
      nameOf: (id) => id,
      check: transactionalIdProblem,
      router: coordinators('transaction', (id) => id),
      request: (ids) => ({ transactionalIds: [...ids] }),
      answers: (r) =>
        new Map(
          r.transactionStates.map((t) => [
            t.transactionalId,
            answerOf<TransactionDescription>(t.errorCode, null, () => ({
              coordinator: -1,
              state: t.transactionState,
              producerId: t.producerId,
              producerEpoch: t.producerEpoch,
              transactionTimeoutMs: t.transactionTimeoutMs,
              transactionStartTimeMs: t.transactionStartTimeMs < 0n ? undefined : t.transactionStartTimeMs,
              topicPartitions: t.topics
                .flatMap((topic) => topic.partitions.map((partition) => ({ topic: topic.topic, partition })))
                .sort((a, b) =>
                  a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
                ),
            })),
          ]),
        ),
    },
    { ...options, operation: 'describeTransactions' },
  );
  return withCoordinators(cluster, 'transaction', described);
}
