/**
 * @platformatic/kafka consumer: the group's message stream in flowing mode (`'data'` events).
 * Its README's "Performance" advice is the stream's `highWaterMark`, already raised to 1024 by
 * default; tuned adds `minBytes` (`tuning.ts`) as for every client.
 */
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import type { CreateConsumer } from '../src/adapter.js';
import { TUNED_FETCH_MIN_BYTES } from '../src/tuning.js';

const create: CreateConsumer = async (config) => {
  const consumer = new Consumer({
    clientId: 'bench-platformatic',
    bootstrapBrokers: config.brokers,
    groupId: config.groupId,
    ...(config.tuned ? { minBytes: TUNED_FETCH_MIN_BYTES } : {}),
  });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  return {
    async start(onValue) {
      stream = await consumer.consume({ topics: config.topics, mode: 'earliest', autocommit: true });
      stream.on('data', (message) => onValue(message.value));
    },
    async close() {
      await stream?.close();
      await consumer.close(true);
    },
  };
};
export default create;
