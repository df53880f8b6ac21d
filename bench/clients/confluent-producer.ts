/**
 * @confluentinc/kafka-javascript producer through its KafkaJS-compatible API (the one its docs
 * recommend), so librdkafka batches with its defaults (`linger.ms` 5).
 */
import confluent from '@confluentinc/kafka-javascript';
import type { CreateProducer } from '../src/adapter.js';

const { Kafka, logLevel, CompressionTypes } = confluent.KafkaJS;
const codecs = {
  none: CompressionTypes.None,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

const create: CreateProducer = async (config) => {
  const kafka = new Kafka({ kafkaJS: { brokers: config.brokers, logLevel: logLevel.NOTHING } });
  const producer = kafka.producer({
    kafkaJS: {
      acks: config.acks === 'all' ? -1 : 1,
      compression: codecs[config.compression],
      allowAutoTopicCreation: false,
    },
  });
  await producer.connect();
  return {
    async send(values) {
      await producer.send({ topic: config.topic, messages: values.map((value) => ({ value })) });
    },
    close: () => producer.disconnect(),
  };
};
export default create;
