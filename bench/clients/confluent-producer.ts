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
    // librdkafka refuses records above 1,000,000 B with their overhead (its own
    // `message.max.bytes`); Java's `max.request.size` and the brokers allow 1 MiB: the 1 MB case.
    'message.max.bytes': 1_048_576,
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
      const { topics } = config;
      await producer.sendBatch({
        topicMessages: topics
          .map((topic, t) => ({
            topic,
            messages: values.filter((_, i) => i % topics.length === t).map((value) => ({ value })),
          }))
          // A call of fewer values than topics (the paced runs send one) leaves some topics out.
          .filter((m) => m.messages.length > 0),
      });
    },
    close: () => producer.disconnect(),
  };
};
export default create;
