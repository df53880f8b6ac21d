/** KafkaJS producer: one `send` with all values per call (one ProduceRequest per broker). */
import kafkajs from 'kafkajs';
import type { CreateProducer } from '../src/adapter.js';
import { registerKafkajsCodecs } from './kafkajs-codecs.js';

const { CompressionTypes, Kafka, logLevel } = kafkajs;

const codecs = {
  none: CompressionTypes.None,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

const create: CreateProducer = async (config) => {
  await registerKafkajsCodecs();
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: config.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const acks = config.acks === 'all' ? -1 : 1;
  const compression = codecs[config.compression];
  return {
    async send(values) {
      await producer.send({
        topic: config.topic,
        acks,
        compression,
        messages: values.map((value) => ({ value })),
      });
    },
    close: () => producer.disconnect(),
  };
};
export default create;
