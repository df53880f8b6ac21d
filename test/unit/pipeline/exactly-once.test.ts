import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError } from '../../../src/cluster/errors.js';
import { Kafka } from '../../../src/kafka.js';
import { type ExactlyOnceCommit, runExactlyOnce } from '../../../src/pipeline/exactly-once.js';
import { FakeKafka } from '../../../src/testing/index.js';

const ILLEGAL_GENERATION = 22;
const CONCURRENT_TRANSACTIONS = 51;
const NOT_LEADER_OR_FOLLOWER = 6;
const PARTITIONS = 3;
const PER_PARTITION = 40;

/** Every value of `topic` a read_committed consumer reads, until `count` were read. */
async function readCommitted(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ isolationLevel: 'read_committed' });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, offset: 0n })));
  const values: string[] = [];
  for await (const r of consumer.records()) {
    values.push(r.value?.toString() ?? '');
    if (values.length === count) break;
  }
  await consumer.close();
  return values;
}

for (const transactionVersion of [2, 1] as const) {
  describe(`runExactlyOnce on FakeKafka (transaction.version ${transactionVersion})`, () => {
    let fake: FakeKafka;
    let kafka: Kafka;
    before(async () => {
      fake = await FakeKafka.start({
        brokers: 3,
        topics: [
          { name: 'in', partitions: PARTITIONS },
          { name: 'out', partitions: PARTITIONS },
        ],
        transactionVersion,
      });
      kafka = new Kafka({ brokers: fake.bootstrap, retryBackoffMs: 5, retryBackoffMaxMs: 20 });
      for (let p = 0; p < PARTITIONS; p++)
        fake.append(
          'in',
          p,
          Array.from({ length: PER_PARTITION }, (_, i) => ({ value: Buffer.from(`${p}-${i}`) })),
        );
    });
    after(async () => {
      await kafka.close();
      await fake.close();
    });

    it('writes each input once to the output, with the group’s offsets at the end of the input, through refused commits, coordinator retries and produce errors', async () => {
      const faults = [
        // A zombie moment: the group coordinator refuses the offsets once (KIP-447); that transaction aborts and is redone.
        fake.failNext('TxnOffsetCommit', { errorCode: ILLEGAL_GENERATION, topic: 'in' }),
        fake.failNext('EndTxn', { errorCode: CONCURRENT_TRANSACTIONS, count: 2 }),
        fake.failNext('Produce', { errorCode: NOT_LEADER_OR_FOLLOWER, topic: 'out', count: 2 }),
      ];
      const done = new AbortController();
      let consumed = 0;
      const commits: ExactlyOnceCommit[] = [];
      await runExactlyOnce(kafka, {
        groupId: 'eos',
        transactionalId: 'eos-1',
        topics: ['in'],
        consumer: { autoOffsetReset: 'earliest' },
        transform: (records) => records.map((r) => ({ topic: 'out', key: r.value, value: `out-${r.value}` })),
        signal: done.signal,
        onCommit: (commit) => {
          commits.push(commit);
          consumed += commit.consumed;
          if (consumed === PARTITIONS * PER_PARTITION) done.abort();
        },
      });
      assert.deepEqual(
        faults.map((f) => f.fired),
        [1, 2, 2],
      );
      const expected = Array.from({ length: PARTITIONS }, (_, p) =>
        Array.from({ length: PER_PARTITION }, (_, i) => `out-${p}-${i}`),
      ).flat();
      const output = await readCommitted(kafka, 'out', expected.length);
      assert.deepEqual([...output].sort(), [...expected].sort());
      for (let p = 0; p < PARTITIONS; p++)
        assert.equal(fake.committedOffset('eos', 'in', p), BigInt(PER_PARTITION));
      assert.ok(commits.every((c) => c.produced === c.consumed));
    });

    it('a transform that throws aborts its transaction and ends the loop with that error; its output is never read', async () => {
      fake.append('in', 0, [{ value: Buffer.from('poison') }]);
      const poison = new Error('cannot transform');
      await assert.rejects(
        runExactlyOnce(kafka, {
          groupId: 'eos',
          transactionalId: 'eos-1',
          topics: ['in'],
          transform: (records) => {
            if (records.some((r) => r.value?.toString() === 'poison')) throw poison;
            return [];
          },
        }),
        (e: unknown) => e === poison,
      );
      assert.equal(fake.committedOffset('eos', 'in', 0), BigInt(PER_PARTITION));
    });

    it('refuses consumer and producer options that are the loop’s own', async () => {
      await assert.rejects(
        runExactlyOnce(kafka, {
          groupId: 'g',
          transactionalId: 't',
          topics: ['in'],
          transform: () => [],
          consumer: { autoCommit: true } as never,
        }),
        (e: unknown) => e instanceof ConfigurationError && e.option === 'consumer.autoCommit',
      );
    });
  });
}
