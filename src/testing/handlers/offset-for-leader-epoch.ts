/**
 * OffsetForLeaderEpoch (key 23): where a leader epoch ends in the partition's log (KIP-101,
 * KIP-320), what a consumer asks to validate its position after a leader change; answered by
 * the leader only, after checking the consumer's current leader epoch.
 */
import type { OffsetForLeaderEpochRequest } from '../../protocol/messages/offset-for-leader-epoch.js';
import { type ApiHandler, leaderError } from './handler.js';

/** The OffsetForLeaderEpoch handler. */
export const offsetForLeaderEpoch: ApiHandler = {
  api: 'OffsetForLeaderEpoch',
  versions: { min: 2, max: 4 },
  handle(request, { state, nodeId, faults }) {
    const body = request.body as OffsetForLeaderEpochRequest;
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const error = (errorCode: number) => ({
            errorCode,
            partition: p.partition,
            leaderEpoch: -1,
            endOffset: -1n,
          });
          const fault = faults.partitionError(t.topic, p.partition);
          if (fault !== undefined) return error(fault);
          const partition = state.partition(t.topic, p.partition);
          const notLeader = leaderError(partition, nodeId, p.currentLeaderEpoch);
          if (notLeader !== 0 || partition === undefined) return error(notLeader);
          const end = partition.log.endOffsetFor(p.leaderEpoch, partition.leaderEpoch);
          return {
            errorCode: 0,
            partition: p.partition,
            leaderEpoch: end.leaderEpoch,
            endOffset: end.endOffset,
          };
        }),
      })),
    };
  },
};
