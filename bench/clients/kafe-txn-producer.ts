/**
 * kafe's transactional producer (issue 12's bench case): the values of each call go out in
 * transactions of `KAFE_BENCH_TXN_RECORDS` records (default 1000; 100 for the small case), each
 * committed before the next begins (acks=all, idempotent, as every transactional producer), the
 * driver's concurrent calls queued (`oneAtATime`). A single value is one transaction of one record.
 */
import { randomUUID } from 'node:crypto';
import { Kafka } from '../../src/index.js';
import type { CreateProducer } from '../src/adapter.js';
import { oneAtATime } from '../src/one-at-a-time.js';

const perTransaction = Number(process.env.KAFE_BENCH_TXN_RECORDS ?? 1000);

const create: CreateProducer = async (config) => {
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'bench-kafe-txn' });
  const producer = kafka.producer({
    compression: config.compression,
    transactionalId: `bench-${randomUUID()}`,
  });
  await producer.initTransactions();
  const topic = config.topic;
  // Connects and learns the leaders before the clock starts, like the peers' connect().
  await producer.transaction((tx) => tx.send({ topic, value: Buffer.alloc(0) }));
  return {
    // One transaction at a time: the driver's concurrent calls queue.
    send: oneAtATime(async (values: readonly Buffer[]) => {
      for (let i = 0; i < values.length; i += perTransaction) {
        const chunk = values.slice(i, i + perTransaction);
        await producer.transaction((tx) => tx.sendBatch(chunk.map((value) => ({ topic, value }))));
      }
    }),
    close: () => kafka.close(),
  };
};
export default create;
