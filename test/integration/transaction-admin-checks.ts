/**
 * The transaction admin calls on a real cluster, run by `single/` (Kafka 4.x, transactions v2)
 * and `v39/` (Kafka 3.9, v1; ListTransactions v1, so no transactional-id pattern): what kafe's
 * listTransactions, describeTransactions and describeProducers report against what Kafka's own
 * `kafka-transactions.sh` prints; a hanging transaction (a producer that began one, wrote and
 * never ended it) found and ended with abortTransaction, after which read_committed readers get
 * past it; fenceProducers and forceTerminateTransaction fencing a producer and aborting its
 * transaction; and what the tool's `abort` changes, kafe reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kafka } from '../../src/kafka.js';
import type { Producer } from '../../src/producer/producer.js';
import { ProducerFencedError } from '../../src/producer/transaction-errors.js';
import { transactionsWithTool } from './admin-tools.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';

/** A producer of a new transactional id that began a transaction and wrote `values` to partition 0, never ended. */
async function openTransaction(
  kafka: Kafka,
  topic: string,
  values: string[],
): Promise<{ producer: Producer; transactionalId: string }> {
  const transactionalId = uniqueTopic('txn-admin');
  const producer = kafka.producer({ transactionalId, transactionTimeoutMs: 120_000 });
  await producer.initTransactions();
  producer.beginTransaction();
  await producer.sendBatch(values.map((value) => ({ topic, partition: 0, value })));
  return { producer, transactionalId };
}

/** The first value a read_committed consumer reads from partition 0 of `topic`, from offset 0. */
async function firstCommittedValue(kafka: Kafka, topic: string): Promise<string | undefined> {
  const consumer = kafka.consumer({ isolationLevel: 'read_committed' });
  try {
    consumer.assign([{ topic, partition: 0, offset: 0n }]);
    for await (const r of consumer.records()) return r.value?.toString();
    return undefined;
  } finally {
    await consumer.close();
  }
}

