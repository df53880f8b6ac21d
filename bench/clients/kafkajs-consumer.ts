/** KafkaJS consumer: `run({ eachBatch })`, its fastest documented path. */
import kafkajs from 'kafkajs';
import type { CreateConsumer } from '../src/adapter.js';
import { registerKafkajsCodecs } from './kafkajs-codecs.js';

const { Kafka, logLevel } = kafkajs;

const create: CreateConsumer = async (config) => {
  await registerKafkajsCodecs();
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: config.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: config.groupId });
  return {
    async start(onValue) {
      await consumer.connect();
      await consumer.subscribe({ topic: config.topic, fromBeginning: true });
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
