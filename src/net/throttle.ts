/**
 * KIP-219 client-side throttling: which responses ask the client to hold back.
 *
 * Before KIP-219 (Kafka 2.0) a broker over quota delayed its response by `throttleTimeMs`; the
 * client had nothing to do. Since then it answers at once and mutes the channel for that long,
 * and the client must send nothing more to that broker until the time has passed (Java:
 * `NetworkClient#maybeThrottle`, `AbstractResponse#shouldClientThrottle`). Each API that existed
 * before KIP-219 bumped its version for the change; the first such version comes from the
 * message specs ("Starting in version N, on quota violation, brokers send out responses before
 * throttling"). APIs added later throttle the client at every version.
 */
import type { ApiName } from '../protocol/messages/index.js';

/**
 * First version at which the broker throttles after responding, for the APIs older than
 * KIP-219. Produce 6 is gone from the current specs (v0-2 were removed with their comment);
 * it matches Java's `ProduceResponse#shouldClientThrottle`.
 */
const FIRST_CLIENT_THROTTLED_VERSION: Partial<Record<ApiName, number>> = {
  Produce: 6,
  Fetch: 8,
  ListOffsets: 3,
  Metadata: 6,
  OffsetCommit: 4,
  OffsetFetch: 4,
  FindCoordinator: 2,
  JoinGroup: 3,
  Heartbeat: 2,
  LeaveGroup: 2,
  SyncGroup: 2,
  DescribeGroups: 2,
  ListGroups: 2,
  ApiVersions: 2,
  CreateTopics: 3,
  DeleteTopics: 2,
  DeleteRecords: 1,
  InitProducerId: 1,
  AddPartitionsToTxn: 1,
  AddOffsetsToTxn: 1,
  EndTxn: 1,
  TxnOffsetCommit: 1,
  DescribeAcls: 1,
  CreateAcls: 1,
  DeleteAcls: 1,
  DescribeConfigs: 2,
  AlterConfigs: 1,
  AlterReplicaLogDirs: 1,
  DescribeLogDirs: 1,
  CreatePartitions: 1,
  CreateDelegationToken: 1,
  RenewDelegationToken: 1,
  ExpireDelegationToken: 1,
  DescribeDelegationToken: 1,
  DeleteGroups: 1,
  // The spec notes no KIP-219 version and Java never throttles the client for it.
  OffsetForLeaderEpoch: Number.POSITIVE_INFINITY,
};

/** Whether a throttle time in an `api` response at `version` asks the client to hold back (the broker throttles after responding). */
export function clientThrottles(api: string, version: number): boolean {
  return version >= (FIRST_CLIENT_THROTTLED_VERSION[api as ApiName] ?? 0);
}

/**
 * How long the client must stay silent towards the broker after this response: its
 * `throttleTimeMs` when positive and the version is one where the broker throttles after
 * responding, else 0.
 */
export function clientThrottleMs(api: string, version: number, response: unknown): number {
  if (typeof response !== 'object' || response === null) return 0;
  const throttleTimeMs = (response as { throttleTimeMs?: unknown }).throttleTimeMs;
  if (typeof throttleTimeMs !== 'number' || !(throttleTimeMs > 0)) return 0;
  return clientThrottles(api, version) ? throttleTimeMs : 0;
}
