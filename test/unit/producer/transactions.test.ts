import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { Producer } from '../../../src/producer/producer.js';
import {
  ProducerFencedError,
  TransactionAbortableError,
  TransactionAbortedError,
  TransactionStateError,
} from '../../../src/producer/transaction-errors.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { ControlRecordType, isTransactionMarker } from '../../../src/protocol/records/control-record.js';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf } from '../../support/fake-kafka-client.js';

const CONCURRENT_TRANSACTIONS = 51;
const COORDINATOR_LOAD_IN_PROGRESS = 14;
const NOT_COORDINATOR = 16;
const TOPIC_AUTHORIZATION_FAILED = 29;
const TRANSACTIONAL_ID_AUTHORIZATION_FAILED = 53;
const ILLEGAL_GENERATION = 22;

const group = { groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null };

/** A partition's log: record values, and transaction markers as `<commit>` / `<abort>`. */
function logOf(fake: FakeKafka, topic: string, partition: number): string[] {
  const out: string[] = [];
  for (const stored of fake.topic(topic)?.partitions[partition]?.log.batches ?? [])
    for (const batch of decodeRecordBatches(stored.bytes).batches) {
      if (stored.control)
        out.push(isTransactionMarker(batch, ControlRecordType.abort) ? '<abort>' : '<commit>');
      else for (const r of batch.records) out.push(r.value?.toString() ?? '');
    }
  return out;
}

