/** The options of `FakeKafka.start` and `FakeKafka.append`, and the behaviour a fake starts with. */
import type { ApiName } from '../protocol/messages/index.js';
import type { ClusterBehaviour } from './behaviour.js';
import type { TopicSpec } from './cluster-state.js';

/** Options of {@link FakeKafka.start}. */
export interface FakeKafkaOptions extends Partial<ClusterBehaviour> {
  /** How many brokers (node ids 0..n-1). Default: 1. */
  readonly brokers?: number;
  /** Topics to create at start: a name (default partition count) or a {@link TopicSpec}. */
  readonly topics?: readonly (string | TopicSpec)[];
  /** Node id of the controller Metadata names (admin requests go there). Default: 0. */
  readonly controller?: number;
  /** Rack of each broker, by node id. Default: none. */
  readonly racks?: readonly (string | null)[];
  /**
   * Version ranges to advertise instead of the fake's own, by API; `null` leaves the API out
   * (to play an older broker). Requests outside the advertised range close the connection. An
   * API the fake does not serve (e.g. SaslHandshake) may be advertised for a control hook to answer.
   */
  readonly apiVersions?: Partial<Record<ApiName, { readonly min: number; readonly max: number } | null>>;
}

/** Options of {@link FakeKafka.append}. */
export interface AppendOptions {
  /** Written by this producer (no sequence checks). */
  readonly producerId?: bigint;
  /** Its epoch. Default 0. */
  readonly producerEpoch?: number;
  /** Part of the producer's transaction (needs `producerId`). */
  readonly transactional?: boolean;
}

/** The behaviour of a fake started without options: Kafka's defaults where it has one. */
export const defaults: ClusterBehaviour = {
  autoCreateTopics: true,
  defaultPartitions: 1,
  fetchSessions: true,
  divergingEpochs: true,
  maxFetchWaitMs: Number.MAX_SAFE_INTEGER,
  unknownProducerIdErrors: false,
  consumerSessionTimeoutMs: 45_000,
  consumerHeartbeatIntervalMs: 5_000,
  requireMemberId: true,
  transactionVersion: 2,
  shareRecordLockMs: 30_000,
  shareDeliveryCountLimit: 5,
  shareHeartbeatIntervalMs: 5_000,
};
