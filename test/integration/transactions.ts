/**
 * kafe's transactional producer on a real cluster, run by `single/` (Kafka 4.x: transactions
 * v2, KIP-890) and `v39/` (Kafka 3.9: v1, AddPartitionsToTxn / AddOffsetsToTxn): commits and
 * aborts interleaved as read_committed (kafe's consumer and Java's console consumer) and
 * read_uncommitted readers see them, a fetch that starts inside an aborted transaction, lag to
 * the last stable offset, Java's transactions (Kafka's TransactionalMessageCopier with random
 * aborts) read by kafe, offsets committed with a transaction (KIP-447) and zombie fencing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../harness/java-tools.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { fetchCommittedOffsets } from '../../src/consumer/committed-offsets.js';
import type { Consumer } from '../../src/consumer/consumer.js';
import { consumerRecords } from '../../src/consumer/consumer-record.js';
import type { Kafka } from '../../src/kafka.js';
import type { Producer } from '../../src/producer/producer.js';
import {
  ProducerFencedError,
  TransactionStateError,
  TransactionTimedOutError,
} from '../../src/producer/transaction-errors.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';

/** Values of partition 0 from `offset` up to and including the record whose value is `last`. */
async function readUntil(
  kafka: Kafka,
  topic: string,
  isolationLevel: 'read_committed' | 'read_uncommitted',
  last: string,
  offset = 0n,
): Promise<string[]> {
  const consumer = kafka.consumer({ isolationLevel });
  try {
    consumer.assign([{ topic, partition: 0, offset }]);
    const values: string[] = [];
    for await (const r of consumer.records()) {
      const value = r.value?.toString() ?? '';
      values.push(value);
      if (value === last) break;
    }
    return values;
  } finally {
    await consumer.close();
  }
}

/** The offset `groupId` committed for partition 0 of `topic`, if any. */
async function committedOffset(groupId: string, topic: string): Promise<bigint | undefined> {
  const cluster = new Cluster({ brokers: clusterUnderTest().bootstrapFor('plaintext').split(',') });
  try {
    const committed = await fetchCommittedOffsets(cluster, groupId, [{ topic, partition: 0 }]);
    return [...committed.values()][0]?.offset;
  } finally {
    await cluster.close();
  }
}

/** Sends `values` to partition 0 in one transaction and commits or aborts it. */
async function inTransaction(producer: Producer, topic: string, values: string[], end: 'commit' | 'abort') {
  producer.beginTransaction();
  await producer.sendBatch(values.map((value) => ({ topic, partition: 0, value })));
  if (end === 'commit') await producer.commitTransaction();
  else await producer.abortTransaction();
}

