/**
 * kafe's transactional producer (issue 12's bench case), acks=all and idempotent as every
 * transactional producer: by default transactions by time, committed after
 * `KAFE_BENCH_TXN_MS` (default 50 ms, what Java's tool is given), the driver's calls sending
 * into the open one and resolving on their acknowledgement (`timedTransactions`); with
 * `KAFE_BENCH_TXN_RECORDS` set, transactions of that many records, one at a time.
 */
import { randomUUID } from 'node:crypto';
import { Kafka } from '../../src/index.js';
import type { CreateProducer } from '../src/adapter.js';
import { oneAtATime } from '../src/one-at-a-time.js';
import { timedTransactions, transactionMs, transactionRecords } from '../src/timed-transactions.js';

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
  const records = (values: readonly Buffer[]) => values.map((value) => ({ topic, value }));
  const perTransaction = transactionRecords();
  if (perTransaction === undefined) {
    const timed = timedTransactions(
      {
        begin: async () => producer.beginTransaction(),
        send: (_, values) => producer.sendBatch(records(values)),
        commit: () => producer.commitTransaction(),
        abort: () => producer.abortTransaction(),
      },
      transactionMs(),
    );
    return { send: timed.send, close: () => timed.flush().finally(() => kafka.close()) };
  }
  return {
    send: oneAtATime(async (values: readonly Buffer[]) => {
      for (let i = 0; i < values.length; i += perTransaction) {
        const chunk = values.slice(i, i + perTransaction);
        await producer.transaction((tx) => tx.sendBatch(records(chunk)));
      }
    }),
    close: () => kafka.close(),
  };
};
export default create;
