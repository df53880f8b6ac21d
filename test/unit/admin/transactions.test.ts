/**
 * The transaction admin calls on the fake cluster, whose coordinators model transactions:
 * listTransactions merged over every broker with the brokers' filters and refused filters an
 * older broker's ListTransactions cannot carry; describeTransactions asked again at the new
 * coordinator after NOT_COORDINATOR; fenceProducers retried on CONCURRENT_TRANSACTIONS,
 * fencing the producer and aborting its open transaction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import type { Producer } from '../../../src/producer/producer.js';
import { ProducerFencedError } from '../../../src/producer/transaction-errors.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';

describe('transaction admin on the fake cluster', () => {
  let fake: FakeKafka;
  let kafka: Kafka;
  const producers = new Map<string, Producer>();

  /** A producer of `id` that began a transaction and wrote one record (left open). */
  async function open(id: string): Promise<Producer> {
    const producer = kafka.producer({ transactionalId: id });
    await producer.initTransactions();
    producer.beginTransaction();
    await producer.send({ topic: 'orders', partition: producers.size % 2, value: id });
    producers.set(id, producer);
    return producer;
  }

  before(async () => {
    fake = await FakeKafka.start({ brokers: 3, topics: [{ name: 'orders', partitions: 2 }] });
    kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'txn-admin', retryBackoffMs: 5 });
    for (const id of ['billing-1', 'billing-2', 'shipping-1']) await open(id);
    const committed = producers.get('shipping-1')!;
    await committed.commitTransaction();
  });
  after(async () => {
    for (const p of producers.values()) await p.close();
    await kafka.close();
    await fake.close();
  });

  it('lists every broker’s transactional ids, filtered by state, producer id, duration and pattern', async () => {
    const admin = kafka.admin();
    const all = await admin.listTransactions();
    assert.deepEqual(
      all.map((t) => [t.transactionalId, t.state]),
      [
        ['billing-1', 'Ongoing'],
        ['billing-2', 'Ongoing'],
        ['shipping-1', 'CompleteCommit'],
      ],
    );
    assert.ok(new Set(all.map((t) => t.coordinator)).size > 1, 'the ids live on more than one coordinator');
    const ids = async (options: Parameters<typeof admin.listTransactions>[0]) =>
      (await admin.listTransactions(options)).map((t) => t.transactionalId);
    assert.deepEqual(await ids({ states: ['Ongoing'] }), ['billing-1', 'billing-2']);
    assert.deepEqual(await ids({ producerIds: [all[1]!.producerId] }), ['billing-2']);
    assert.deepEqual(await ids({ durationFilterMs: 3_600_000 }), []);
    assert.deepEqual(await ids({ transactionalIdPattern: '^ship' }), ['shipping-1']);
  });

  it('refuses a filter an older broker’s ListTransactions cannot carry, and lists without it', async () => {
    const old = await FakeKafka.start({ apiVersions: { ListTransactions: { min: 0, max: 0 } } });
    const client = new Kafka({ brokers: old.bootstrap, clientId: 'txn-admin-old' });
    try {
      const admin = client.admin();
      await assert.rejects(admin.listTransactions({ durationFilterMs: 1000 }), {
        code: 'UNSUPPORTED_VERSION',
        message: /filtering by duration needs v1/,
      });
      await assert.rejects(admin.listTransactions({ transactionalIdPattern: 'x' }), {
        message: /transactional id pattern needs v2/,
      });
      assert.deepEqual(await admin.listTransactions({ states: ['Ongoing'] }), []);
    } finally {
      await client.close();
      await old.close();
    }
  });

  it('describes transactions at their coordinators, asking again after NOT_COORDINATOR', async () => {
    const fault = fake.failNext('DescribeTransactions', { errorCode: errorCodes.NOT_COORDINATOR.code });
    const described = await kafka.admin().describeTransactions(['billing-1', 'nobody']);
    assert.equal(fault.fired, 1);
    const d = described.get('billing-1');
    assert.deepEqual(
      [d.state, d.producerId, d.topicPartitions],
      ['Ongoing', fake.transaction('billing-1')?.producerId, [{ topic: 'orders', partition: 0 }]],
    );
    assert.ok(d.transactionStartTimeMs !== undefined);
    assert.equal(described.error('nobody')?.code, 'TRANSACTIONAL_ID_NOT_FOUND');
  });

  it('fences producers, retrying while the coordinator ends the previous transaction', async () => {
    const before = fake.transaction('billing-2')!.producerEpoch;
    const fault = fake.failNext('InitProducerId', {
      errorCode: errorCodes.CONCURRENT_TRANSACTIONS.code,
      count: 2,
    });
    const fenced = await kafka.admin().fenceProducers(['billing-2']);
    assert.equal(fault.fired, 2);
    assert.equal(fenced.get('billing-2').producerEpoch, before + 1);
    // As on Kafka: the open transaction is aborted and the id starts afresh under the new epoch.
    assert.equal(fake.transaction('billing-2')?.state, 'Empty');
    const end = async (isolationLevel: 'read_committed' | 'read_uncommitted') =>
      (
        await kafka
          .admin()
          .listOffsets([{ topic: 'orders', partition: 1, spec: 'latest' }], { isolationLevel })
      ).values()[0]?.offset;
    assert.equal(await end('read_committed'), await end('read_uncommitted'));
    await assert.rejects(producers.get('billing-2')!.commitTransaction(), ProducerFencedError);
  });
});