for (const transactionVersion of [2, 1] as const) {
  describe(`transactional producer on FakeKafka (transaction.version ${transactionVersion})`, () => {
    let fake: FakeKafka;
    let cluster: Cluster;
    let n = 0;
    const producers: Producer[] = [];
    const producer = (options: { transactionalId?: string; lingerMs?: number } = {}) => {
      const p = new Producer(cluster, { transactionalId: `tx-${++n}`, ...options });
      producers.push(p);
      return p;
    };
    before(async () => {
      fake = await FakeKafka.start({
        brokers: 2,
        topics: [{ name: 't', partitions: 3 }, 'in'],
        transactionVersion,
        autoCreateTopics: false,
      });
      cluster = clusterOf(fake);
    });
    afterEach(async () => {
      await Promise.all(producers.splice(0).map((p) => p.close()));
      fake.clearRequests();
    });
    after(async () => {
      await cluster.close();
      await fake.close();
    });

    it(`commits and aborts with protocol v${transactionVersion}: markers in the log, read_committed's view, the requests of the protocol`, async () => {
      // The three partitions must go in one drain (one AddPartitionsToTxn). Waiting out a linger
      // does not ensure it: their batches expire as far apart as their appends were (a loaded
      // machine spread them over milliseconds, and partition 0 went alone). The commit's flush
      // drains them together; the linger only keeps them from going before it.
      const p = producer({ lingerMs: 500 });
      await p.initTransactions();
      assert.equal(p.transactionProtocol, transactionVersion);
      const before = logOf(fake, 't', 0).length;
      const recordsBefore = fake.records('t', 0).length;
      let sent: Promise<unknown> | undefined;
      await p.transaction(async (tx) => {
        sent = tx.sendBatch([
          { topic: 't', partition: 0, value: 'a' },
          { topic: 't', partition: 1, value: 'b' },
          { topic: 't', partition: 2, value: 'c' },
        ]);
      });
      await sent;
      p.beginTransaction();
      await p.send({ topic: 't', partition: 0, value: 'x' });
      await p.abortTransaction();
      assert.deepEqual(logOf(fake, 't', 0).slice(before), ['a', '<commit>', 'x', '<abort>']);

      const adds = fake.requests('AddPartitionsToTxn');
      const produce = fake.requests('Produce');
      const ends = fake.requests('EndTxn');
      if (transactionVersion === 1) {
        // One request for the three partitions of one drain; Produce and EndTxn below KIP-890's versions.
        assert.deepEqual(
          adds[0]?.body.v3AndBelowTopics.map((t: { partitions: number[] }) => [...t.partitions].sort()),
          [[0, 1, 2]],
        );
        assert.ok(produce.every((r) => r.apiVersion <= 11));
        assert.ok(ends.every((r) => r.apiVersion <= 4));
      } else {
        assert.equal(adds.length, 0);
        assert.ok(produce.every((r) => r.apiVersion >= 12 && r.body.transactionalId === p_id(p)));
        assert.ok(ends.every((r) => r.apiVersion >= 5));
      }
      const batch = decodeRecordBatches(produce[0]?.body.topicData[0].partitionData[0].records).batches[0];
      assert.equal(batch?.isTransactional, true);
      // v2 bumps the epoch at every EndTxn; v1 keeps it.
      const epochs = fake
        .records('t', 0)
        .slice(recordsBefore)
        .map((r) => r.producerEpoch);
      if (transactionVersion === 2) assert.ok((epochs[1] as number) > (epochs[0] as number));
      else assert.equal(epochs[1], epochs[0]);
    });

    it('records not yet sent when the transaction aborts fail with TransactionAbortedError and are never written', async () => {
      const p = producer({ lingerMs: 600_000 });
      await p.initTransactions();
      p.beginTransaction();
      const lingering = p.send({ topic: 't', partition: 1, value: 'never' });
      await p.abortTransaction();
      await assert.rejects(lingering, TransactionAbortedError);
      assert.ok(!logOf(fake, 't', 1).includes('never'));
      assert.equal(p.transactionState, 'ready');
    });

    it('retries CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS and NOT_COORDINATOR from the coordinator', async () => {
      const load = fake.failNext('InitProducerId', { errorCode: COORDINATOR_LOAD_IN_PROGRESS });
      const concurrent = fake.failNext('EndTxn', { errorCode: CONCURRENT_TRANSACTIONS, count: 2 });
      const moved = fake.failNext(transactionVersion === 1 ? 'AddPartitionsToTxn' : 'EndTxn', {
        errorCode: NOT_COORDINATOR,
      });
      const p = producer();
      await p.initTransactions();
      await p.transaction(async (tx) => {
        await tx.send({ topic: 't', partition: 2, value: 'retried' });
      });
      assert.deepEqual([load.fired, concurrent.fired, moved.fired], [1, 2, 1]);
      assert.deepEqual(logOf(fake, 't', 2).slice(-2), ['retried', '<commit>']);
    });

    it('a failed record makes the transaction abortable: commit refuses, abort recovers, the next transaction commits', async () => {
      const p = producer();
      await p.initTransactions();
      p.beginTransaction();
      const refused = fake.failNext('Produce', {
        errorCode: TOPIC_AUTHORIZATION_FAILED,
        topic: 't',
        partition: 0,
      });
      await assert.rejects(p.send({ topic: 't', partition: 0, value: 'refused' }), BrokerError);
      assert.equal(refused.fired, 1);
      assert.equal(p.transactionState, 'abortable-error');
      await assert.rejects(p.send({ topic: 't', partition: 0, value: 'after' }), TransactionAbortableError);
      await assert.rejects(p.commitTransaction(), TransactionAbortableError);
      await p.abortTransaction();
      await p.transaction(async (tx) => {
        await tx.send({ topic: 't', partition: 0, value: 'recovered' });
      });
      assert.deepEqual(logOf(fake, 't', 0).slice(-2), ['recovered', '<commit>']);
    });

    it('transactional id authorization failure is fatal: initTransactions rejects and so does everything after', async () => {
      fake.failNext('InitProducerId', { errorCode: TRANSACTIONAL_ID_AUTHORIZATION_FAILED });
      const p = producer();
      await assert.rejects(
        p.initTransactions(),
        (e: unknown) => e instanceof BrokerError && e.errorCode === 53,
      );
      assert.equal(p.transactionState, 'fatal-error');
      assert.throws(() => p.beginTransaction(), BrokerError);
    });

    it('fencing: a newer producer of the same transactionalId aborts the older one’s transaction; the older gets ProducerFencedError', async () => {
      const zombie = producer({ transactionalId: 'fenced' });
      await zombie.initTransactions();
      zombie.beginTransaction();
      await zombie.send({ topic: 't', partition: 1, value: 'zombie' });
      const successor = producer({ transactionalId: 'fenced' });
      await successor.initTransactions();
      await assert.rejects(
        zombie.sendOffsetsToTransaction([{ topic: 'in', partition: 0, offset: 1n }], group),
        ProducerFencedError,
      );
      await assert.rejects(zombie.commitTransaction(), ProducerFencedError);
      await assert.rejects(zombie.send({ topic: 't', partition: 1, value: 'late' }), ProducerFencedError);
      assert.deepEqual(logOf(fake, 't', 1).slice(-2), ['zombie', '<abort>']);
      assert.equal(fake.committedOffset('g', 'in', 0), undefined);
    });

    it('a transaction the coordinator expired (transactionTimeoutMs) is reported as ProducerFencedError at commit', async () => {
      const p = producer({ transactionalId: 'expiring' });
      await p.initTransactions();
      p.beginTransaction();
      await p.send({ topic: 't', partition: 2, value: 'too slow' });
      assert.equal(fake.expireTransaction('expiring'), true);
      await assert.rejects(p.commitTransaction(), ProducerFencedError);
      assert.deepEqual(logOf(fake, 't', 2).slice(-2), ['too slow', '<abort>']);
    });

    it('sendOffsetsToTransaction: offsets committed with the transaction, dropped by an abort; a zombie member’s offsets make it abortable', async () => {
      const p = producer();
      await p.initTransactions();
      await p.transaction(async (tx) => {
        await tx.sendOffsetsToTransaction([{ topic: 'in', partition: 0, offset: 5n }], group);
      });
      assert.equal(fake.committedOffset('g', 'in', 0), 5n);
      p.beginTransaction();
      await p.sendOffsetsToTransaction([{ topic: 'in', partition: 0, offset: 9n }], group);
      await p.abortTransaction();
      assert.equal(fake.committedOffset('g', 'in', 0), 5n);
      const offsetRequests = fake.requests('AddOffsetsToTxn').length;
      assert.equal(offsetRequests, transactionVersion === 1 ? 2 : 0);

      fake.failNext('TxnOffsetCommit', { errorCode: ILLEGAL_GENERATION, topic: 'in' });
      p.beginTransaction();
      await assert.rejects(
        p.sendOffsetsToTransaction([{ topic: 'in', partition: 0, offset: 7n }], {
          ...group,
          generationId: 3,
          memberId: 'm',
        }),
        TransactionAbortableError,
      );
      await assert.rejects(p.commitTransaction(), TransactionAbortableError);
      await p.abortTransaction();
      assert.equal(fake.committedOffset('g', 'in', 0), 5n);
    });

    it('transaction(fn) aborts when fn throws and rethrows; calls in the wrong state send nothing', async () => {
      const p = producer();
      await assert.rejects(p.send({ topic: 't', value: 'x' }), TransactionStateError);
      await p.initTransactions();
      const sent = fake.requests().length;
      await assert.rejects(p.send({ topic: 't', value: 'x' }), TransactionStateError);
      await assert.rejects(p.sendBatch([{ topic: 't', value: 'x' }]), TransactionStateError);
      await assert.rejects(p.commitTransaction(), TransactionStateError);
      await assert.rejects(p.abortTransaction(), TransactionStateError);
      await assert.rejects(p.initTransactions(), TransactionStateError);
      assert.equal(fake.requests().length, sent);
      const failure = new Error('handler failed');
      await assert.rejects(
        p.transaction(async (tx) => {
          await tx.send({ topic: 't', partition: 0, value: 'undone' });
          throw failure;
        }),
        (e: unknown) => e === failure,
      );
      assert.deepEqual(logOf(fake, 't', 0).slice(-2), ['undone', '<abort>']);
      assert.equal(await p.transaction(async () => 42), 42);
    });
  });
}

/** The producer's transactional id, as its requests carry it. */
function p_id(p: Producer): string {
  return (p as unknown as { options: { transactionalId: string } }).options.transactionalId;
}
