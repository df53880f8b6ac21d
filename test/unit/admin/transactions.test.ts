/**
 * The transaction admin calls on the fake cluster, whose coordinators model transactions:
 * listTransactions merged over every broker with the brokers' filters and refused filters an
 * older broker's ListTransactions cannot carry; describeTransactions asked again at the new
 * coordinator after NOT_COORDINATOR; fenceProducers retried on CONCURRENT_TRANSACTIONS,
 * fencing the producer and aborting its open transaction; a hanging transaction found with
 * describeProducers and ended with abortTransaction (WriteTxnMarkers at the leader), after which
 * a read_committed reader gets past it.
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

  it('ends a hanging transaction found by describeProducers: read_committed readers get past it', async () => {
    await fake.createTopic('hanging');
    const producer = kafka.producer({ transactionalId: 'hanging-1' });
    producers.set('hanging-1', producer);
    await producer.initTransactions();
    producer.beginTransaction();
    await producer.sendBatch([
      { topic: 'hanging', partition: 0, value: 'h0' },
      { topic: 'hanging', partition: 0, value: 'h1' },
    ]);
    await kafka.producer().send({ topic: 'hanging', partition: 0, value: 'after' });
    const admin = kafka.admin();
    const end = async (isolationLevel: 'read_committed' | 'read_uncommitted') =>
      (await admin.listOffsets([{ topic: 'hanging', partition: 0, spec: 'latest' }], { isolationLevel })).get(
        'hanging/0',
      ).offset;
    assert.equal(await end('read_committed'), 0n);
    const [open] = (await admin.describeProducers([{ topic: 'hanging', partition: 0 }]))
      .get('hanging/0')
      .filter((s) => s.currentTransactionStartOffset !== undefined);
    assert.ok(open !== undefined);
    assert.deepEqual(
      [open.producerId, open.currentTransactionStartOffset, open.coordinatorEpoch],
      [fake.transaction('hanging-1')?.producerId, 0n, undefined],
    );

    const spec = {
      topic: 'hanging',
      partition: 0,
      producerId: open.producerId,
      producerEpoch: open.producerEpoch,
    };
    await admin.abortTransaction({ ...spec, coordinatorEpoch: 3 });
    assert.equal(await end('read_committed'), await end('read_uncommitted'));
    const consumer = kafka.consumer({ isolationLevel: 'read_committed' });
    try {
      consumer.assign([{ topic: 'hanging', partition: 0, offset: 0n }]);
      for await (const r of consumer.records()) {
        assert.equal(r.value?.toString(), 'after');
        break;
      }
    } finally {
      await consumer.close();
    }
    const after = (await admin.describeProducers([{ topic: 'hanging', partition: 0 }])).get('hanging/0');
    assert.deepEqual(
      after.find((s) => s.producerId === open.producerId),
      { ...open, coordinatorEpoch: 3, currentTransactionStartOffset: undefined },
    );
    // A marker from an older coordinator than the last one is refused.
    await assert.rejects(admin.abortTransaction({ ...spec, coordinatorEpoch: 2 }), {
      code: 'TRANSACTION_COORDINATOR_FENCED',
      message: /^partition hanging\/0: /,
    });
  });

  it('takes a named broker’s NOT_LEADER_OR_FOLLOWER as final: it would ask the same broker again', async () => {
    await kafka.cluster.refreshTopics(['orders']);
    const leader = kafka.cluster.metadata.partition('orders', 0)?.leaderId;
    const follower = [...kafka.cluster.metadata.brokers.keys()].find((id) => id !== leader);
    const fault = fake.failNext('DescribeProducers', {
      errorCode: errorCodes.NOT_LEADER_OR_FOLLOWER.code,
      count: 5,
    });
    const [outcome] = await kafka
      .admin()
      .describeProducers([{ topic: 'orders', partition: 0 }], { brokerId: follower });
    assert.equal(outcome?.error?.code, 'NOT_LEADER_OR_FOLLOWER');
    assert.equal(fault.fired, 1);
    fault.remove();
  });

  it('refuses invalid options as a whole, before any request', async () => {
    const admin = kafka.admin();
    await assert.rejects(admin.describeProducers([{ topic: 'orders', partition: 0 }], { brokerId: -1 }), {
      code: 'INVALID_ARGUMENT',
    });
    await assert.rejects(admin.fenceProducers(['billing-1'], { transactionTimeoutMs: 0 }), {
      code: 'INVALID_ARGUMENT',
    });
    assert.equal(fake.transaction('billing-1')?.state, 'Ongoing');
  });
});
