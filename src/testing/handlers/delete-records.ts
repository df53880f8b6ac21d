/**
 * DeleteRecords (key 21): moves a partition's log start offset up to the offset asked (whole
 * batches below it go), on the leader only. `-1` means the high watermark (the fake's log end);
 * an offset beyond it is OFFSET_OUT_OF_RANGE, as Kafka answers. The answer is the new log start
 * offset (`lowWatermark`).
 */
import type { DeleteRecordsRequest } from '../../protocol/messages/delete-records.js';
import { type ApiHandler, Errors, leaderError } from './handler.js';

/** The DeleteRecords handler. */
export const deleteRecords: ApiHandler = {
  api: 'DeleteRecords',
  versions: { min: 0, max: 2 },
  handle(request, { state, nodeId, faults }) {
    const body = request.body as DeleteRecordsRequest;
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const answer = (errorCode: number, lowWatermark = -1n) => ({
            partitionIndex: p.partitionIndex,
            lowWatermark,
            errorCode,
          });
          const fault = faults.partitionError(t.name, p.partitionIndex);
          if (fault !== undefined) return answer(fault);
          const partition = state.partition(t.name, p.partitionIndex);
          const notLeader = leaderError(partition, nodeId, -1);
          if (notLeader !== 0 || partition === undefined) return answer(notLeader);
          const log = partition.log;
          const offset = p.offset === -1n ? log.logEndOffset : Number(p.offset);
          if (offset < 0 || offset > log.logEndOffset) return answer(Errors.OFFSET_OUT_OF_RANGE);
          log.deleteBefore(offset);
          return answer(0, BigInt(log.logStartOffset));
        }),
      })),
    };
  },
};
