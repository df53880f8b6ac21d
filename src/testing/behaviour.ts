/** The behaviour switches of a fake cluster, read by its handlers at every request. */

/** Behaviour switches of the cluster, settable at start and later. */
export interface ClusterBehaviour {
  /** Whether Metadata creates a topic a client asks to auto-create (`auto.create.topics.enable`). */
  autoCreateTopics: boolean;
  /** Partitions of a topic created without a count (`num.partitions`). */
  defaultPartitions: number;
  /** Whether Fetch grants incremental fetch sessions (KIP-227). */
  fetchSessions: boolean;
  /**
   * Whether Fetch (v12+) answers a `divergingEpoch` when a consumer's `lastFetchedEpoch`
   * disagrees with the log (KIP-320). Off, truncation is found only through
   * OffsetForLeaderEpoch, as with brokers before Fetch v12.
   */
  divergingEpochs: boolean;
  /** Longest a Fetch without data is held, ms (the request's `maxWaitMs` when smaller). */
  maxFetchWaitMs: number;
  /**
   * Answer UNKNOWN_PRODUCER_ID to an idempotent producer a partition has no state for that does
   * not start at sequence 0 (brokers before Kafka 2.5); off, such a batch is accepted.
   */
  unknownProducerIdErrors: boolean;
  /** Default session timeout of a KIP-848 member, ms (`group.consumer.session.timeout.ms`). */
  consumerSessionTimeoutMs: number;
  /** Heartbeat interval told to KIP-848 members, ms (`group.consumer.heartbeat.interval.ms`). */
  consumerHeartbeatIntervalMs: number;
  /** Whether a first JoinGroup (v4+) without member id gets MEMBER_ID_REQUIRED (KIP-394). */
  requireMemberId: boolean;
  /**
   * The `transaction.version` feature level ApiVersions (v3+) reports finalized (KIP-584): 2
   * (Kafka 4.x's new clusters) lets transactional producers add partitions through Produce v12+
   * and bumps the epoch at each EndTxn v5 (KIP-890); 0 or 1, transactions v1 (Kafka 3.x).
   */
  transactionVersion: number;
  /** Acquisition lock of a share group's records, ms (`group.share.record.lock.duration.ms`). */
  shareRecordLockMs: number;
  /** Deliveries after which a share group's record is archived (`group.share.delivery.count.limit`). */
  shareDeliveryCountLimit: number;
  /** Heartbeat interval told to share group members, ms (`group.share.heartbeat.interval.ms`). */
  shareHeartbeatIntervalMs: number;
}
