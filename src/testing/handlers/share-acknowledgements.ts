/** What ShareFetch and ShareAcknowledge share: applying one partition's acknowledgement batches, the error answer. */
import type { ClusterState } from '../cluster-state.js';
import { ShareErrors } from '../share-groups.js';

/** One partition's acknowledgement batches as both requests carry them. */
export interface AcknowledgementBatches {
  readonly acknowledgementBatches: readonly {
    readonly firstOffset: bigint;
    readonly lastOffset: bigint;
    readonly acknowledgeTypes: readonly number[];
  }[];
}

/**
 * Applies `p`'s batches for `memberId` (one type for the whole run, or one per offset): 0, or
 * INVALID_RECORD_STATE when an offset is not held by the member (its lock ran out, or it was
 * never acquired), as Kafka's `SharePartition#acknowledge` answers.
 */
export function applyAcknowledgements(
  state: ClusterState,
  groupId: string,
  memberId: string,
  topic: string,
  partition: number,
  p: AcknowledgementBatches,
): number {
  const share = state.shareGroups.partition(groupId, topic, partition);
  let error = 0;
  for (const b of p.acknowledgementBatches) {
    const one = b.acknowledgeTypes.length === 1;
    if (!one && b.acknowledgeTypes.length !== Number(b.lastOffset - b.firstOffset) + 1)
      return ShareErrors.INVALID_REQUEST;
    for (let o = b.firstOffset; o <= b.lastOffset; o++) {
      const type = one ? b.acknowledgeTypes[0]! : b.acknowledgeTypes[Number(o - b.firstOffset)]!;
      if (!share.acknowledge(memberId, Number(o), type)) error = ShareErrors.INVALID_RECORD_STATE;
    }
  }
  return error;
}

/** The whole-request error answer of ShareFetch and ShareAcknowledge (their bodies agree on it). */
export function shareErrorBody(errorCode: number) {
  return {
    throttleTimeMs: 0,
    errorCode,
    errorMessage: null,
    acquisitionLockTimeoutMs: 0,
    responses: [],
    nodeEndpoints: [],
  };
}
