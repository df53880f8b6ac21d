/**
 * `describeProducers` (Java `Admin#describeProducers`, KIP-664): the producers with state in
 * each partition (DescribeProducers), from its leader — one request per leader broker for all
 * its partitions, partitions whose leader moved asked again at the new one — or, with
 * `brokerId`, from that broker (a replica's view; Java's `StaticBrokerStrategy`), where a
 * NOT_LEADER_OR_FOLLOWER answer is final since asking again would ask the same broker.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { groupByTopic, type TopicPartition } from '../cluster/topic-partition.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import { partitionProblem } from './partition-checks.js';
import { partitionName } from './partition-names.js';
import type { AdminResults } from './results.js';
import { brokers, leaders } from './routers.js';

/** Options of {@link describeProducers}. */
export interface DescribeProducersOptions extends CallOptions {
  /** Ask this broker (a follower, say) instead of each partition's leader. */
  brokerId?: number;
}

/** One producer with state in a partition (Java `ProducerState`). */
export interface ProducerState {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The sequence number of its last record batch, -1 when unknown. */
  readonly lastSequence: number;
  /** The timestamp of its last write, epoch ms. */
  readonly lastTimestamp: bigint;
  /** The epoch of the coordinator that last wrote a marker for it; `undefined` when none did. */
  readonly coordinatorEpoch: number | undefined;
  /**
   * Where its open transaction begins in the partition; `undefined` when none is open. A
   * transaction open here and unknown to its coordinator is a hanging one: end it with
   * `Admin#abortTransaction`, which needs this producer's id, epoch and coordinator epoch.
   */
  readonly currentTransactionStartOffset: bigint | undefined;
}

/** Each partition's active producers, or its error. */
export function describeProducers(
  cluster: Cluster,
  partitions: readonly TopicPartition[],
  options: DescribeProducersOptions = {},
): Promise<AdminResults<TopicPartition, ProducerState[]>> {
  const { brokerId } = options;
  const named = brokerId !== undefined;
  if (named && !(Number.isInteger(brokerId) && brokerId >= 0))
    return Promise.reject(
      new InvalidArgumentError(`brokerId: expected a broker id, got ${String(brokerId)}`),
    );
  return fanOut(
    cluster,
    partitions,
    {
      api: 'DescribeProducers',
      kind: 'partition',
      nameOf: partitionName,
      check: partitionProblem,
      router: named ? brokers(() => brokerId) : leaders(),
      request: (list) => ({
        topics: groupByTopic(list).map(([name, ps]) => ({
          name,
          partitionIndexes: ps.map((p) => p.partition),
        })),
      }),
      answers: (r) =>
        new Map(
          r.topics.flatMap((t) =>
            t.partitions.map((p): [string, Answer<ProducerState[]>] => {
              const answer = answerOf(p.errorCode, p.errorMessage, () =>
                p.activeProducers.map((s) => ({
                  producerId: s.producerId,
                  producerEpoch: s.producerEpoch,
                  lastSequence: s.lastSequence,
                  lastTimestamp: s.lastTimestamp,
                  coordinatorEpoch: s.coordinatorEpoch < 0 ? undefined : s.coordinatorEpoch,
                  currentTransactionStartOffset:
                    s.currentTxnStartOffset < 0n ? undefined : s.currentTxnStartOffset,
                })),
              );
              const name = partitionName({ topic: t.name, partition: p.partitionIndex });
              return [name, named && 'again' in answer ? { error: answer.again } : answer];
            }),
          ),
        ),
    },
    { ...options, operation: 'describeProducers' },
  );
}
