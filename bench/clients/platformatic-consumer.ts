/** @platformatic/kafka consumer: the group's message stream in flowing mode (`'data'` events). */
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import type { CreateConsumer } from '../src/adapter.js';

const create: CreateConsumer = async (config) => {
  const consumer = new Consumer({
    clientId: 'bench-platformatic',
    bootstrapBrokers: config.brokers,
    groupId: config.groupId,
  });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  return {
    async start(onValue) {
      stream = await consumer.consume({ topics: [config.topic], mode: 'earliest', autocommit: true });
      stream.on('data', (message) => onValue(message.value));
    },
    async close() {
      await stream?.close();
      await consumer.close(true);
    },
  };
};
export default create;
