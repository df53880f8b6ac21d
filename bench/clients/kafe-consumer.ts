/**
 * kafe's consumer through its fast path, the `batches()` iterator (one partition's fetched
 * records per step, values as views into the fetched bytes). Group membership is not built
 * yet, so it assigns every partition of the topic at offset 0 by hand (`assign()`): the same
 * records as the peers' fresh groups read from the earliest offset, without the join, which
 * the clock leaves out for everyone anyway (it starts at the first record).
 */
import { Kafka } from '../../src/index.js';
import type { CreateConsumer } from '../src/adapter.js';

const create: CreateConsumer = async (config) => {
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'bench-kafe' });
  const consumer = kafka.consumer({ autoOffsetReset: 'earliest' });
  return {
    async start(onValue) {
      const [topic] = await kafka.admin().describeTopics([config.topic]);
      consumer.assign(
        (topic?.partitions ?? []).map((p) => ({ topic: config.topic, partition: p.partition, offset: 0 })),
      );
      void (async () => {
        for await (const fetched of consumer.batches())
          for (const batch of fetched.batches)
            for (const record of batch.records) if (record.value) onValue(record.value);
      })().catch((error: unknown) => {
        process.stderr.write(`kafe consumer: ${(error as Error).stack}\n`);
        process.exit(1);
      });
    },
    close: () => kafka.close(),
  };
};
export default create;