/** Registers the transaction admin tests; `patterns`: whether the brokers serve ListTransactions v2 (Kafka 4.1+). */
export function transactionAdminSuite(patterns: boolean): void {
  describe('transaction admin', () => {
    const kafka = kafkaUnderTest({ clientId: 'kafe-transaction-admin' });
    const admin = kafka.admin();
    const cluster = clusterUnderTest();

    const newTopic = async (prefix: string) => {
      const topic = uniqueTopic(prefix);
      (await admin.createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
      return topic;
    };
    const offsetOf = async (topic: string, isolationLevel: 'read_committed' | 'read_uncommitted') =>
      (await admin.listOffsets([{ topic, partition: 0, spec: 'latest' }], { isolationLevel })).get(
        `${topic}/0`,
      ).offset;

    it('lists, describes and shows the producers of an open transaction as kafka-transactions does', async () => {
      const topic = await newTopic('txn-admin-open');
      const { producer, transactionalId } = await openTransaction(kafka, topic, ['a', 'b', 'c']);
      try {
        const listed = (await admin.listTransactions({ states: ['Ongoing'] })).find(
          (t) => t.transactionalId === transactionalId,
        );
        assert.ok(listed !== undefined, 'listed as Ongoing');
        const [toolListed] = (await transactionsWithTool(cluster, ['list'])).filter(
          (row) => row.TransactionalId === transactionalId,
        );
        assert.deepEqual(
          [String(listed.coordinator), String(listed.producerId), listed.state],
          [toolListed?.Coordinator, toolListed?.ProducerId, toolListed?.TransactionState],
        );
        // Filters applied by the brokers.
        const ids = async (options: Parameters<typeof admin.listTransactions>[0]) =>
          (await admin.listTransactions(options)).map((t) => t.transactionalId);
        assert.deepEqual(await ids({ producerIds: [listed.producerId] }), [transactionalId]);
        assert.ok(!(await ids({ states: ['CompleteCommit', 'Empty'] })).includes(transactionalId));
        assert.ok(!(await ids({ durationFilterMs: 3_600_000 })).includes(transactionalId));
        assert.ok((await ids({ durationFilterMs: 0 })).includes(transactionalId));
        const pattern = `^${transactionalId.replaceAll('-', '\\-')}$`;
        if (patterns) assert.deepEqual(await ids({ transactionalIdPattern: pattern }), [transactionalId]);
        else
          await assert.rejects(admin.listTransactions({ transactionalIdPattern: pattern }), {
            code: 'UNSUPPORTED_VERSION',
            message: /transactional id pattern needs v2/,
          });

        const described = await admin.describeTransactions([transactionalId, uniqueTopic('nobody')]);
        const d = described.get(transactionalId);
        assert.deepEqual(
          [d.state, d.producerId, d.topicPartitions],
          ['Ongoing', listed.producerId, [{ topic, partition: 0 }]],
        );
        assert.equal(described.errors[0]?.code, 'TRANSACTIONAL_ID_NOT_FOUND');
        const [toolDescribed] = await transactionsWithTool(cluster, [
          'describe',
          '--transactional-id',
          transactionalId,
        ]);
        assert.deepEqual(
          [
            d.coordinator,
            d.producerId,
            d.producerEpoch,
            d.state,
            d.transactionTimeoutMs,
            d.transactionStartTimeMs,
            `${topic}-0`,
          ].map(String),
          [
            toolDescribed?.CoordinatorId,
            toolDescribed?.ProducerId,
            toolDescribed?.ProducerEpoch,
            toolDescribed?.TransactionState,
            toolDescribed?.TransactionTimeoutMs,
            toolDescribed?.CurrentTransactionStartTimeMs,
            toolDescribed?.TopicPartitions,
          ],
        );

        const leader = (await admin.describeTopics([topic])).get(topic).partitions[0]?.leader;
        const fromLeader = (await admin.describeProducers([{ topic, partition: 0 }])).get(`${topic}/0`);
        const fromBroker = (
          await admin.describeProducers([{ topic, partition: 0 }], { brokerId: leader })
        ).get(`${topic}/0`);
        assert.deepEqual(fromBroker, fromLeader);
        const mine = fromLeader.find((s) => s.producerId === listed.producerId);
        assert.equal(mine?.currentTransactionStartOffset, 0n);
        const toolProducers = await transactionsWithTool(cluster, [
          'describe-producers',
          '--topic',
          topic,
          '--partition',
          '0',
        ]);
        assert.deepEqual(
          fromLeader.map((s) =>
            [s.producerId, s.producerEpoch, s.lastSequence, s.currentTransactionStartOffset ?? 'None'].map(
              String,
            ),
          ),
          toolProducers.map((row) => [
            row.ProducerId,
            row.ProducerEpoch,
            row.LastSequence,
            row.CurrentTransactionStartOffset,
          ]),
        );
      } finally {
        await producer.abortTransaction();
        await producer.close();
      }
    });

    it('ends a hanging transaction with abortTransaction, after which read_committed readers get past it', async () => {
      const topic = await newTopic('txn-admin-hanging');
      const { producer, transactionalId } = await openTransaction(kafka, topic, ['h0', 'h1', 'h2']);
      try {
        await kafka.producer().send({ topic, partition: 0, value: 'after' });
        // The open transaction holds the last stable offset at its first record.
        assert.equal(await offsetOf(topic, 'read_committed'), 0n);
        const [listed] = await admin
          .listTransactions({ states: ['Ongoing'], producerIds: [] })
          .then((all) => all.filter((t) => t.transactionalId === transactionalId));
        assert.ok(listed !== undefined);
        const open = (await admin.describeProducers([{ topic, partition: 0 }]))
          .get(`${topic}/0`)
          .find((s) => s.producerId === listed.producerId);
        assert.equal(open?.currentTransactionStartOffset, 0n);

        await admin.abortTransaction({
          topic,
          partition: 0,
          producerId: open.producerId,
          producerEpoch: open.producerEpoch,
          coordinatorEpoch: open.coordinatorEpoch ?? 0,
        });
        assert.equal(await offsetOf(topic, 'read_committed'), await offsetOf(topic, 'read_uncommitted'));
        assert.equal(await firstCommittedValue(kafka, topic), 'after');
        const after = (await admin.describeProducers([{ topic, partition: 0 }])).get(`${topic}/0`);
        assert.equal(
          after.find((s) => s.producerId === listed.producerId)?.currentTransactionStartOffset,
          undefined,
        );
        const [toolRow] = (
          await transactionsWithTool(cluster, ['describe-producers', '--topic', topic, '--partition', '0'])
        ).filter((row) => row.ProducerId === String(listed.producerId));
        assert.equal(toolRow?.CurrentTransactionStartOffset, 'None');

        // The coordinator still holds the transaction open: fencing the id ends it there too.
        const fenced = await admin.fenceProducers([transactionalId, '']);
        assert.ok(fenced.get(transactionalId).producerEpoch > open.producerEpoch);
        assert.equal(fenced.error('')?.code, 'INVALID_ARGUMENT');
        await assert.rejects(producer.commitTransaction(), ProducerFencedError);
        assert.notEqual(
          (await admin.describeTransactions([transactionalId])).get(transactionalId).state,
          'Ongoing',
        );
      } finally {
        await producer.close();
      }
    });

    it('forceTerminateTransaction fences the producer and aborts its transaction; the tool’s abort is seen by kafe', async () => {
      const topic = await newTopic('txn-admin-terminate');
      const first = await openTransaction(kafka, topic, ['t0', 't1']);
      const before = (await admin.describeTransactions([first.transactionalId])).get(first.transactionalId);
      await admin.forceTerminateTransaction(first.transactionalId);
      const d = (await admin.describeTransactions([first.transactionalId])).get(first.transactionalId);
      assert.ok(d.producerEpoch > before.producerEpoch);
      assert.deepEqual([d.state, d.topicPartitions], ['Empty', []]);
      const [toolDescribed] = await transactionsWithTool(cluster, [
        'describe',
        '--transactional-id',
        first.transactionalId,
      ]);
      assert.deepEqual(
        [toolDescribed?.TransactionState, toolDescribed?.ProducerEpoch],
        ['Empty', String(d.producerEpoch)],
      );
      assert.equal(await offsetOf(topic, 'read_committed'), await offsetOf(topic, 'read_uncommitted'));
      await assert.rejects(first.producer.commitTransaction(), ProducerFencedError);
      await first.producer.close();

      // kafka-transactions abort writes the marker of the transaction starting at an offset.
      const second = await openTransaction(kafka, topic, ['s0']);
      try {
        const start = await offsetOf(topic, 'read_committed');
        const open = (await admin.describeProducers([{ topic, partition: 0 }]))
          .get(`${topic}/0`)
          .find((s) => s.currentTransactionStartOffset !== undefined);
        assert.equal(open?.currentTransactionStartOffset, start);
        await transactionsWithTool(cluster, [
          'abort',
          '--topic',
          topic,
          '--partition',
          '0',
          '--start-offset',
          String(start),
        ]);
        const after = (await admin.describeProducers([{ topic, partition: 0 }])).get(`${topic}/0`);
        assert.ok(after.every((s) => s.currentTransactionStartOffset === undefined));
        assert.equal(await offsetOf(topic, 'read_committed'), await offsetOf(topic, 'read_uncommitted'));
      } finally {
        await admin.fenceProducers([second.transactionalId]);
        await second.producer.close();
      }
    });

    it('refuses bad input before any request', async () => {
      await assert.rejects(admin.listTransactions({ states: ['Running' as 'Ongoing'] }), {
        code: 'INVALID_ARGUMENT',
      });
      await assert.rejects(admin.listTransactions({ durationFilterMs: -5 }), { code: 'INVALID_ARGUMENT' });
      await assert.rejects(
        admin.abortTransaction({
          topic: 'x',
          partition: 0,
          producerId: -1n,
          producerEpoch: 0,
          coordinatorEpoch: 0,
        }),
        { code: 'INVALID_ARGUMENT', message: /partition x\/0: producerId -1/ },
      );
      const [empty] = await admin.describeTransactions(['']);
      assert.equal(empty?.error?.code, 'INVALID_ARGUMENT');
    });
  });
}
