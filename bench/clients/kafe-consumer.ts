/**
 * kafe's consumer in a group, through its fast path: `subscribe()` then the `batches()`
 * iterator (one partition's fetched records per step, values as views into the fetched bytes).
 * Defaults otherwise: cooperative-sticky, auto-commit, the fresh group starts at the earliest
 * offset as the peers' do. The clock starts at the first record, after the join, for everyone.
 * Tuned: `minBytes` as Java's documentation advises (`tuning.ts`).
 */
import { Kafka } from '../../src/index.js';
import type { CreateConsumer } from '../src/adapter.js';
import { TUNED_FETCH_MIN_BYTES } from '../src/tuning.js';

const create: CreateConsumer = async (config) => {
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'bench-kafe' });
  const consumer = kafka.consumer({
    groupId: config.groupId,
    autoOffsetReset: 'earliest',
    ...(config.tuned ? { minBytes: TUNED_FETCH_MIN_BYTES } : {}),
  });
  return {
    async start(onValue) {
      consumer.subscribe(config.topics);
      void (async () => {
        for await (const fetched of consumer.batches())
          for (const batch of fetched.batches)
            for (const record of batch.records) {
              // `value` makes a view of the fetched bytes each time it is read: read it once.
              const value = record.value;
              if (value) onValue(value);
            }
      })().catch((error: unknown) => {
        process.stderr.write(`kafe consumer: ${(error as Error).stack}\n`);
        process.exit(1);
      });
    },
    close: () => kafka.close(),
  };
};
export default create;
