/**
 * `abortTransaction` (Java `Admin#abortTransaction`, KIP-664): ends a hanging transaction — one
 * left open in a partition that its coordinator no longer knows of, so no marker will ever
 * close it and the partition's last stable offset stays behind, holding up `read_committed`
 * readers. As Java's `AbortTransactionHandler` does, it writes the abort marker itself: a
 * WriteTxnMarkers request (transaction result ABORT) to the partition's leader, with the
 * producer id, epoch and coordinator epoch that `describeProducers` reports for the open
 * transaction. The broker refuses a stale producer epoch (INVALID_PRODUCER_EPOCH) or coordinator
 * epoch (TRANSACTION_COORDINATOR_FENCED); writing it needs CLUSTER_ACTION on the cluster.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { answerOf, fanOut } from './fan-out.js';
import { partitionProblem } from './partition-checks.js';
import { partitionName } from './partition-names.js';
import { leaders } from './routers.js';

/** The transaction to abort in one partition (Java `AbortTransactionSpec`). */
export interface AbortTransactionSpec extends TopicPartition {
  readonly producerId: bigint | number;
  readonly producerEpoch: number;
  /** The coordinator epoch `describeProducers` shows for the producer (0 when it shows none). */
  readonly coordinatorEpoch: number;
}

function specProblem(s: AbortTransactionSpec): string | undefined {
  const id = s.producerId;
  if ((typeof id !== 'bigint' && !Number.isSafeInteger(id)) || BigInt(id) < 0n)
    return `producerId ${String(id)} is not a producer id`;
  if (!Number.isInteger(s.producerEpoch) || s.producerEpoch < 0 || s.producerEpoch > 32_767)
    return `producerEpoch ${String(s.producerEpoch)} is not a producer epoch (0 to 32767)`;
  if (!Number.isInteger(s.coordinatorEpoch) || s.coordinatorEpoch < 0)
    return `coordinatorEpoch ${String(s.coordinatorEpoch)} is not a coordinator epoch (>= 0)`;
  return undefined;
}

/**
 * Writes an abort marker for the transaction `spec` names; resolves once the leader wrote it
 * (the partition's last stable offset moves past the transaction), rejects with the
 * partition's `ResourceError` (INVALID_ARGUMENT for a bad spec, the broker's error otherwise).
 */
export async function abortTransaction(
  cluster: Cluster,
  spec: AbortTransactionSpec,
  options: CallOptions = {},
): Promise<void> {
  const results = await fanOut(
    cluster,
    [spec],
    {
      api: 'WriteTxnMarkers',
      kind: 'partition',
      nameOf: partitionName,
      check: (s) => partitionProblem(s) ?? specProblem(s),
      router: leaders(),
      request: ([s]) => ({
        markers: [
          {
            producerId: BigInt(s!.producerId),
            producerEpoch: s!.producerEpoch,
            transactionResult: false,
            topics: [{ name: s!.topic, partitionIndexes: [s!.partition] }],
            coordinatorEpoch: s!.coordinatorEpoch,
          },
        ],
      }),
      maxKeys: () => 1,
      answers: (r) =>
        new Map(
          r.markers.flatMap((m) =>
            m.topics.flatMap((t) =>
              t.partitions.map((p) => [
                partitionName({ topic: t.name, partition: p.partitionIndex }),
                answerOf(p.errorCode, null, () => undefined),
              ]),
            ),
          ),
        ),
    },
    { ...options, operation: 'abortTransaction' },
  );
  results.get(spec);
}
