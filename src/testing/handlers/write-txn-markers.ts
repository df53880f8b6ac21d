/**
 * WriteTxnMarkers (key 27): writes commit or abort markers at each partition's leader, as
 * coordinators do and as an admin client does to end a hanging transaction (Java
 * `Admin#abortTransaction`). A marker older than the producer's epoch in the partition is
 * INVALID_PRODUCER_EPOCH, one from an older coordinator epoch TRANSACTION_COORDINATOR_FENCED,
 * as Kafka's `ProducerAppendInfo#checkProducerEpoch` / `appendEndTxnMarker` answer.
 */
import type { WriteTxnMarkersRequest } from '../../protocol/messages/write-txn-markers.js';
import { type ApiHandler, ledPartition } from './handler.js';

const INVALID_PRODUCER_EPOCH = 47;
const TRANSACTION_COORDINATOR_FENCED = 52;

/** The WriteTxnMarkers handler. */
export const writeTxnMarkers: ApiHandler = {
  api: 'WriteTxnMarkers',
  versions: { min: 0, max: 2 },
  handle(request, context) {
    const body = request.body as WriteTxnMarkersRequest;
    return {
      markers: body.markers.map((m) => ({
        producerId: m.producerId,
        topics: m.topics.map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((partitionIndex) => {
            const answer = (errorCode: number) => ({ partitionIndex, errorCode });
            const partition = ledPartition(context, t.name, partitionIndex);
            if (typeof partition === 'number') return answer(partition);
            const log = partition.log;
            if (m.producerEpoch < (log.producers.epochOf(m.producerId) ?? -1))
              return answer(INVALID_PRODUCER_EPOCH);
            if (m.coordinatorEpoch < log.coordinatorEpochOf(m.producerId))
              return answer(TRANSACTION_COORDINATOR_FENCED);
            log.appendMarker(
              {
                producerId: m.producerId,
                producerEpoch: m.producerEpoch,
                commit: m.transactionResult,
                coordinatorEpoch: m.coordinatorEpoch,
              },
              partition.leaderEpoch,
            );
            return answer(0);
          }),
        })),
      })),
    };
  },
};