/** Registers the transaction tests for a cluster whose brokers run transaction protocol `protocol`. */
export function transactionsSuite(protocol: 1 | 2): void {
  describe(`transactions (protocol v${protocol})`, () => {
    const kafka = kafkaUnderTest({ clientId: `kafe-txn-v${protocol}` });

    it(`speaks transactions v${protocol} with these brokers`, async () => {
      const producer = kafka.producer({ transactionalId: uniqueTopic('txn-protocol') });
      await producer.initTransactions();
      assert.equal(producer.transactionProtocol, protocol);
      await producer.close();
    });

    it('interleaved commits and aborts: read_committed reads the committed records once, read_uncommitted all; a fetch inside an aborted transaction skips it; lag ends at the last stable offset', async () => {
      const topic = uniqueTopic('txn-rc');
      await kafka.admin().createTopics([{ topic, partitions: 1 }]);
      const producer = kafka.producer({ transactionalId: uniqueTopic('txn-rc-id') });
      await producer.initTransactions();
      const a = ['a0', 'a1', 'a2'];
      const b = ['b0', 'b1', 'b2'];
      const c = ['c0', 'c1', 'c2'];
      await inTransaction(producer, topic, a, 'commit');
      await inTransaction(producer, topic, b, 'abort');
      await inTransaction(producer, topic, c, 'commit');

      assert.deepEqual(await readUntil(kafka, topic, 'read_committed', 'c2'), [...a, ...c]);
      assert.deepEqual(await readUntil(kafka, topic, 'read_uncommitted', 'c2'), [...a, ...b, ...c]);
      // a0-a2, their commit marker at 3, b0 at 4: a fetch from b1 starts inside the aborted transaction.
      assert.deepEqual(await readUntil(kafka, topic, 'read_committed', 'c2', 5n), c);

      // Java's console consumer, read_committed: exactly the committed records, in order (an
      // aborted record would come before c0 and take one of the six places).
      const cluster = clusterUnderTest();
      const java = await runKafkaTool(
        cluster,
        'console-consumer',
        [
          ...['--bootstrap-server', cluster.bootstrapFor('plaintext'), '--topic', topic],
          ...['--from-beginning', '--isolation-level', 'read_committed'],
          ...['--max-messages', '6', '--timeout-ms', '20000'],
        ],
        { timeoutMs: 90_000 },
      );
      assert.deepEqual(
        java.stdout.split('\n').filter((l) => l.length > 0),
        [...a, ...c],
        java.stderr,
      );

      // An open transaction holds the last stable offset: read_committed lag stops before it.
      producer.beginTransaction();
      await producer.send({ topic, partition: 0, value: 'open' });
      const reader: Consumer = kafka.consumer({ isolationLevel: 'read_committed' });
      reader.assign([{ topic, partition: 0, offset: 0n }]);
      const seen: string[] = [];
      for await (const batch of reader.batches()) {
        for (const r of consumerRecords(batch)) seen.push(r.value?.toString() ?? '');
        if (seen.includes('c2')) break;
      }
      const lag = reader.lag().find((l) => l.partition === 0);
      // a (3) + marker + b (3) + marker + c (3) + marker = 12: the open transaction starts there.
      assert.equal(lag?.endOffset, 12n);
      await reader.close();
      await producer.abortTransaction();
      await producer.close();
    });

    it('read_committed over Java’s transactions: TransactionalMessageCopier copies with random aborts; kafe reads each record once, read_uncommitted also sees the aborted copies', async () => {
      const cluster = clusterUnderTest();
      const input = uniqueTopic('txn-java-in');
      const output = uniqueTopic('txn-java-out');
      (
        await kafka.admin().createTopics([
          { topic: input, partitions: 1 },
          { topic: output, partitions: 1 },
        ])
      ).throwIfFailed();
      const count = 2000;
      const values = Array.from({ length: count }, (_, i) => `j${i}`);
      const producer = kafka.producer();
      await producer.sendBatch(values.map((value) => ({ topic: input, partition: 0, value })));
      await producer.close();
      // Java's transactional producer: transactions of 50 records, some aborted at random and
      // copied again (the copier rewinds to its last committed offset), until the end of input.
      const copier = await runKafkaTool(
        cluster,
        'transactional-copier',
        [
          ...['--broker-list', cluster.bootstrapFor('plaintext')],
          ...['--input-topic', input, '--input-partition', '0', '--output-topic', output],
          ...[
            '--consumer-group',
            uniqueTopic('txn-java-group'),
            '--transactional-id',
            uniqueTopic('txn-java-id'),
          ],
          ...['--transaction-size', '50', '--max-messages', '-1', '--enable-random-aborts'],
        ],
        { timeoutMs: 120_000 },
      );
      assert.equal(copier.exitCode, 0, copier.stderr);

      const committed = await readUntil(kafka, output, 'read_committed', `j${count - 1}`);
      assert.deepEqual(committed, values, 'every input once, in order, no aborted copy');
      // read_uncommitted: up to the last record (the log ends with the last commit's marker).
      const end = (await kafka.admin().listOffsets([{ topic: output, partition: 0, spec: 'latest' }])).get(
        `${output}/0`,
      ).offset;
      assert.ok(end !== null);
      const consumer = kafka.consumer({ isolationLevel: 'read_uncommitted' });
      consumer.assign([{ topic: output, partition: 0, offset: 0n }]);
      const all: string[] = [];
      for await (const r of consumer.records()) {
        all.push(r.value?.toString() ?? '');
        if (r.offset >= end - 2n) break;
      }
      await consumer.close();
      // Each aborted transaction's copies stay in the log, where read_uncommitted sees them (the
      // copier aborts about one transaction in three: of 40, none aborted has odds below 1e-7).
      assert.ok(all.length > count, `${all.length} records: no aborted copy`);
      assert.deepEqual([...new Set(all)].sort(), [...values].sort());
    });

    it('sendOffsetsToTransaction commits a group member’s offsets with the transaction; an abort discards them (KIP-447)', async () => {
      const input = uniqueTopic('txn-offsets-in');
      const output = uniqueTopic('txn-offsets-out');
      const groupId = uniqueTopic('txn-group');
      await kafka.admin().createTopics([
        { topic: input, partitions: 1 },
        { topic: output, partitions: 1 },
      ]);
      const plain = kafka.producer();
      await plain.sendBatch(['x0', 'x1', 'x2', 'x3'].map((value) => ({ topic: input, partition: 0, value })));
      await plain.close();
      const consumer = kafka.consumer({ groupId, autoCommit: false, autoOffsetReset: 'earliest' });
      consumer.subscribe([input]);
      const consumed: bigint[] = [];
      for await (const r of consumer.records()) {
        consumed.push(r.offset);
        if (consumed.length === 2) break;
      }
      const group = consumer.groupMetadata();
      assert.equal(group.groupId, groupId);
      assert.ok(group.generationId >= 1 && group.memberId !== '', JSON.stringify(group));

      const producer = kafka.producer({ transactionalId: uniqueTopic('txn-offsets-id') });
      await producer.initTransactions();
      await producer.transaction(async (tx) => {
        await tx.send({ topic: output, partition: 0, value: 'y' });
        await tx.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: 2n }], group);
      });
      producer.beginTransaction();
      await producer.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: 4n }], group);
      await producer.abortTransaction();

      assert.equal(await committedOffset(groupId, input), 2n);
      await producer.close();
      await consumer.close();
    });

    it('zombie fencing: a second producer with the same transactionalId fences the first, whose open transaction is aborted and whose later calls fail', async () => {
      const topic = uniqueTopic('txn-zombie');
      const groupId = uniqueTopic('txn-zombie-group');
      await kafka.admin().createTopics([{ topic, partitions: 1 }]);
      const transactionalId = uniqueTopic('txn-zombie-id');
      const zombie = kafka.producer({ transactionalId });
      await zombie.initTransactions();
      zombie.beginTransaction();
      await zombie.send({ topic, partition: 0, value: 'zombie' });

      const successor = kafka.producer({ transactionalId });
      await successor.initTransactions();
      await successor.transaction(async (tx) => {
        await tx.send({ topic, partition: 0, value: 'successor' });
      });

      // The broker refuses the zombie's offsets (AddOffsetsToTxn / TxnOffsetCommit: fenced epoch).
      const offsets = [{ topic, partition: 0, offset: 1n }];
      const group = { groupId, generationId: -1, memberId: '', groupInstanceId: null };
      await assert.rejects(zombie.sendOffsetsToTransaction(offsets, group), ProducerFencedError);
      await assert.rejects(zombie.commitTransaction(), ProducerFencedError);
      await assert.rejects(zombie.send({ topic, partition: 0, value: 'late' }), ProducerFencedError);
      assert.equal(zombie.transactionState, 'fatal-error');

      assert.deepEqual(await readUntil(kafka, topic, 'read_committed', 'successor'), ['successor']);
      assert.equal(await committedOffset(groupId, topic), undefined);
      await zombie.close();
      await successor.close();
    });

    it('a transaction left open past transactionTimeoutMs is aborted by the coordinator and the producer reports it (TransactionTimedOutError)', async () => {
      const topic = uniqueTopic('txn-timeout');
      await kafka.admin().createTopics([{ topic, partitions: 1 }]);
      const transactionalId = uniqueTopic('txn-timeout-id');
      const producer = kafka.producer({ transactionalId, transactionTimeoutMs: 1000 });
      await producer.initTransactions();
      producer.beginTransaction();
      await producer.send({ topic, partition: 0, value: 'expired' });
      // The coordinator's sweep (every second in the harness's brokers) aborts it: Java's tool shows that.
      const cluster = clusterUnderTest();
      await eventually('the coordinator aborts the timed-out transaction', 60_000, async () => {
        const described = await runKafkaTool(cluster, 'transactions', [
          ...['--bootstrap-server', cluster.bootstrapFor('plaintext')],
          ...['describe', '--transactional-id', transactionalId],
        ]);
        return /CompleteAbort/.test(described.stdout) ? true : undefined;
      });
      await assert.rejects(producer.commitTransaction(), TransactionTimedOutError);
      assert.equal(producer.transactionState, 'fatal-error');
      const after = kafka.producer();
      await after.send({ topic, partition: 0, value: 'after' });
      await after.close();
      assert.deepEqual(await readUntil(kafka, topic, 'read_committed', 'after'), ['after']);
      await producer.close();
    });

    it('calls in the wrong state fail before any I/O with TransactionStateError', async () => {
      const producer = kafka.producer({ transactionalId: uniqueTopic('txn-state') });
      assert.throws(() => producer.beginTransaction(), TransactionStateError);
      await producer.initTransactions();
      await assert.rejects(producer.send({ topic: 'never-sent', value: 'x' }), TransactionStateError);
      await assert.rejects(producer.commitTransaction(), TransactionStateError);
      producer.beginTransaction();
      assert.throws(() => producer.beginTransaction(), TransactionStateError);
      await producer.abortTransaction();
      await producer.close();
    });
  });
}
