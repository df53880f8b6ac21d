/** @confluentinc/kafka-javascript consumer: KafkaJS-compatible `run({ eachBatch })` over librdkafka. */
import confluent from '@confluentinc/kafka-javascript';
import type { CreateConsumer } from '../src/adapter.js';

const { Kafka, logLevel } = confluent.KafkaJS;

const create: CreateConsumer = async (config) => {
  const kafka = new Kafka({ kafkaJS: { brokers: config.brokers, logLevel: logLevel.NOTHING } });
  const consumer = kafka.consumer({ kafkaJS: { groupId: config.groupId, fromBeginning: true } });
  return {
    async start(onValue) {
      await consumer.connect();
      await consumer.subscribe({ topics: [config.topic] });
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
