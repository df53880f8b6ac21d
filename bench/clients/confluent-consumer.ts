/**
 * @confluentinc/kafka-javascript consumer: KafkaJS-compatible `run({ eachBatch })` over
 * librdkafka. Tuned: `fetch.min.bytes` (`tuning.ts`).
 */
import confluent from '@confluentinc/kafka-javascript';
import type { CreateConsumer } from '../src/adapter.js';
import { TUNED_FETCH_MIN_BYTES } from '../src/tuning.js';

const { Kafka, logLevel } = confluent.KafkaJS;

const create: CreateConsumer = async (config) => {
  const kafka = new Kafka({ kafkaJS: { brokers: config.brokers, logLevel: logLevel.NOTHING } });
  const consumer = kafka.consumer({
    ...(config.tuned ? { 'fetch.min.bytes': TUNED_FETCH_MIN_BYTES } : {}),
    kafkaJS: { groupId: config.groupId, fromBeginning: true },
  });
  return {
    async start(onValue) {
      await consumer.connect();
      await consumer.subscribe({ topics: config.topics });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) if (message.value) onValue(message.value);
        },
      });
    },
    close: () => consumer.disconnect(),
  };
};
export default create;
