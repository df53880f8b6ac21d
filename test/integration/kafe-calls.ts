/**
 * Every call of the kafe facade against the cluster under test, shared by the `single` (Kafka
 * 4.x) and `v39` (Kafka 3.9) profiles. The OffsetCommit versions actually sent are read from the
 * `kafe:net:request` diagnostics channel: on 3.9 the seed's v0, v1 and v2 forms go out as v0
 * (refused per partition by KRaft, then the documented v1 simple-commit fallback), v1 and v2;
 * on 4.x, which removed v0-1 (KIP-896), all three go out as v2. `produce` to a missing topic
 * creates it: the harness's brokers run with `auto.create.topics.enable=true` (Kafka's default).
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { ClientClosedError, InvalidArgumentError } from '../../src/cluster/errors.js';
import { createKafe, type Kafe } from '../../src/kafe.js';
import { Kafka } from '../../src/kafka.js';
import { channelNames, type RequestMessage } from '../../src/net/diagnostics.js';
import { BrokerError } from '../../src/protocol/broker-error.js';
import { clusterUnderTest, uniqueTopic } from './cluster-under-test.js';

/** The OffsetCommit versions each seed form is expected to go out as. */
export interface ExpectedCommitVersions {
  readonly v0: readonly number[];
  readonly v1: readonly number[];
  readonly v2: readonly number[];
}

