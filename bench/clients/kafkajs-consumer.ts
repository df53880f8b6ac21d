/**
 * KafkaJS consumer: `run({ eachBatch })`, its fastest documented path. Tuned: `minBytes` and
 * `partitionsConsumedConcurrently` (`tuning.ts`). The same code runs on kafe/kafkajs
 * (`kafe-kafkajs-consumer.ts`): only the module differs.
 */
import kafkajs from 'kafkajs';
import type { CreateConsumer } from '../src/adapter.js';
import { TUNED_FETCH_MIN_BYTES, TUNED_KAFKAJS_CONCURRENCY } from '../src/tuning.js';
import { type KafkaJSApi, registerKafkajsCodecs } from './kafkajs-codecs.js';

/** The adapter over a KafkaJS-shaped module (`kafkajs`, or kafe's `kafe/kafkajs`). */
export function kafkajsConsumer(api: KafkaJSApi, clientId: string): CreateConsumer {
  const { Kafka, logLevel } = api;
  return async (config) => {
    await registerKafkajsCodecs(api);
    const kafka = new Kafka({ clientId, brokers: config.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({
      groupId: config.groupId,
      ...(config.tuned ? { minBytes: TUNED_FETCH_MIN_BYTES } : {}),
    });
    return {
      async start(onValue) {
        await consumer.connect();
        await consumer.subscribe({ topics: config.topics, fromBeginning: true });
        await consumer.run({
          ...(config.tuned ? { partitionsConsumedConcurrently: TUNED_KAFKAJS_CONCURRENCY } : {}),
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) if (message.value) onValue(message.value);
          },
        });
      },
      close: () => consumer.disconnect(),
    };
  };
}

export default kafkajsConsumer(kafkajs, 'bench-kafkajs');
