/** The contract between the fake's request dispatch and the one handler file per API. */
import type { ApiName } from '../../protocol/messages/index.js';
import type { ClusterState, FakePartition } from '../cluster-state.js';
import type { RequestFaults } from '../faults.js';
import type { FakeRequest } from '../request.js';

/** What a handler gets besides the request. */
export interface HandlerContext {
  /** The cluster's shared state. */
  readonly state: ClusterState;
  /** Node id of the broker serving the request. */
  readonly nodeId: number;
  /** The error faults that may apply; partition-level handlers ask per partition. */
  readonly faults: RequestFaults;
  /** The version ranges this cluster advertises (ApiVersions answers them). */
  readonly advertised: ReadonlyMap<number, { readonly min: number; readonly max: number }>;
}

/** Serves one API. */
export interface ApiHandler {
  readonly api: ApiName;
  /** Versions it serves (at most kafe's generated range). */
  readonly versions: { readonly min: number; readonly max: number };
  /** The response body (encoded by the server at the request's version). */
  handle(request: FakeRequest, context: HandlerContext): unknown | Promise<unknown>;
  /**
   * The body answering the whole request with `errorCode`, for a request-level fault. Absent for
   * partition-level APIs, whose handler asks {@link RequestFaults.partitionError} per partition.
   */
  errorBody?(request: FakeRequest, errorCode: number, context: HandlerContext): unknown;
  /** Whether the request gets no answer at all once served (an acks=0 Produce). */
  silent?(request: FakeRequest): boolean;
  /** The version to encode the answer at when it is not the request's (KIP-511's v0 answer). */
  replyVersion?(request: FakeRequest, context: HandlerContext): number | undefined;
}

/** Kafka error codes the handlers answer (`protocol/messages/error-codes.ts`). */
export const Errors = {
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  NOT_LEADER_OR_FOLLOWER: 6,
  MESSAGE_TOO_LARGE: 10,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC_EXCEPTION: 17,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  FENCED_LEADER_EPOCH: 74,
  UNKNOWN_LEADER_EPOCH: 75,
  UNKNOWN_TOPIC_ID: 100,
} as const;

/**
 * Checks that broker `nodeId` leads `partition` and that the client's `currentLeaderEpoch`
 * (KIP-320; -1: not checked) matches: 0, or the error code to answer.
 */
export function leaderError(
  partition: { leader: number; leaderEpoch: number } | undefined,
  nodeId: number,
  currentLeaderEpoch: number,
): number {
  if (partition === undefined) return Errors.UNKNOWN_TOPIC_OR_PARTITION;
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch < partition.leaderEpoch)
    return Errors.FENCED_LEADER_EPOCH;
  if (currentLeaderEpoch > partition.leaderEpoch) return Errors.UNKNOWN_LEADER_EPOCH;
  if (partition.leader !== nodeId) return Errors.NOT_LEADER_OR_FOLLOWER;
  return 0;
}

/**
 * The partition `topic`/`index` when broker `nodeId` leads it and no fault applies to it; else
 * the error code to answer for it (the fault's, UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER).
 */
export function ledPartition(
  { state, nodeId, faults }: HandlerContext,
  topic: string,
  index: number,
): FakePartition | number {
  const fault = faults.partitionError(topic, index);
  if (fault !== undefined) return fault;
  const partition = state.partition(topic, index);
  const notLeader = leaderError(partition, nodeId, -1);
  return notLeader !== 0 || partition === undefined ? notLeader : partition;
}
