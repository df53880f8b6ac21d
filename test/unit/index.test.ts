/**
 * The package entry point (`kafe`, src/index.ts) as a user meets it: the objects `Kafka` hands
 * out are the exported classes, they work (a consumer made through the entry reads a record
 * from fake brokers; `createKafe` answers and then refuses calls after close), and every error
 * class users can branch on belongs to the one hierarchy. Which names are exported at all is
 * the API snapshot's job (api-snapshot.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as kafe from '../../src/index.js';
import { FakeKafka } from '../../src/testing/index.js';
import { appendValues } from '../support/fake-kafka-client.js';
import { readRecords } from '../support/read-records.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** Every exported class whose instances are errors, by exported name. */
const errorClasses = Object.entries(kafe as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

describe('kafe (the package entry point)', () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({ topics: ['events'] });
    appendValues(fake, 'events', 0, ['first', 'second']);
  });
  after(() => fake.close());

  it('exports error classes that all derive from KafeError and are named as exported', () => {
    // ConfigurationError, the connection errors, the producer's and consumer's, BrokerError...
    assert.ok(errorClasses.length >= 20, `${errorClasses.length} error classes exported`);
    for (const [name, errorClass] of errorClasses) {
      assert.ok(errorClass === kafe.KafeError || errorClass.prototype instanceof kafe.KafeError, name);
      // `error.name` comes from the class (new.target.name): what users log is what they import.
      assert.equal(errorClass.name, name);
    }
    const cause = new Error('socket hang up');
    const error = new kafe.ConnectionError('b:9092', 'connect failed', { cause });
    assert.deepEqual(
      [error.name, error.code, error.retriable, error.cause],
      ['ConnectionError', 'CONNECTION_ERROR', true, cause],
    );
  });

  it('Kafka hands out the exported Producer, Consumer and Admin, and a consumer reads through it', async () => {
    const kafka = new kafe.Kafka({ brokers: fake.bootstrap, retryBackoffMs: 5, reconnectBackoffMs: 5 });
    try {
      assert.ok(kafka.producer() instanceof kafe.Producer);
      assert.ok(kafka.admin() instanceof kafe.Admin);
      const consumer = kafka.consumer({ maxWaitMs: 20 });
      assert.ok(consumer instanceof kafe.Consumer);
      consumer.assign([{ topic: 'events', partition: 0, offset: 0n }]);
      const records = await readRecords(consumer, 2);
      assert.deepEqual(
        records.map((r) => [r.offset, r.value?.toString()]),
        [
          [0n, 'first'],
          [1n, 'second'],
        ],
      );
    } finally {
      await kafka.close();
    }
    assert.throws(() => kafka.producer(), kafe.ClientClosedError);
  });

  it('Kafka refuses new clients from the moment close() begins, and every close() is the same', async () => {
    const kafka = new kafe.Kafka({ brokers: fake.bootstrap, retryBackoffMs: 5, reconnectBackoffMs: 5 });
    const consumer = kafka.consumer({ maxWaitMs: 20 });
    consumer.assign([{ topic: 'events', partition: 0, offset: 0n }]);
    await readRecords(consumer, 1);
    const closing = kafka.close();
    // The consumer is still closing: a client made now would never be closed.
    assert.throws(() => kafka.consumer(), kafe.ClientClosedError);
    assert.throws(() => kafka.producer(), kafe.ClientClosedError);
    assert.throws(() => kafka.admin(), kafe.ClientClosedError);
    assert.equal(kafka.close(), closing);
    await closing;
  });

  it('createKafe answers metadata, then refuses calls with ClientClosedError once closed', async () => {
    const client = kafe.createKafe({ brokers: fake.bootstrap, retryBackoffMs: 5 });
    const metadata = await client.metadata();
    assert.deepEqual(
      metadata.topics.map((t) => t.name),
      ['events'],
    );
    await client.close();
    await assert.rejects(client.metadata(), kafe.ClientClosedError);
  });
});
