/**
 * @confluentinc/kafka-javascript producer through its KafkaJS-compatible API (the one its docs
 * recommend), so librdkafka batches with its defaults (`linger.ms` 5, `batch.size` 1 MB), or
 * tuned with Confluent's throughput advice (`linger.ms`, `tuning.ts`; its `batch.size` default is
 * already above the advised range). librdkafka properties sit beside the `kafkaJS` block.
 */
import confluent from '@confluentinc/kafka-javascript';
import type { CreateProducer } from '../src/adapter.js';
import { TUNED_LINGER_MS } from '../src/tuning.js';

const { Kafka, logLevel, CompressionTypes } = confluent.KafkaJS;
const codecs = {
  none: CompressionTypes.None,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

const create: CreateProducer = async (config) => {
  const kafka = new Kafka({ kafkaJS: { brokers: config.brokers, logLevel: logLevel.NOTHING } });
  const producer = kafka.producer({
    ...(config.tuned ? { 'linger.ms': TUNED_LINGER_MS } : {}),
    kafkaJS: {
      idempotent: config.idempotent,
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
