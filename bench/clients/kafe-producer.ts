/**
 * kafe's producer with its defaults (idempotent when acks=all, `lingerMs` 5, `batchSize` 16 KiB,
 * as Java): a batch of values goes through `sendBatch` (one promise per call, the fast path); a
 * single value through `send` (one promise per record), which is what the latency runs time.
 */
import { Kafka } from '../../src/kafka.js';
import { Producer } from '../../src/producer/index.js';
import type { CreateProducer } from '../src/adapter.js';

const create: CreateProducer = async (config) => {
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'bench-kafe' });
  const producer = new Producer(kafka.cluster, { acks: config.acks, compression: config.compression });
  const topic = config.topic;
  // Connects and learns the topic's leaders before the clock starts, like the peers' connect().
  await producer.send({ topic, value: Buffer.alloc(0) });
  return {
    async send(values) {
      if (values.length === 1) await producer.send({ topic, value: values[0]! });
      else await producer.sendBatch(values.map((value) => ({ topic, value })));
    },
    async close() {
      await producer.close();
      await kafka.close();
    },
  };
};
export default create;
