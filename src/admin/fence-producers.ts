/**
 * `fenceProducers` and `forceTerminateTransaction` (Java `Admin#fenceProducers`, KIP-618, and
 * `Admin#forceTerminateTransaction`, KIP-939). Fencing a transactional id is what a new producer
 * of that id does when it starts: InitProducerId at the id's transaction coordinator, without a
 * producer id or epoch (Java's `FenceProducersHandler`). The coordinator bumps the epoch, so the
 * producer that held the id is fenced (its next request fails PRODUCER_FENCED /
 * INVALID_PRODUCER_EPOCH), and aborts the transaction it left open. One request per id, each
 * with its own coordinator (one batched FindCoordinator for all of them).
 *
 * Retried within the deadline, as Java does: COORDINATOR_LOAD_IN_PROGRESS and
 * CONCURRENT_TRANSACTIONS (the coordinator is still ending the previous transaction) ask the
 * same id again; NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE look its coordinator up again.
 *
 * `forceTerminateTransaction` is, in Java 4.x, `fenceProducers` of one id: KIP-939's
 * InitProducerId v6 (`keepPreparedTxn`, `enable2Pc`) is not what it sends, and v6 is not
 * served by released brokers (an unstable version). Terminating a transaction is fencing its
 * producer, which aborts it.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { transactionalIdProblem } from './describe-transactions.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { coordinators } from './routers.js';

/** Options of {@link fenceProducers}. */
export interface FenceProducersOptions extends CallOptions {
  /**
   * The transaction timeout the coordinator stores with the new epoch, in ms (Java: the
   * options' `timeoutMs`, else `request.timeout.ms`). Default: the client's `requestTimeoutMs`.
   */
  transactionTimeoutMs?: number;
}

/** The producer id and the epoch a fenced transactional id now has. */
export interface FencedProducer {
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

/** Fences the producers of `transactionalIds`: each id's new producer id and epoch, or its error. */
export function fenceProducers(
  cluster: Cluster,
  transactionalIds: readonly string[],
  options: FenceProducersOptions = {},
): Promise<AdminResults<string, FencedProducer>> {
  const timeout = options.transactionTimeoutMs ?? cluster.defaultRequestTimeoutMs;
  if (!Number.isInteger(timeout) || timeout <= 0)
    return Promise.reject(
      new InvalidArgumentError(`transactionTimeoutMs: expected an integer > 0, got ${String(timeout)}`),
    );
  return fanOut(
    cluster,
    transactionalIds,
    {
      api: 'InitProducerId',
      kind: 'transaction',
      nameOf: (id) => id,
      check: transactionalIdProblem,
      router: coordinators('transaction', (id) => id),
      maxKeys: () => 1,
      request: ([id]) => ({
        transactionalId: id!,
        transactionTimeoutMs: timeout,
        producerId: -1n,
        producerEpoch: -1,
      }),
      answers: (r, [id]) => {
        const concurrent = r.errorCode === errorCodes.CONCURRENT_TRANSACTIONS.code;
        const answer: Answer<FencedProducer> = concurrent
          ? { again: new BrokerError(r.errorCode, `${id} is ending its previous transaction`) }
          : answerOf(r.errorCode, null, () => ({ producerId: r.producerId, producerEpoch: r.producerEpoch }));
        return new Map([[id!, answer]]);
      },
    },
    { ...options, operation: 'fenceProducers' },
  );
}

/** Aborts the open transaction of `transactionalId` by fencing its producer (Java 4.x's form). */
export async function forceTerminateTransaction(
  cluster: Cluster,
  transactionalId: string,
  options: FenceProducersOptions = {},
): Promise<void> {
  (await fenceProducers(cluster, [transactionalId], options)).get(transactionalId);
}
