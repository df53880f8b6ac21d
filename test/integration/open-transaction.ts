/**
 * An open transaction on a real broker, written with raw requests (InitProducerId,
 * AddPartitionsToTxn v3, a transactional Produce), so that a test sees the last stable offset
 * stay below the high watermark until it is aborted — what read_committed readers and lag
 * measure to (KIP-98).
 */
import type { Kafka } from '../../src/kafka.js';
import { errorForCode } from '../../src/protocol/broker-error.js';
import { encodeRecordBatch } from '../../src/protocol/records/encode-record-batch.js';
import { uniqueTopic } from './cluster-under-test.js';

/** An open transaction holding `count` records of `topic`/`partition`; `abort()` ends it. */
export async function openTransaction(
  kafka: Kafka,
  topic: string,
  partition: number,
  count: number,
): Promise<{ abort: () => Promise<void> }> {
  const transactionalId = uniqueTopic('txn');
  const cluster = kafka.cluster;
  const to = { transactionalId };
  const init = await cluster.send(
    'InitProducerId',
    { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 },
    { to, errorOf: (r) => errorForCode(r.errorCode) },
  );
  const { producerId, producerEpoch } = init;
  // v3: the client form (v4+ is the brokers' batched form, KIP-890).
  await cluster.send(
    'AddPartitionsToTxn',
    {
      transactions: [],
      v3AndBelowTransactionalId: transactionalId,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [{ name: topic, partitions: [partition] }],
    },
    {
      to,
      version: (c) => Math.min(3, c.versionFor('AddPartitionsToTxn')),
      errorOf: (r) =>
        errorForCode(r.resultsByTopicV3AndBelow[0]?.resultsByPartition[0]?.partitionErrorCode ?? 0),
    },
  );
  const records = encodeRecordBatch(
    Array.from({ length: count }, (_, i) => ({
      key: null,
      value: Buffer.from(`txn-${i}`),
      headers: [],
      timestamp: Date.now(),
    })),
    { producerId, producerEpoch, baseSequence: 0, isTransactional: true },
  );
  const topicId = (await kafka.admin().describeTopics([topic])).get(topic).topicId;
  await cluster.send(
    'Produce',
    (version) => ({
      transactionalId,
      acks: -1,
      timeoutMs: 10_000,
      // Produce v13 names topics by id.
      topicData: [
        { name: version >= 13 ? '' : topic, topicId, partitionData: [{ index: partition, records }] },
      ],
    }),
    {
      to: { topic, partition },
      errorOf: (r) => errorForCode(r.responses[0]?.partitionResponses[0]?.errorCode ?? 0),
    },
  );
  return {
    abort: async () => {
      await cluster.send(
        'EndTxn',
        { transactionalId, producerId, producerEpoch, committed: false },
        { to, errorOf: (r) => errorForCode(r.errorCode) },
      );
    },
  };
}
