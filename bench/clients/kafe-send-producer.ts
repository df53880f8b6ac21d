/**
 * kafe's per-record path: every value through its own `send` promise, all awaited together —
 * what a KafkaJS-style caller does. Measured beside `kafe` (the `sendBatch` path), as issue 5
 * asks for both; the latency runs of the two are the same (one `send` per record).
 */
import type { CreateProducer } from '../src/adapter.js';
import { openKafeProducer } from './kafe-producer.js';

const create: CreateProducer = async (config) => {
  const { producer, close } = await openKafeProducer(config, 'bench-kafe-send');
  const { topics } = config;
  return {
    async send(values) {
      await Promise.all(
        values.map((value, i) => producer.send({ topic: topics[i % topics.length]!, value })),
      );
    },
    close,
  };
};
export default create;
