/**
 * kafe's per-record path: every value through its own `send` promise, all awaited together —
 * what a KafkaJS-style caller does. Measured beside `kafe` (the `sendBatch` path), as issue 5
 * asks for both; the latency runs of the two are the same (one `send` per record).
 */
import type { CreateProducer } from '../src/adapter.js';
import { openKafeProducer } from './kafe-producer.js';

const create: CreateProducer = async (config) => {
  const { producer, close } = await openKafeProducer(config, 'bench-kafe-send');
  const topic = config.topic;
  return {
    async send(values) {
      await Promise.all(values.map((value) => producer.send({ topic, value })));
    },
    close,
  };
};
export default create;
