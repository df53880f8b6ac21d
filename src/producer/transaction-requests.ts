/**
 * The transactional requests a producer sends and what their answers say (Java: the request
 * builders and the error-reading half of `TransactionManager`'s handlers), and which protocol
 * the cluster speaks: transactions v1 (KIP-98: AddPartitionsToTxn, AddOffsetsToTxn) or v2
 * (KIP-890 part 2: partitions join through Produce, offsets through TxnOffsetCommit, and each
 * EndTxn bumps the epoch). What the manager does with them is `transaction-manager.ts`'s.
 */
import type { ConsumerGroupMetadata } from '../cluster/group-metadata.js';
import { topicPartitionKey } from '../cluster/topic-partition.js';
import type { Connection } from '../net/connection.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import type {
  AddPartitionsToTxnRequestInput,
  AddPartitionsToTxnResponse,
} from '../protocol/messages/add-partitions-to-txn.js';
import { errorCodeInfo, errorCodes } from '../protocol/messages/error-codes.js';
import { apiKeys } from '../protocol/messages/index.js';
import type {
  TxnOffsetCommitRequestInput,
  TxnOffsetCommitResponse,
} from '../protocol/messages/txn-offset-commit.js';
import type { ProducerIdentity } from './idempotence.js';

/** Which transaction protocol a producer speaks. */
export type TransactionProtocol = 1 | 2;

/**
 * Highest versions a v1 producer may use (the specs: "If V2 is disabled, the client can't use
 * ... higher than"): Produce 11, TxnOffsetCommit 4, EndTxn 4; AddPartitionsToTxn v4+ is
 * broker-to-broker only.
 */
export const V1_MAX_VERSIONS = { Produce: 11, TxnOffsetCommit: 4, EndTxn: 4, AddPartitionsToTxn: 3 } as const;

/** Lowest versions a v2 producer needs (KIP-890 part 2). */
export const V2_MIN_VERSIONS = { Produce: 12, TxnOffsetCommit: 5, EndTxn: 5 } as const;

/** TxnOffsetCommit v3 is the first to carry the member's generation and id (KIP-447). */
const KIP447_TXN_OFFSET_COMMIT_VERSION = 3;
/** TxnOffsetCommit v6 names topics by id; kafe names them, so it stops at v5. */
const MAX_TXN_OFFSET_COMMIT_VERSION = 5;

/**
 * The protocol to use with the cluster `connection` belongs to: v2 when the cluster finalized
 * `transaction.version` 2 or more (ApiVersions' finalized features, KIP-584; Kafka 4.0+
 * finalizes it on new clusters) and the broker serves the v2 versions, else v1 (Java:
 * `TransactionManager#isTransactionV2Enabled`).
 */
export function transactionProtocolOf(connection: Connection): TransactionProtocol {
  const n = connection.negotiated;
  const level = n.finalizedFeatures.get('transaction.version') ?? 0;
  if (level < 2) return 1;
  const serves = (api: keyof typeof V2_MIN_VERSIONS) =>
    (n.tryVersionFor(apiKeys[api].key) ?? -1) >= V2_MIN_VERSIONS[api];
  return serves('Produce') && serves('TxnOffsetCommit') && serves('EndTxn') ? 2 : 1;
}

/** One offset to commit in a transaction: the next record to consume, as in a consumer's commit. */
export interface TransactionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The offset of the next record to read (last processed + 1). */
  readonly offset: bigint;
  /** Leader epoch of the last record processed (KIP-320); -1 or absent when unknown. */
  readonly leaderEpoch?: number;
  /** Free text stored with the offset. */
  readonly metadata?: string | null;
}

/** AddPartitionsToTxn (v0-3, the client form) for `partitions`. */
export function addPartitionsRequest(
  transactionalId: string,
  identity: ProducerIdentity,
  partitions: readonly { readonly topic: string; readonly partition: number }[],
): AddPartitionsToTxnRequestInput {
  const byTopic = new Map<string, number[]>();
  for (const p of partitions) {
    const list = byTopic.get(p.topic);
    if (list === undefined) byTopic.set(p.topic, [p.partition]);
    else list.push(p.partition);
  }
  return {
    v3AndBelowTransactionalId: transactionalId,
    v3AndBelowProducerId: identity.producerId,
    v3AndBelowProducerEpoch: identity.producerEpoch,
    v3AndBelowTopics: [...byTopic].map(([name, list]) => ({ name, partitions: list })),
  };
}

