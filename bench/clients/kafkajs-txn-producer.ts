/**
 * KafkaJS's transactional producer, beside kafe's (`--clients kafe-txn,kafkajs-txn`): the
 * values of each call in transactions of `KAFE_BENCH_TXN_RECORDS` records (default 1000), one
 * `transaction.send` and `commit` each, one transaction at a time (`oneAtATime`).
 */
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import type { CreateProducer } from '../src/adapter.js';
import { oneAtATime } from '../src/one-at-a-time.js';
import { registerKafkajsCodecs } from './kafkajs-codecs.js';

const { CompressionTypes, Kafka, logLevel } = kafkajs;
const perTransaction = Number(process.env.KAFE_BENCH_TXN_RECORDS ?? 1000);
const codecs = {
  none: CompressionTypes.None,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

const create: CreateProducer = async (config) => {
  await registerKafkajsCodecs();
  const kafka = new Kafka({
    clientId: 'bench-kafkajs-txn',
    brokers: config.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({
    transactionalId: `bench-${randomUUID()}`,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const compression = codecs[config.compression];
  return {
    // One transaction at a time: the driver's concurrent calls queue.
    send: oneAtATime(async (values: readonly Buffer[]) => {
      for (let i = 0; i < values.length; i += perTransaction) {
        const transaction = await producer.transaction();
        try {
          await transaction.send({
            topic: config.topic,
            compression,
            messages: values.slice(i, i + perTransaction).map((value) => ({ value })),
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort();
          throw error;
        }
      }
    }),
    close: () => producer.disconnect(),
  };
};
export default create;
