/**
 * `listTransactions` (Java `Admin#listTransactions`, KIP-664): every broker lists the
 * transactional ids its transaction coordinator owns (ListTransactions), and the lists are
 * merged, as Java's `ListTransactionsHandler` does with its all-brokers strategy. Filters
 * travel to the brokers: states and producer ids (v0), a minimum running time (v1, KIP-994),
 * a transactional-id regular expression (v2, KIP-1152). A filter a broker's version cannot
 * carry is refused with `UnsupportedVersionError` rather than dropped, since dropping it would
 * list transactions the caller did not ask for.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError, PartialFailureError } from '../cluster/errors.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { errorForCode } from '../protocol/broker-error.js';
import { brokerIds } from './routers.js';

/** A transaction's state as the coordinator names it (Java `admin.TransactionState`). */
export type TransactionCoordinatorState =
  | 'Ongoing'
  | 'PrepareCommit'
  | 'PrepareAbort'
  | 'CompleteCommit'
  | 'CompleteAbort'
  | 'Empty'
  | 'PrepareEpochFence'
  | 'Dead';

/** Every {@link TransactionCoordinatorState}. */
export const transactionCoordinatorStates: readonly TransactionCoordinatorState[] = [
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'Empty',
  'PrepareEpochFence',
  'Dead',
];

/** Options of {@link listTransactions}. */
export interface ListTransactionsOptions extends CallOptions {
  /** Only transactions in these states. */
  states?: readonly TransactionCoordinatorState[];
  /** Only transactions of these producer ids. */
  producerIds?: readonly (bigint | number)[];
  /** Only transactions running for longer than this, in ms (ListTransactions v1+, Kafka 3.8+). */
  durationFilterMs?: number;
  /** Only transactional ids matching this regular expression, Java syntax (ListTransactions v2+, Kafka 4.1+). */
  transactionalIdPattern?: string;
}

/** One transactional id as ListTransactions shows it (Java `TransactionListing`). */
export interface TransactionListing {
  readonly transactionalId: string;
  readonly producerId: bigint;
  /** The coordinator's name for its state; one of {@link TransactionCoordinatorState} from today's brokers. */
  readonly state: TransactionCoordinatorState | string;
  /** The broker whose transaction coordinator owns it. */
  readonly coordinator: number;
}

/**
 * Every transactional id of the cluster matching the filters, sorted by id. Throws a
 * `PartialFailureError` (every broker's answer kept) when a broker could not be asked: its
 * transactions would be missing; `UnsupportedVersionError` when a broker cannot apply a filter.
 */
export async function listTransactions(
  cluster: Cluster,
  options: ListTransactionsOptions = {},
): Promise<TransactionListing[]> {
  const states = [...(options.states ?? [])];
  for (const s of states)
    if (!transactionCoordinatorStates.includes(s))
      throw new InvalidArgumentError(
        `states: ${JSON.stringify(s)} is not a transaction state (${transactionCoordinatorStates.join(', ')})`,
      );
  const producerIds = (options.producerIds ?? []).map((id) => {
    if ((typeof id !== 'bigint' && !Number.isSafeInteger(id)) || BigInt(id) < 0n)
      throw new InvalidArgumentError(`producerIds: ${String(id)} is not a producer id`);
    return BigInt(id);
  });
  const duration = options.durationFilterMs;
  if (duration !== undefined && !(Number.isSafeInteger(duration) && duration >= 0))
    throw new InvalidArgumentError(`durationFilterMs: expected an integer >= 0, got ${String(duration)}`);
  const pattern = options.transactionalIdPattern;
  if (pattern !== undefined && typeof pattern !== 'string')
    throw new InvalidArgumentError(`transactionalIdPattern: expected a string, got ${String(pattern)}`);
  // An empty pattern means no filter on the wire (ListTransactionsRequest.json).
  const needed = pattern !== undefined && pattern !== '' ? 2 : duration !== undefined ? 1 : 0;
  const request = {
    stateFilters: states,
    producerIdFilters: producerIds,
    durationFilter: BigInt(duration ?? -1),
    transactionalIdPattern: needed === 2 ? (pattern ?? null) : null,
  };
  const requests = new Map((await brokerIds(cluster, options)).map((id) => [id, request]));
  const outcomes = await cluster.sendPerBroker('ListTransactions', requests, {
    ...options,
    version: (c) => {
      const v = c.versionFor('ListTransactions');
      if (v < needed)
        throw new UnsupportedVersionError(
          'ListTransactions',
          `${c.broker} serves ListTransactions up to v${v}; filtering by ${needed === 2 ? 'transactional id pattern' : 'duration'} needs v${needed}`,
        );
      return v;
    },
    // COORDINATOR_LOAD_IN_PROGRESS is retriable: the cluster layer asks that broker again.
    errorOf: (r) => errorForCode(r.errorCode),
  });
  const unsupported = outcomes.find((o) => o.error instanceof UnsupportedVersionError)?.error;
  if (unsupported !== undefined) throw unsupported;
  if (outcomes.some((o) => o.error !== undefined))
    throw new PartialFailureError('ListTransactions', outcomes);
  const listings: TransactionListing[] = [];
  for (const o of outcomes)
    for (const t of o.response?.transactionStates ?? [])
      listings.push({
        transactionalId: t.transactionalId,
        producerId: t.producerId,
        state: t.transactionState,
        coordinator: o.nodeId,
      });
  return listings.sort((a, b) =>
    a.transactionalId < b.transactionalId ? -1 : a.transactionalId > b.transactionalId ? 1 : 0,
  );
}
