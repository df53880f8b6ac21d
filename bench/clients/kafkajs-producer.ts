/**
 * KafkaJS producer: one `send` with all values per call (one ProduceRequest per broker). KafkaJS
 * has no linger: its batches are the caller's calls, so tuned is its defaults. Idempotent at
 * acks=all with one request in flight, as its docs pair `idempotent` with `maxInFlightRequests: 1`
 * (its sequence numbers are not safe with several in flight). The same code runs on
 * kafe/kafkajs (`kafe-kafkajs-producer.ts`): only the module differs.
 */
import kafkajs from 'kafkajs';
import type { CreateProducer } from '../src/adapter.js';
import { type KafkaJSApi, registerKafkajsCodecs } from './kafkajs-codecs.js';

/** The adapter over a KafkaJS-shaped module (`kafkajs`, or kafe's `kafe/kafkajs`). */
export function kafkajsProducer(api: KafkaJSApi, clientId: string): CreateProducer {
  const { CompressionTypes, Kafka, logLevel } = api;
  const codecs = {
    none: CompressionTypes.None,
    lz4: CompressionTypes.LZ4,
    zstd: CompressionTypes.ZSTD,
  } as const;
  return async (config) => {
    await registerKafkajsCodecs(api);
    const kafka = new Kafka({ clientId, brokers: config.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      ...(config.idempotent ? { idempotent: true, maxInFlightRequests: 1 } : {}),
    });
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
}

export default kafkajsProducer(kafkajs, 'bench-kafkajs');