/** Registers the suite. */
export function kafeCallsSuite(expected: ExpectedCommitVersions): void {
  describe('the kafe API, every call', () => {
    const cluster = clusterUnderTest();
    const brokers = cluster.bootstrapFor('plaintext').split(',');
    const topic = uniqueTopic('kafe-calls');
    let kafe: Kafe;
    const sent: RequestMessage[] = [];
    const onRequest = (m: unknown) => sent.push(m as RequestMessage);

    /** Versions of the OffsetCommit requests `action` sent, in order. */
    const commitVersions = async <T>(action: () => Promise<T>): Promise<[T, number[]]> => {
      const from = sent.length;
      const result = await action();
      const versions = sent.slice(from).flatMap((m) => (m.api === 'OffsetCommit' ? [m.version] : []));
      // A retry (the coordinator still loading on a fresh cluster) repeats a version: collapse repeats.
      return [result, versions.filter((v, i) => v !== versions[i - 1])];
    };

    before(async () => {
      diagnostics.subscribe(channelNames.request, onRequest);
      const kafka = new Kafka({ brokers });
      try {
        (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
      } finally {
        await kafka.close();
      }
      kafe = createKafe({ brokers, clientId: 'kafe-calls' });
    });
    after(async () => {
      diagnostics.unsubscribe(channelNames.request, onRequest);
      await kafe?.close();
    });

    it('metadata lists the brokers, the topic and its partitions; an unknown topic by its error name', async () => {
      const all = await kafe.metadata([topic, 'kafe-no-such-topic']);
      assert.ok(all.brokers.length >= 1 && all.brokers.every((b) => b.port > 0 && b.host !== ''));
      const mine = all.topics.find((t) => t.name === topic);
      assert.equal(mine?.errorCode, 'none');
      assert.deepEqual(
        mine?.partitions.map((p) => [p.partition, p.errorCode]),
        [
          [0, 'none'],
          [1, 'none'],
          [2, 'none'],
        ],
      );
      assert.ok(mine?.partitions.every((p) => all.brokers.some((b) => b.id === p.leader)));
      assert.equal(
        all.topics.find((t) => t.name === 'kafe-no-such-topic')?.errorCode,
        'unknown_topic_or_partition',
      );
      const every = await kafe.metadata();
      assert.ok(every.topics.some((t) => t.name === topic));
    });

    it('produce writes to partition 0 by default, a [key, value] pair or { key, value } where told, acks 0 without an offset', async () => {
      const first = await kafe.produce(topic, 'hello');
      assert.deepEqual(first, {
        name: topic,
        partitions: [{ partition: 0, errorCode: 'none', offset: 0n, timestamp: -1n }],
      });
      const second = await kafe.produce(topic, ['k1', 'v1'], { partition: 2 });
      assert.equal(second.partitions[0]?.offset, 0n);
      const noAck = await kafe.produce(
        topic,
        { key: Buffer.from('k2'), value: 'v2' },
        { partition: 2, requiredAcks: 0 },
      );
      assert.deepEqual(noAck, { name: topic, partitions: [{ partition: 2, errorCode: 'none' }] });
      const leaderOnly = await kafe.produce(
        topic,
        { key: 'k3', value: null },
        { partition: 2, requiredAcks: 1 },
      );
      // The acks=0 message was written before it: the next offset is 2.
      assert.equal(leaderOnly.partitions[0]?.offset, 2n);
    });

    it('fetch reads a partition from an offset, and by default the last message of the fullest partition', async () => {
      const from0 = await kafe.fetch(topic, { partition: 2, offset: 0 });
      const p = from0.topics[0]?.partitions[0];
      assert.equal(p?.errorCode, 'none');
      assert.equal(p?.highWatermarkOffset, 3n);
      assert.deepEqual(
        p?.messages.map((m) => [
          m.offset,
          m.key?.toString() ?? null,
          m.value?.toString() ?? null,
          m.magicByte,
        ]),
        [
          [0n, 'k1', 'v1', 2],
          [1n, 'k2', 'v2', 2],
          [2n, 'k3', null, 2],
        ],
      );
      const last = await kafe.fetch(topic);
      assert.equal(last.topics[0]?.partitions[0]?.partition, 2);
      assert.deepEqual(
        last.topics[0]?.partitions[0]?.messages.map((m) => m.offset),
        [2n],
      );
      const fromOther = await kafe.fetch(topic, { partition: 0 });
      assert.deepEqual(
        fromOther.topics[0]?.partitions[0]?.messages.map((m) => m.value?.toString()),
        ['hello'],
      );
    });

    it('offset gives the latest offsets by topic name, the earliest by time -2, and refuses a replicaId other than -1', async () => {
      const [latest] = await kafe.offset([topic]);
      assert.deepEqual(
        latest?.partitions.map((p) => [p.partition, p.errorCode, p.offset]),
        [
          [0, 'none', 1n],
          [1, 'none', 0n],
          [2, 'none', 3n],
        ],
      );
      const [earliest] = await kafe.offset([{ name: topic, partitions: [{ partition: 2, time: -2 }] }], -1);
      assert.deepEqual(
        earliest?.partitions.map((p) => p.offset),
        [0n],
      );
      await assert.rejects(
        kafe.offset([topic], 3 as -1),
        (e: unknown) => e instanceof InvalidArgumentError && /replicaId/.test(e.message),
      );
    });

    it('consumerMetadata names the group coordinator', async () => {
      const group = uniqueTopic('kafe-coordinator');
      const c = await kafe.consumerMetadata(group);
      assert.equal(c.errorCode, 'none');
      const { brokers: known } = await kafe.metadata([topic]);
      assert.ok(known.some((b) => b.id === c.coordinatorId && b.port === c.coordinatorPort));
    });

    it(`offsetCommit v0 form goes out as v${expected.v0.join(' then v')} and offsetFetch reads it back`, async () => {
      const group = uniqueTopic('kafe-commit-v0');
      const [result, versions] = await commitVersions(() =>
        kafe.offsetCommit(group, [
          { name: topic, partitions: [{ partition: 0, offset: 1, metadata: 'v0 form' }] },
        ]),
      );
      assert.deepEqual(versions, expected.v0);
      assert.deepEqual(result, [{ name: topic, partitions: [{ partition: 0, errorCode: 'none' }] }]);
      const [read] = await kafe.offsetFetch(group, [{ name: topic, partitions: [0] }]);
      assert.deepEqual(read?.partitionsOffset, [
        { partition: 0, offset: 1n, metadata: 'v0 form', errorCode: 'none' },
      ]);
    });

    it(`offsetCommit v1 form goes out as v${expected.v1.join(', v')} and offsetFetch reads it back`, async () => {
      const group = uniqueTopic('kafe-commit-v1');
      const [result, versions] = await commitVersions(() =>
        kafe.offsetCommit(group, -1, '', [
          {
            name: topic,
            partitions: [{ partition: 2, offset: 2, timestamp: Date.now(), metadata: 'v1 form' }],
          },
        ]),
      );
      assert.deepEqual(versions, expected.v1);
      assert.deepEqual(result, [{ name: topic, partitions: [{ partition: 2, errorCode: 'none' }] }]);
      const [read] = await kafe.offsetFetch(group, [topic]);
      assert.deepEqual(
        read?.partitionsOffset.map((p) => [p.partition, p.offset, p.offset < 0n ? 'no commit' : p.metadata]),
        [
          [0, -1n, 'no commit'],
          [1, -1n, 'no commit'],
          [2, 2n, 'v1 form'],
        ],
      );
    });

    it(`offsetCommit v2 form goes out as v${expected.v2.join(', v')}; offsetFetch without topics and offsets(topic, group) read it back`, async () => {
      const group = uniqueTopic('kafe-commit-v2');
      const [result, versions] = await commitVersions(() =>
        kafe.offsetCommit(group, -1, '', 86_400_000n, [
          {
            name: topic,
            partitions: [
              { partition: 2, offset: 1 },
              { partition: 0, offset: 1 },
            ],
          },
        ]),
      );
      assert.deepEqual(versions, expected.v2);
      assert.deepEqual(
        result[0]?.partitions.map((p) => p.errorCode),
        ['none', 'none'],
      );
      const all = await kafe.offsetFetch(group);
      assert.deepEqual(
        all.map((t) => [
          t.name,
          t.partitionsOffset.map((p) => [p.partition, p.offset]).sort((a, b) => Number(a[0]) - Number(b[0])),
        ]),
        [
          [
            topic,
            [
              [0, 1n],
              [2, 1n],
            ],
          ],
        ],
      );
      const offsets = await kafe.offsets(topic, group);
      assert.deepEqual(offsets, [
        { partition: 0, committed: 1n, logStart: 0n, logEnd: 1n, unread: null, count: 0n },
        { partition: 1, committed: null, logStart: 0n, logEnd: 0n, unread: null, count: 0n },
        { partition: 2, committed: 1n, logStart: 0n, logEnd: 3n, unread: { first: 1n, last: 2n }, count: 2n },
      ]);
      // offsets only reads: the committed offsets are unchanged.
      const again = await kafe.offsetFetch(group, [{ name: topic, partitions: [2] }]);
      assert.equal(again[0]?.partitionsOffset[0]?.offset, 1n);
    });

    it('produce to a missing topic creates it (the brokers run with auto.create.topics.enable=true); allowAutoTopicCreation false does not', async () => {
      const created = uniqueTopic('kafe-autocreated');
      const result = await kafe.produce(created, ['k', 'first']);
      assert.equal(result.partitions[0]?.errorCode, 'none');
      assert.equal(result.partitions[0]?.offset, 0n);
      const read = await kafe.fetch(created, { partition: 0, offset: 0 });
      assert.deepEqual(
        read.topics[0]?.partitions[0]?.messages.map((m) => [m.key?.toString(), m.value?.toString()]),
        [['k', 'first']],
      );

      const missing = uniqueTopic('kafe-not-created');
      const strict = createKafe({ brokers, allowAutoTopicCreation: false });
      try {
        await assert.rejects(
          strict.produce(missing, 'x'),
          (e: unknown) => e instanceof BrokerError && e.code === 'UNKNOWN_TOPIC_OR_PARTITION',
        );
        const meta = await strict.metadata([missing]);
        assert.equal(meta.topics[0]?.errorCode, 'unknown_topic_or_partition', 'still missing');
      } finally {
        await strict.close();
      }
    });

    it('a closed client rejects every call with ClientClosedError', async () => {
      const closed = createKafe({ brokers });
      await closed.metadata([topic]);
      await closed.close();
      for (const call of [
        () => closed.metadata(),
        () => closed.produce(topic, 'x'),
        () => closed.fetch(topic),
        () => closed.offsets(topic, 'g'),
      ])
        await assert.rejects(
          call(),
          (e: unknown) => e instanceof ClientClosedError && /closed/.test(e.message),
        );
    });
  });
}
