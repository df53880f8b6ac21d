/**
 * kafe's per-record path: every value through its own `send` promise, all awaited together —
 * what a KafkaJS-style caller does. Measured beside `kafe` (the `sendBatch` path), as issue 5
 * asks for both; the latency runs of the two are the same (one `send` per record).
 */
import { Kafka } from '../../src/kafka.js';
import { Producer } from '../../src/producer/index.js';
import type { CreateProducer } from '../src/adapter.js';

const create: CreateProducer = async (config) => {
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'bench-kafe-send' });
  const producer = new Producer(kafka.cluster, { acks: config.acks, compression: config.compression });
  const topic = config.topic;
  await producer.send({ topic, value: Buffer.alloc(0) });
  return {
    async send(values) {
      await Promise.all(values.map((value) => producer.send({ topic, value })));
    },
    async close() {
      await producer.close();
      await kafka.close();
    },
  };
};
export default create;
