/**
 * ListOffsets (key 2): the earliest (-2) or latest (-1) offset of a partition, the offset of the
 * record with the largest timestamp (-3, v7+, KIP-734), or the first offset whose record
 * timestamp is at least the one asked for; on the leader only, with leader epoch checks (v4+).
 */
import type { ListOffsetsRequest } from '../../protocol/messages/list-offsets.js';
import { decodeRecordBatches } from '../../protocol/records/decode-record-batch.js';
import type { FakePartition } from '../cluster-state.js';
import { type ApiHandler, leaderError } from './handler.js';

const EARLIEST = -2n;
const LATEST = -1n;
const MAX_TIMESTAMP = -3n;

/** The ListOffsets handler. */
export const listOffsets: ApiHandler = {
  api: 'ListOffsets',
  versions: { min: 1, max: 11 },
  handle(request, { state, nodeId, faults }) {
    const body = request.body as ListOffsetsRequest;
    const v = request.apiVersion;
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const partition = state.partition(t.name, p.partitionIndex);
          const error = (errorCode: number) => ({
            partitionIndex: p.partitionIndex,
            errorCode,
            timestamp: -1n,
            offset: -1n,
            ...(v >= 4 ? { leaderEpoch: -1 } : {}),
          });
          const fault = faults.partitionError(t.name, p.partitionIndex);
          if (fault !== undefined) return error(fault);
          const notLeader = leaderError(partition, nodeId, v >= 4 ? p.currentLeaderEpoch : -1);
          if (notLeader !== 0 || partition === undefined) return error(notLeader);
          const found = lookup(partition, p.timestamp, body.isolationLevel === 1);
          return {
            partitionIndex: p.partitionIndex,
            errorCode: 0,
            timestamp: found.timestamp,
            offset: BigInt(found.offset),
            ...(v >= 4
              ? {
                  leaderEpoch:
                    found.offset < 0 ? -1 : partition.log.epochAt(found.offset, partition.leaderEpoch),
                }
              : {}),
          };
        }),
      })),
    };
  },
};

function lookup(
  partition: FakePartition,
  timestamp: bigint,
  readCommitted: boolean,
): { offset: number; timestamp: bigint } {
  const log = partition.log;
  if (timestamp === EARLIEST) return { offset: log.logStartOffset, timestamp: -1n };
  // read_committed: the latest offset is the last stable offset (KIP-98).
  if (timestamp === LATEST)
    return { offset: readCommitted ? log.lastStableOffset : log.logEndOffset, timestamp: -1n };
  let best: { offset: number; timestamp: bigint } = { offset: -1, timestamp: -1n };
  for (const stored of log.batches) {
    if (timestamp >= 0n && stored.maxTimestamp < timestamp) continue;
    if (timestamp === MAX_TIMESTAMP && stored.maxTimestamp <= best.timestamp) continue;
    const { batches } = decodeRecordBatches(stored.bytes);
    for (const batch of batches)
      for (const r of batch.records) {
        const offset = Number(batch.baseOffset) + r.offsetDelta;
        const ts = BigInt(batch.baseTimestamp) + BigInt(r.timestampDelta);
        if (offset < log.logStartOffset) continue;
        if (timestamp === MAX_TIMESTAMP ? ts > best.timestamp : ts >= timestamp)
          best = { offset, timestamp: ts };
        if (timestamp >= 0n && best.offset >= 0) return best;
      }
  }
  return best;
}
