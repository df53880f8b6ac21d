/**
 * Building a Produce request from drained batches and reading its answer as one outcome per
 * batch (Java: `Sender#sendProduceRequest` and the reading half of
 * `Sender#handleProduceResponse`). What an outcome means for the batch (retry, split, bump the
 * epoch, fail) is decided elsewhere: `sequence-rules.ts` and `sender.ts`.
 */
import { topicPartitionKey } from '../cluster/topic-partition.js';
import type { Connection } from '../net/connection.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { BrokerError } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { apiKeys } from '../protocol/messages/index.js';
import type {
  ProduceRequestInput,
  ProduceRequestTopicProduceDataInput,
  ProduceResponse,
} from '../protocol/messages/produce.js';
import type { ProducerBatch } from './producer-batch.js';

/** Produce v3 (Kafka 0.11) is the first to carry record batches (magic 2), which kafe writes. */
const FIRST_RECORD_BATCH_PRODUCE_VERSION = 3;
/** Produce v13 names topics by id (KIP-516). */
const FIRST_TOPIC_ID_PRODUCE_VERSION = 13;

/** How one batch fared in a Produce answer. */
export type BatchOutcome =
  /** Written; the offset is -1 when unknown (DUPLICATE_SEQUENCE_NUMBER: an earlier attempt was). */
  | { readonly kind: 'written'; readonly baseOffset: bigint; readonly logAppendTimeMs: number }
  /**
   * `too-large`: over the topic's `max.message.bytes` or `segment.bytes`, to split or fail
   * (KIP-126); `refused`: any other broker error (`errorCode`); `unanswered`: the answer has
   * no entry for the batch (errorCode -1), which may then have been written.
   */
  | {
      readonly kind: 'too-large' | 'refused' | 'unanswered';
      readonly error: KafeError;
      readonly errorCode: number;
      /** KIP-951: the leader the broker names, when it names one. */
      readonly currentLeader: { readonly leaderId: number; readonly leaderEpoch: number } | undefined;
    };

/**
 * The negotiated Produce version, refused below v3: kafe writes only record batches (magic
 * 2), which older versions cannot carry, and idempotence and headers need them anyway. Such a
 * broker is Kafka 0.10 or older; rather than write the legacy formats (magic 0/1, which would
 * silently drop headers and idempotence), every batch for it fails with an
 * `UnsupportedVersionError` naming the version (as the consumer does for Fetch below v4).
 * `range` bounds it further for a transactional producer (v1: at most 11, v2: at least 12).
 */
export function produceVersion(
  connection: Connection,
  range: { readonly min: number; readonly max: number } = { min: 0, max: Number.MAX_SAFE_INTEGER },
): number {
  const version = Math.min(range.max, connection.versionFor('Produce'));
  // Transactions v2 (KIP-890) need Produce v12+: the Produce adds the partition to the transaction.
  if (version < range.min)
    throw connection.negotiated.unsupported(apiKeys.Produce.key, connection.broker, range.min);
  if (version < FIRST_RECORD_BATCH_PRODUCE_VERSION)
    throw new UnsupportedVersionError(
      'Produce',
      `${connection.broker}: Produce v${version} is the highest both sides support; kafe's producer needs v${FIRST_RECORD_BATCH_PRODUCE_VERSION}+ (record batches, Kafka 0.11+)`,
    );
  return version;
}

/** The request settings that do not depend on the batches. */
export interface ProduceRequestSettings {
  readonly acks: -1 | 0 | 1;
  readonly requestTimeoutMs: number;
  /** The transactional producer's id, null for others. */
  readonly transactionalId: string | null;
}

/**
 * A Produce request for `batches` (encoded, at most one per partition: Kafka's
 * `ProduceRequest#validateRecords`): one entry per topic, by name, or by id from v13
 * (`topicIdOf` gives it).
 */
export function buildProduceRequest(
  batches: readonly ProducerBatch[],
  version: number,
  settings: ProduceRequestSettings,
  topicIdOf: (topic: string) => string,
): ProduceRequestInput {
  const byTopic = new Map<string, ProduceRequestTopicProduceDataInput>();
  for (const b of batches) {
    let entry = byTopic.get(b.topic);
    if (entry === undefined) {
      entry =
        version >= FIRST_TOPIC_ID_PRODUCE_VERSION
          ? { topicId: topicIdOf(b.topic), partitionData: [] }
          : { name: b.topic, partitionData: [] };
      byTopic.set(b.topic, entry);
    }
    entry.partitionData.push({ index: b.partition, records: b.encoded as Buffer });
  }
  return {
    transactionalId: settings.transactionalId,
    acks: settings.acks,
    timeoutMs: settings.requestTimeoutMs,
    topicData: [...byTopic.values()],
  };
}

/**
 * The outcome of each of `batches` (same order) in `response` from `broker`. A topic answered
 * by id (v13+) is named through `topicIdOf`; a partition the broker did not answer for is
 * refused with a retriable `MISSING_PARTITION_RESPONSE` (it may have been written).
 */
export function readProduceResponse(
  batches: readonly ProducerBatch[],
  response: ProduceResponse,
  broker: string,
  topicIdOf: (topic: string) => string | undefined,
): BatchOutcome[] {
  const results = new Map<string, ProduceResponse['responses'][number]['partitionResponses'][number]>();
  for (const t of response.responses) {
    const name =
      t.name !== '' ? t.name : (batches.find((b) => topicIdOf(b.topic) === t.topicId)?.topic ?? '');
    for (const p of t.partitionResponses) results.set(topicPartitionKey(name, p.index), p);
  }
  return batches.map((batch): BatchOutcome => {
    const r = results.get(topicPartitionKey(batch.topic, batch.partition));
    if (r === undefined)
      return {
        kind: 'unanswered',
        errorCode: -1,
        currentLeader: undefined,
        error: new KafeError(
          'MISSING_PARTITION_RESPONSE',
          `${broker} did not answer for ${batch.topic}-${batch.partition}`,
          { retriable: true },
        ),
      };
    if (r.errorCode === errorCodes.NONE.code || r.errorCode === errorCodes.DUPLICATE_SEQUENCE_NUMBER.code)
      // DUPLICATE_SEQUENCE_NUMBER: an earlier attempt was written (Java treats it as success, offset unknown).
      return {
        kind: 'written',
        baseOffset: r.errorCode === errorCodes.NONE.code ? r.baseOffset : -1n,
        logAppendTimeMs: Number(r.logAppendTimeMs),
      };
    const detail =
      r.errorMessage ?? (r.recordErrors.length > 0 ? r.recordErrors[0]?.batchIndexErrorMessage : null);
    const error = new BrokerError(r.errorCode, detail ?? undefined);
    const tooLarge =
      r.errorCode === errorCodes.MESSAGE_TOO_LARGE.code ||
      r.errorCode === errorCodes.RECORD_LIST_TOO_LARGE.code;
    const leader = r.currentLeader;
    return {
      kind: tooLarge ? 'too-large' : 'refused',
      error,
      errorCode: r.errorCode,
      currentLeader: leader !== undefined && leader.leaderId >= 0 ? leader : undefined,
    };
  });
}
