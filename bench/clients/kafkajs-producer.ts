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
        // Value i to topic i mod n, one call for all (`sendBatch`, which `send` itself calls).
        const { topics } = config;
        await producer.sendBatch({
          acks,
          compression,
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
}

export default kafkajsProducer(kafkajs, 'bench-kafkajs');
