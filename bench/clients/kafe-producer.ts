/**
 * kafe's producer with its defaults (idempotent when acks=all, `batchSize` 16 KiB as Java, no
 * linger while idle and up to 5 ms under load), or tuned as Java's documentation advises
 * (`tuning.ts`: `lingerMs` set, so Java's linger rule): a batch of values goes through `sendBatch` (one promise per call, the fast path); a
 * single value through `send` (one promise per record), which is what the latency runs time.
 */
import { Kafka } from '../../src/index.js';
import type { CreateProducer, ProducerConfig } from '../src/adapter.js';
import { TUNED_BATCH_BYTES, TUNED_LINGER_MS } from '../src/tuning.js';

/** A connected kafe producer that already knows the topic's leaders, and how to close it. */
export async function openKafeProducer(config: ProducerConfig, clientId: string) {
  const kafka = new Kafka({ brokers: config.brokers, clientId });
  const producer = kafka.producer({
    acks: config.acks,
    compression: config.compression,
    idempotent: config.idempotent,
    ...(config.tuned ? { batchSize: TUNED_BATCH_BYTES, lingerMs: TUNED_LINGER_MS } : {}),
  });
  // Connects and learns the leaders before the clock starts, like the peers' connect().
  await producer.send({ topic: config.topic, value: Buffer.alloc(0) });
  // Kafka#close closes its producers first.
  const close = () => kafka.close();
  return { producer, close };
}

const create: CreateProducer = async (config) => {
  const { producer, close } = await openKafeProducer(config, 'bench-kafe');
  const { topics } = config;
  return {
    async send(values) {
      if (values.length === 1) await producer.send({ topic: topics[0]!, value: values[0]! });
      else await producer.sendBatch(values.map((value, i) => ({ topic: topics[i % topics.length]!, value })));
    },
    close,
  };
};
export default create;
