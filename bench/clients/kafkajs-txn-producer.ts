/**
 * KafkaJS's transactional producer, beside kafe's (`--clients kafe-txn,kafkajs-txn`): as
 * `kafe-txn-producer.ts`, transactions by time (`KAFE_BENCH_TXN_MS`, default 50 ms) or, with
 * `KAFE_BENCH_TXN_RECORDS` set, of that many records; `transaction.send` per driver call.
 */
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import type { CreateProducer } from '../src/adapter.js';
import { oneAtATime } from '../src/one-at-a-time.js';
import { timedTransactions, transactionMs, transactionRecords } from '../src/timed-transactions.js';
import { registerKafkajsCodecs } from './kafkajs-codecs.js';

const { CompressionTypes, Kafka, logLevel } = kafkajs;
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
  const topic = config.topic;
  const messages = (values: readonly Buffer[]) => values.map((value) => ({ value }));
  type Transaction = Awaited<ReturnType<typeof producer.transaction>>;
  const perTransaction = transactionRecords();
  if (perTransaction === undefined) {
    const timed = timedTransactions<Transaction>(
      {
        begin: () => producer.transaction(),
        send: (transaction, values) => transaction.send({ topic, compression, messages: messages(values) }),
        commit: (transaction) => transaction.commit(),
        abort: (transaction) => transaction.abort(),
      },
      transactionMs(),
    );
    return { send: timed.send, close: () => timed.flush().finally(() => producer.disconnect()) };
  }
  return {
    send: oneAtATime(async (values: readonly Buffer[]) => {
      for (let i = 0; i < values.length; i += perTransaction) {
        const transaction = await producer.transaction();
        try {
          await transaction.send({
            topic,
            compression,
            messages: messages(values.slice(i, i + perTransaction)),
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