/**
 * The error of an AddPartitionsToTxn answer: the first partition's real error (the others are
 * `OPERATION_NOT_ATTEMPTED`: the coordinator stops at the first failure), else the top-level one.
 */
export function addPartitionsError(response: AddPartitionsToTxnResponse): BrokerError | undefined {
  let notAttempted: BrokerError | undefined;
  for (const t of response.resultsByTopicV3AndBelow)
    for (const p of t.resultsByPartition) {
      if (p.partitionErrorCode === errorCodes.OPERATION_NOT_ATTEMPTED.code) {
        notAttempted ??= partitionError(p.partitionErrorCode, `${t.name}-${p.partitionIndex}`);
        continue;
      }
      const error = partitionError(p.partitionErrorCode, `${t.name}-${p.partitionIndex}`);
      if (error !== undefined) return error;
    }
  return errorForCode(response.errorCode) ?? notAttempted;
}

/** The TxnOffsetCommit version for a producer speaking `protocol` with `connection`'s broker. */
export function txnOffsetCommitVersion(connection: Connection, protocol: TransactionProtocol): number {
  const cap = protocol === 2 ? MAX_TXN_OFFSET_COMMIT_VERSION : V1_MAX_VERSIONS.TxnOffsetCommit;
  const version = Math.min(cap, connection.versionFor('TxnOffsetCommit'));
  if (protocol === 2 && version < V2_MIN_VERSIONS.TxnOffsetCommit)
    throw connection.negotiated.unsupported(
      apiKeys.TxnOffsetCommit.key,
      connection.broker,
      V2_MIN_VERSIONS.TxnOffsetCommit,
    );
  return version;
}

/** TxnOffsetCommit for `offsets` of `group`; the member's identity from v3 (KIP-447). */
export function txnOffsetCommitRequest(
  transactionalId: string,
  identity: ProducerIdentity,
  group: ConsumerGroupMetadata,
  offsets: readonly TransactionOffset[],
  version: number,
): TxnOffsetCommitRequestInput {
  const byTopic = new Map<string, TransactionOffset[]>();
  for (const o of offsets) {
    const list = byTopic.get(o.topic);
    if (list === undefined) byTopic.set(o.topic, [o]);
    else list.push(o);
  }
  return {
    transactionalId,
    groupId: group.groupId,
    producerId: identity.producerId,
    producerEpoch: identity.producerEpoch,
    ...(version >= KIP447_TXN_OFFSET_COMMIT_VERSION
      ? {
          generationIdOrMemberEpoch: group.generationId,
          memberId: group.memberId,
          groupInstanceId: group.groupInstanceId,
        }
      : {}),
    topics: [...byTopic].map(([name, list]) => ({
      name,
      partitions: list.map((o) => ({
        partitionIndex: o.partition,
        committedOffset: o.offset,
        committedLeaderEpoch: o.leaderEpoch ?? -1,
        committedMetadata: o.metadata ?? '',
      })),
    })),
  };
}

/** The first partition error of a TxnOffsetCommit answer, naming the partition. */
export function txnOffsetCommitError(response: TxnOffsetCommitResponse): BrokerError | undefined {
  for (const t of response.topics)
    for (const p of t.partitions) {
      const error = partitionError(p.errorCode, `${t.name}-${p.partitionIndex}`);
      if (error !== undefined) return error;
    }
  return undefined;
}

/** The error of a partition's code (undefined for 0), its message naming the partition. */
function partitionError(code: number, partition: string): BrokerError | undefined {
  if (code === 0) return undefined;
  return new BrokerError(code, `${errorCodeInfo(code)?.message ?? 'unknown error'} (${partition})`);
}

/** Keys of partitions, for the manager's sets. */
export const partitionKey = (p: { readonly topic: string; readonly partition: number }): string =>
  topicPartitionKey(p.topic, p.partition);
