/**
 * The seed's `produce(Topic, Message, Options)`: one message, one ProduceRequest to the
 * partition's leader (no batching, no idempotence: the batching `Producer` is the throughput
 * path). Retriable refusals that prove the message was not written (leader moved, no leader
 * yet, not enough replicas) are retried with a metadata refresh until `timeout`; a request
 * whose outcome is unknown (connection lost after writing, broker-side REQUEST_TIMED_OUT) is
 * not sent again, since that could write the message twice.
 */
import type { Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { ProduceRequestInput } from '../protocol/messages/produce.js';
import { encodeRecordBatch } from '../protocol/records/encode-record-batch.js';
import { checkPartition, checkPositive, checkTopic, toRecord } from './arguments.js';
import { errorName } from './error-names.js';
import { retriablePartitionError } from './retriable-partition-error.js';
import { topicInfo } from './topic-partitions.js';
import type { KafeMessage, KafeProduceOptions, KafeProduceResult, KafeValue } from './types.js';

/** Seed default of `timeout`, ms. */
export const DEFAULT_PRODUCE_TIMEOUT_MS = 5000;

/** Retriable codes after which the message may have been written: reported, never re-sent. */
const OUTCOME_UNKNOWN = new Set<number>([
  errorCodes.REQUEST_TIMED_OUT.code,
  errorCodes.NOT_ENOUGH_REPLICAS_AFTER_APPEND.code,
]);

/** Produce v3 is the first with record batches (magic 2); every broker kafe supports serves it. */
const FIRST_RECORD_BATCH_VERSION = 3;

/**
 * Sends `message` to `topic` as the seed's `produce` did, with kafe's defaults (see
 * {@link KafeProduceOptions}); a missing topic is asked for with auto-creation unless
 * `allowAutoTopicCreation` (the client's option) is false.
 */
export async function produce(
  cluster: Cluster,
  topic: string,
  message: KafeMessage,
  options: KafeProduceOptions = {},
  allowAutoTopicCreation = true,
): Promise<KafeProduceResult> {
  checkTopic(topic);
  const timeout = checkPositive(options.timeout, 'timeout', DEFAULT_PRODUCE_TIMEOUT_MS);
  const acks = options.requiredAcks ?? -1;
  if (acks !== -1 && acks !== 0 && acks !== 1)
    throw new InvalidArgumentError(`requiredAcks: expected -1, 0 or 1, got ${String(acks)}`);
  const record = toRecord(message, options.timestamp ?? Date.now());
  const partition = checkPartition(
    options.partition ?? (options.keyToPartition ? options.keyToPartition(topic, keyOf(message)) : 0),
  );
  const call = { timeoutMs: timeout };
  await topicInfo(cluster, topic, partition, { ...call, allowAutoTopicCreation });
  const records = encodeRecordBatch([record]);
  const request = (version: number): ProduceRequestInput => {
    if (version < FIRST_RECORD_BATCH_VERSION)
      throw new InvalidArgumentError(`Produce v${version}: kafe's produce needs v3+ (Kafka 0.11+)`);
    // Produce v13 (KIP-516) names topics by id only.
    const id = version >= 13 ? { topicId: cluster.cachedTopic(topic)?.topicId ?? '' } : { name: topic };
    return {
      acks,
      timeoutMs: timeout,
      topicData: [{ ...id, partitionData: [{ index: partition, records }] }],
    };
  };

  if (acks === 0) {
    // No response will come (docs/protocol.html, Produce: "acks=0 ... the server will not send
    // any response"): write the request to the leader and resolve once it is written.
    const { byLeader } = await cluster.groupByLeader([{ topic, partition }], call);
    const [leader] = [...byLeader.keys()];
    if (leader === undefined)
      throw new BrokerError(errorCodes.LEADER_NOT_AVAILABLE.code, `${topic}/${partition}: no leader`);
    const connection = await cluster.connection(leader, AbortSignal.timeout(timeout));
    const version = connection.versionFor('Produce');
    await connection.sendWithoutResponse('Produce', request(version), { version, timeoutMs: timeout });
    return { name: topic, partitions: [{ partition, errorCode: 'none' }] };
  }

  const response = await cluster.send('Produce', request, {
    to: { topic, partition },
    timeoutMs: timeout,
    retryUnknownOutcome: false,
    errorOf: (r) =>
      retriablePartitionError(
        r.responses
          .flatMap((t) => t.partitionResponses.map((p) => p.errorCode))
          .filter((c) => !OUTCOME_UNKNOWN.has(c)),
        `Produce ${topic}/${partition}`,
      ),
  });
  return {
    name: topic,
    partitions: response.responses.flatMap((t) =>
      t.partitionResponses.map((p) => ({
        partition: p.index,
        errorCode: errorName(p.errorCode),
        offset: p.baseOffset,
        timestamp: p.logAppendTimeMs,
      })),
    ),
  };
}

function keyOf(message: KafeMessage): KafeValue {
  if (Array.isArray(message)) return (message as readonly [KafeValue, KafeValue])[0];
  if (message !== null && typeof message === 'object' && !(message instanceof Uint8Array))
    return (message as { key: KafeValue }).key;
  return null;
}
