/**
 * DescribeProducers (key 61, KIP-664): the producers with state in each partition, at its
 * leader — epoch, last sequence and timestamp, the coordinator epoch of the last marker written
 * for it, and where its open transaction begins — as Kafka's `ProducerStateManager` reports them.
 */
import type { DescribeProducersRequest } from '../../protocol/messages/describe-producers.js';
import { type ApiHandler, ledPartition } from './handler.js';

/** The DescribeProducers handler. */
export const describeProducers: ApiHandler = {
  api: 'DescribeProducers',
  versions: { min: 0, max: 0 },
  handle(request, context) {
    const body = request.body as DescribeProducersRequest;
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => {
          const answer = (errorCode: number, activeProducers: unknown[] = []) => ({
            partitionIndex,
            errorCode,
            errorMessage: null,
            activeProducers,
          });
          const partition = ledPartition(context, t.name, partitionIndex);
          if (typeof partition === 'number') return answer(partition);
          const log = partition.log;
          return answer(
            0,
            log.producers.states().map((s) => ({
              producerId: s.producerId,
              producerEpoch: s.epoch,
              lastSequence: s.lastSequence,
              lastTimestamp: s.lastTimestamp,
              coordinatorEpoch: log.coordinatorEpochOf(s.producerId),
              currentTxnStartOffset: BigInt(log.transactionStart(s.producerId) ?? -1),
            })),
          );
        }),
      })),
    };
  },
};
