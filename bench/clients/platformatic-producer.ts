/**
 * @platformatic/kafka producer: one `send({ messages })` per call, default (buffer) serializers.
 * Its `send` has no linger (a call's messages go at once) and its docs advise no producer
 * setting for throughput, so tuned is its defaults. Idempotent at acks=all.
 */
import { Producer } from '@platformatic/kafka';
import type { CreateProducer } from '../src/adapter.js';

const create: CreateProducer = async (config) => {
  const producer = new Producer({
    clientId: 'bench-platformatic',
    bootstrapBrokers: config.brokers,
    acks: config.acks === 'all' ? -1 : 1,
    idempotent: config.idempotent,
    ...(config.compression === 'none' ? {} : { compression: config.compression }),
    autocreateTopics: false,
  });
  const { topics } = config;
  return {
    async send(values) {
      await producer.send({
        messages: values.map((value, i) => ({ topic: topics[i % topics.length]!, value })),
      });
    },
    close: () => producer.close(),
  };
};
export default create;
