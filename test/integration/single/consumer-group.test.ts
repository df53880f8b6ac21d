/**
 * Consumer groups (classic protocol) on a real Kafka 4.x broker: members split the partitions
 * without overlap and every record is processed once across a rebalance; partitions added to a
 * subscribed topic get an owner (the leader rejoins); a handler that takes
 * 3x the session timeout is not evicted (heartbeats are independent of processing); a static
 * member restarted within the session timeout causes no rebalance; bad input fails typed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { ConfigurationError, InvalidArgumentError } from '../../../src/cluster/errors.js';
import type { Consumer } from '../../../src/consumer/consumer.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { countInto, freshTopicAndGroup, partitionNames as names, ownership } from '../group-checks.js';
import { spawnTsxChild } from '../tsx-child.js';

describe('Consumer groups on a Kafka 4.x broker (classic protocol)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-group-it' });
  /** A client whose metadata is refreshed often: it sees partitions added soon after. */
  const refreshing = kafkaUnderTest({ clientId: 'kafe-group-refresh-it', metadataMaxAgeMs: 500 });

  it('two members split the partitions (range) and process every record exactly once across the rebalance', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'group', 4);
    const producer = kafka.producer();
    await producer.sendBatch(
      Array.from({ length: 400 }, (_, i) => ({ topic, partition: i % 4, value: `${i}` })),
    );
    const seen = new Map<string, number>();
    const { owned, listener } = ownership();
    const start = (name: string): Consumer => {
      const c = kafka.consumer({
        assignors: ['range'],
        groupId,
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: 500,
        sessionTimeoutMs: 10_000,
      });
      c.subscribe([topic], listener(name));
      void c.run({ eachMessage: countInto(seen) });
      return c;
    };
    const a = start('a');
    await until('first member has all 4 partitions', () => owned.get('a')!.size === 4, brokerWait);
    await until('some records processed', () => seen.size >= 50, brokerWait);
    const b = start('b');
    await until(
      'partitions split 2/2',
      () => owned.get('a')!.size === 2 && owned.get('b')!.size === 2,
      brokerWait,
    );
    const all = [...owned.get('a')!, ...owned.get('b')!].sort();
    assert.deepEqual(
      all,
      [0, 1, 2, 3].map((p) => `${topic}/${p}`),
      'overlap or gap',
    );
    await producer.sendBatch(
      Array.from({ length: 400 }, (_, i) => ({ topic, partition: i % 4, value: `${400 + i}` })),
    );
    await until('all 800 records processed', () => seen.size === 800, brokerWait);
    assert.deepEqual(
      [...seen.values()].filter((n) => n !== 1),
      [],
      'a record was processed twice',
    );
    assert.equal(a.groupMember.generationId, b.groupMember.generationId);
    await Promise.all([a.close(), b.close()]);
    await producer.close();
  });

  for (const [assignor, javaClass] of [
    ['range', 'RangeAssignor'],
    ['cooperative-sticky', 'CooperativeStickyAssignor'],
  ] as const)
    it(`a kafe consumer and the Java console consumer share a group (${assignor}): partitions split without overlap`, async () => {
      const { topic, groupId } = await freshTopicAndGroup(kafka, 'interop', 4);
      const c = kafka.consumer({
        groupId,
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: 500,
        assignors: [assignor],
      });
      const tracked = ownership();
      c.subscribe([topic], tracked.listener('kafe'));
      const owned = tracked.owned.get('kafe')!;
      const kafeValues: string[] = [];
      void c.run({
        eachMessage: (r) => {
          kafeValues.push(r.value!.toString());
        },
      });
      await until('kafe owns all 4 partitions', () => owned.size === 4, brokerWait);
      const java = runKafkaTool(
        cluster,
        'console-consumer',
        [
          ...['--bootstrap-server', cluster.bootstrapFor('plaintext'), '--topic', topic, '--group', groupId],
          ...['--from-beginning', '--max-messages', '40', '--timeout-ms', '60000'],
          ...[
            '--consumer-property',
            `partition.assignment.strategy=org.apache.kafka.clients.consumer.${javaClass}`,
          ],
        ],
        { timeoutMs: 120_000 },
      );
      await until('the Java consumer joined: kafe keeps 2 partitions', () => owned.size === 2, brokerWait);
      // Taken now: when the Java consumer exits, it leaves and kafe gets everything back.
      const kafeOwned = [...owned].sort();
      const producer = kafka.producer();
      await producer.sendBatch(
        Array.from({ length: 80 }, (_, i) => ({ topic, partition: i % 4, value: `${i % 4}-${i}` })),
      );
      await producer.close();
      // Only the record lines (the tool may log other lines on stdout).
      const javaValues = (await java).stdout.split('\n').filter((l) => /^\d-\d+$/.test(l));
      await until('kafe processed its 40', () => kafeValues.length >= 40, brokerWait);
      assert.equal(javaValues.length, 40);
      assert.equal(kafeValues.length, 40);
      const partitionOf = (v: string) => `${topic}/${v.split('-')[0]}`;
      const kafeParts = new Set(kafeValues.map(partitionOf));
      const javaParts = new Set(javaValues.map(partitionOf));
      assert.deepEqual([...kafeParts].sort(), kafeOwned);
      assert.deepEqual(
        [...kafeParts].filter((p) => javaParts.has(p)),
        [],
        'a partition was read by both',
      );
      assert.equal(new Set([...kafeValues, ...javaValues]).size, 80);
      await c.close();
    });

  it('the leader rejoins when partitions are added to a subscribed topic, so they get owners', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'grow', 1);
    const { owned, listener } = ownership();
    const c = refreshing.consumer({ groupId, assignors: ['range'], heartbeatIntervalMs: 200 });
    c.subscribe([topic], listener('a'));
    void c.run({ eachMessage: () => {} });
    try {
      await until('the member owns the one partition', () => owned.get('a')!.size === 1, brokerWait);
      (await kafka.admin().createPartitions([{ topic, totalCount: 3 }])).throwIfFailed();
      // Java's ConsumerCoordinator does the same: its metadata shows 3 partitions, the assignment had 1.
      await until('the member owns the three partitions', () => owned.get('a')!.size === 3, brokerWait);
    } finally {
      await c.close();
    }
  });

  it('cooperative-sticky (default): a joining member takes only what moves; kept partitions are never revoked', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'coop', 4);
    const producer = kafka.producer();
    const seen = new Map<string, number>();
    const { owned, revoked, listener } = ownership();
    const start = (name: string): Consumer => {
      const c = kafka.consumer({ groupId, autoOffsetReset: 'earliest', heartbeatIntervalMs: 500 });
      c.subscribe([topic], listener(name));
      void c.run({ eachMessage: countInto(seen) });
      return c;
    };
    const a = start('a');
    await until('a owns all 4', () => owned.get('a')!.size === 4, brokerWait);
    let i = 0;
    // Records keep coming during the rebalance.
    const feeding = (async () => {
      while (i < 2000) {
        await producer.sendBatch(
          Array.from({ length: 100 }, () => ({ topic, partition: i % 4, value: `${i++}` })),
        );
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    const b = start('b');
    await until('split 2/2', () => owned.get('a')!.size === 2 && owned.get('b')!.size === 2, brokerWait);
    const kept = [...owned.get('a')!];
    await feeding;
    await until('2000 processed', () => seen.size === 2000, brokerWait);
    assert.equal(revoked.get('a')!.length, 2, `a gave up ${revoked.get('a')!.join(',')}`);
    assert.deepEqual(
      revoked.get('a')!.filter((p) => kept.includes(p)),
      [],
      'a kept partition was revoked',
    );
    assert.deepEqual(
      [...seen.values()].filter((n) => n !== 1),
      [],
      'a record was processed twice',
    );
    await Promise.all([a.close(), b.close()]);
    await producer.close();
  });

  it('a handler taking 3x the session timeout is not evicted and nothing is processed twice', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'slow', 1);
    const producer = kafka.producer();
    await producer.sendBatch(Array.from({ length: 5 }, (_, i) => ({ topic, value: `${i}` })));
    await producer.close();
    // 6 s is the broker's smallest session timeout (group.min.session.timeout.ms).
    const c = kafka.consumer({
      groupId,
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
    });
    const seen: string[] = [];
    let lost = false;
    const gone = () => {
      lost = true;
    };
    c.subscribe([topic], { onLost: gone, onRevoked: gone });
    await until('joined', () => c.groupMember.generationId >= 0, brokerWait);
    const generation = c.groupMember.generationId;
    void c.run({
      eachMessage: async (r) => {
        seen.push(r.value!.toString());
        if (r.offset === 0n) await new Promise((res) => setTimeout(res, 18_000));
      },
    });
    await until('all processed', () => seen.length >= 5, brokerWait);
    assert.deepEqual(seen, ['0', '1', '2', '3', '4']);
    assert.equal(lost, false, 'partitions were revoked or lost');
    assert.equal(c.groupMember.generationId, generation, 'the member rejoined (was evicted)');
    await c.close();
  });

  it('a handler stuck past maxPollIntervalMs: its member leaves, another takes the partition over', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'stuck', 1);
    const producer = kafka.producer();
    await producer.sendBatch([{ topic, value: 'stuck-on-me' }]);
    await producer.close();
    const options = {
      groupId,
      autoOffsetReset: 'earliest' as const,
      heartbeatIntervalMs: 500,
      maxPollIntervalMs: 3000,
    };
    const stuck = kafka.consumer(options);
    let lost = false;
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    stuck.subscribe([topic], {
      onLost: () => {
        lost = true;
      },
    });
    let entered = false;
    void stuck.run({
      eachMessage: async () => {
        entered = true;
        await blocked;
      },
    });
    await until('the first member holds the record', () => entered, brokerWait);
    const other = kafka.consumer(options);
    const got: string[] = [];
    other.subscribe([topic]);
    void other.run({
      eachMessage: (r) => {
        got.push(r.value!.toString());
      },
    });
    // The stuck member leaves after 3 s without progress; the other one gets the partition and
    // processes the record that was never committed.
    await until('the other member processed the record', () => got.length === 1, { timeoutMs: 30_000 });
    release();
    await until('the stuck member reported its partition lost', () => lost, { timeoutMs: 30_000 });
    await Promise.all([stuck.close(), other.close()]);
  });

  it('a member killed with SIGKILL in a group of three: its partitions move on, nothing is lost', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'kill', 6);
    const options = {
      groupId,
      autoOffsetReset: 'earliest' as const,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      autoCommitIntervalMs: 500,
    };
    const childValues: string[] = [];
    let childAssigned = false;
    const child = spawnTsxChild(
      new URL('../consumer-child.ts', import.meta.url),
      [cluster.bootstrapFor('plaintext'), topic, groupId],
      (l) => {
        if (l.startsWith('assigned')) childAssigned = true;
        else childValues.push(l);
      },
    );
    await until('the child joined', () => childAssigned, brokerWait);
    const seen = new Map<string, number>();
    const { owned, listener } = ownership();
    const members: Consumer[] = [];
    for (const name of ['a', 'b']) {
      const c = kafka.consumer(options);
      c.subscribe([topic], listener(name));
      void c.run({ eachMessage: countInto(seen) });
      members.push(c);
    }
    await until(
      'three members share 6 partitions',
      () => owned.get('a')!.size === 2 && owned.get('b')!.size === 2,
      { timeoutMs: 60_000 },
    );
    const producer = kafka.producer();
    await producer.sendBatch(
      Array.from({ length: 3000 }, (_, i) => ({ topic, partition: i % 6, value: `${i}` })),
    );
    await until('the child processed some', () => childValues.length >= 100, brokerWait);
    child.process.kill('SIGKILL');
    await child.closed;
    await until(
      'the two others took over the 6 partitions',
      () => owned.get('a')!.size + owned.get('b')!.size === 6,
      {
        timeoutMs: 30_000, // The coordinator notices the dead member after its session timeout (6 s).
      },
    );
    await until(
      'every record processed',
      () => {
        for (let i = 0; i < 3000; i++) if (!seen.has(`${i}`) && !childValues.includes(`${i}`)) return false;
        return true;
      },
      { timeoutMs: 60_000 },
    );
    // Duplicates only of what the killed member processed (and had not committed): the
    // survivors themselves never process a record twice.
    assert.deepEqual(
      [...seen.values()].filter((n) => n !== 1),
      [],
      'a survivor processed a record twice',
    );
    await Promise.all(members.map((c) => c.close()));
    await producer.close();
  });

  it('a static member restarted within the session timeout gets its partitions back without a rebalance', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'static', 2);
    const options = {
      groupId,
      groupInstanceId: 'instance-1',
      sessionTimeoutMs: 20_000,
      heartbeatIntervalMs: 500,
    };
    const first = kafka.consumer(options);
    let assigned: string[] = [];
    first.subscribe([topic], {
      onAssigned: (p) => {
        assigned = names(p);
      },
    });
    await until('joined', () => assigned.length === 2, brokerWait);
    const generation = first.groupMember.generationId;
    await first.close(); // static: no LeaveGroup
    const second = kafka.consumer(options);
    let again: string[] = [];
    second.subscribe([topic], {
      onAssigned: (p) => {
        again = names(p);
      },
    });
    await until('rejoined', () => again.length === 2, brokerWait);
    assert.deepEqual(again.sort(), assigned.sort());
    assert.equal(second.groupMember.generationId, generation, 'the group rebalanced');
    await second.close();
  });

  it('bad input: subscribe to no topic, without a group id, after assign(); an invalid group id', () => {
    const c = kafka.consumer({ groupId: uniqueTopic('g') });
    assert.throws(() => c.subscribe([]), InvalidArgumentError);
    assert.throws(() => c.subscribe(['']), InvalidArgumentError);
    c.assign([{ topic: 'x', partition: 0 }]);
    assert.throws(() => c.subscribe(['x']), InvalidArgumentError);
    assert.throws(() => kafka.consumer().subscribe(['x']), ConfigurationError);
    assert.throws(() => kafka.consumer({ groupId: '' }), ConfigurationError);
  });
});
