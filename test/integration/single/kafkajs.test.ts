/**
 * kafe/kafkajs on a real Kafka broker, and beside KafkaJS 2.2.4 itself (a devDependency):
 * a round trip through kafe/kafkajs's own clients (admin, a gzip keyed send, a transaction, a
 * consumer); a KafkaJS consumer and a kafe/kafkajs consumer in one group (KafkaJS's
 * `RoundRobinAssigner` on both sides) splitting the partitions without overlap and reading
 * every record once; a custom asynchronous assigner (KafkaJS's `partitionAssigners`) deciding a
 * group's assignment, with each member's own metadata; offsets committed with metadata, read
 * back; and keyed records landing on the same partitions from a KafkaJS producer and a
 * kafe/kafkajs one, with the default (Java murmur2) and the legacy partitioner.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import {
  AssignerProtocol,
  CompressionTypes,
  type ConsumerGroupJoinEvent,
  type ICustomPartitioner,
  Kafka,
  type KafkaMessage,
  logLevel,
  type PartitionAssigner,
  Partitioners,
} from '../../../src/kafkajs/index.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('kafe/kafkajs against Kafka 4.x and KafkaJS 2.2.4', { timeout: 180_000 }, () => {
  const brokers = clusterUnderTest().bootstrapFor('plaintext').split(',');
  const kafka = new Kafka({ brokers, clientId: 'kafe-kafkajs-it', logLevel: logLevel.NOTHING });
  const real = new kafkajs.Kafka({ brokers, clientId: 'kafkajs-it', logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  const cleanup: (() => Promise<void>)[] = [];

  before(() => admin.connect());
  after(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    await admin.disconnect();
  });

  const topicWith = async (prefix: string, numPartitions: number) => {
    const topic = uniqueTopic(prefix);
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions }] }), true);
    return topic;
  };
  const connected = async <C extends { connect(): Promise<void>; disconnect(): Promise<void> }>(
    client: C,
  ) => {
    await client.connect();
    cleanup.push(() => client.disconnect());
    return client;
  };

  it('round trip: keyed gzip records and a committed transaction, read by a group consumer', async () => {
    const topic = await topicWith('kafkajs-roundtrip', 3);
    const producer = await connected(kafka.producer());
    const sent = await producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: 30 }, (_, i) => ({
        key: `key-${i}`,
        value: `value-${i}`,
        headers: { i: String(i) },
      })),
    });
    assert.equal(
      sent.reduce((n, r) => n + (r.errorCode === 0 ? 1 : 0), 0),
      sent.length,
    );
    const tx = await connected(kafka.producer({ transactionalId: uniqueTopic('kafkajs-tx') }));
    const transaction = await tx.transaction();
    await transaction.send({ topic, messages: [{ key: 'tx', value: 'in a transaction' }] });
    await transaction.commit();

    const consumer = await connected(kafka.consumer({ groupId: uniqueTopic('kafkajs-roundtrip-group') }));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seen = new Map<string, KafkaMessage>();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) seen.set(m.key?.toString() ?? '', m);
      },
    });
    await until('31 records read', () => seen.size === 31, brokerWait);
    assert.equal(seen.get('key-7')?.value?.toString(), 'value-7');
    assert.equal(seen.get('key-7')?.headers?.i?.toString(), '7');
    assert.equal(seen.get('tx')?.value?.toString(), 'in a transaction');
    await consumer.stop();
    const committed = await admin.fetchOffsets({
      groupId: (await consumer.describeGroup()).groupId,
      topics: [topic],
    });
    const total = committed[0]?.partitions.reduce((n, p) => n + Number(p.offset), 0) ?? 0;
    // 30 records, plus the transaction's record and its commit marker on one partition.
    assert.equal(total, 32);
  });

  it('a KafkaJS consumer and a kafe/kafkajs consumer share one group without overlap', async () => {
    const topic = await topicWith('kafkajs-mixed', 6);
    const groupId = uniqueTopic('kafkajs-mixed-group');
    const theirs = await connected(real.consumer({ groupId, heartbeatInterval: 500 }));
    const ours = await connected(kafka.consumer({ groupId, heartbeatInterval: 500 }));
    const got = { theirs: new Map<string, number>(), ours: new Map<string, number>() };
    for (const [name, consumer] of [
      ['theirs', theirs],
      ['ours', ours],
    ] as const) {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) =>
          void got[name].set(message.value?.toString() ?? '', partition),
      });
    }
    // Both are members, every partition is assigned once: the group is settled before records come.
    await until(
      'a stable group of two with all six partitions',
      async () => {
        const [group] = (await admin.describeGroups([groupId])).groups;
        if (group?.state !== 'Stable' || group.members.length !== 2) return false;
        const owned = group.members.flatMap((m) =>
          Object.values(
            kafkajs.AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {},
          ).flat(),
        );
        return owned.length === 6 && new Set(owned).size === 6;
      },
      brokerWait,
    );
    const producer = await connected(real.producer());
    const values = Array.from({ length: 60 }, (_, i) => `record-${i}`);
    await producer.send({ topic, messages: values.map((value, i) => ({ value, partition: i % 6 })) });
    await until('every record read', () => got.theirs.size + got.ours.size === 60, brokerWait);
    const theirPartitions = new Set(got.theirs.values());
    const ourPartitions = new Set(got.ours.values());
    assert.ok(theirPartitions.size > 0 && ourPartitions.size > 0, 'both consumers read');
    assert.deepEqual(
      [...theirPartitions].filter((p) => ourPartitions.has(p)),
      [],
      'no partition read by both',
    );
    assert.deepEqual([...got.theirs.keys(), ...got.ours.keys()].sort(), [...values].sort());
  });

  it('a custom asynchronous assigner gives every partition to one member, from each member metadata', async () => {
    const topic = await topicWith('kafkajs-assigner', 4);
    const groupId = uniqueTopic('kafkajs-assigner-group');
    const userData = new Map<string, string>();
    // KafkaJS's custom assigner shape: its own metadata (with user data) and an asynchronous
    // assign that gives everything to the first member by id, leaving the other out.
    const allToFirst =
      (tag: string): PartitionAssigner =>
      ({ cluster }) => ({
        name: 'AllToFirst',
        version: 1,
        protocol: ({ topics }) => ({
          name: 'AllToFirst',
          metadata: AssignerProtocol.MemberMetadata.encode({
            version: 1,
            topics,
            userData: Buffer.from(tag),
          }),
        }),
        async assign({ members, topics }) {
          await new Promise((resolve) => setImmediate(resolve));
          for (const m of members)
            userData.set(
              m.memberId,
              AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData.toString() ?? '',
            );
          const [first] = members.map((m) => m.memberId).sort();
          const assignment = Object.fromEntries(
            topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((p) => p.partitionId)]),
          );
          return [
            {
              memberId: first as string,
              memberAssignment: AssignerProtocol.MemberAssignment.encode({
                version: 1,
                assignment,
                userData: Buffer.alloc(0),
              }),
            },
          ];
        },
      });
    const joins = new Map<string, ConsumerGroupJoinEvent['payload']>();
    const read = new Map<string, Set<number>>();
    for (const tag of ['member-a', 'member-b']) {
      const consumer = await connected(
        kafka.consumer({ groupId, heartbeatInterval: 500, partitionAssigners: [allToFirst(tag)] }),
      );
      consumer.on(consumer.events.GROUP_JOIN, (e) => void joins.set(tag, e.payload));
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      read.set(tag, new Set());
      await consumer.run({ eachMessage: async ({ partition }) => void read.get(tag)?.add(partition) });
    }
    await until(
      'a stable group of two under AllToFirst',
      async () => {
        const [group] = (await admin.describeGroups([groupId])).groups;
        return group?.state === 'Stable' && group.members.length === 2 && group.protocol === 'AllToFirst';
      },
      brokerWait,
    );
    await until(
      'both members joined the settled generation',
      () => [...joins.values()].filter((j) => Object.keys(j.memberAssignment).length > 0).length === 1,
      brokerWait,
    );
    const [first] = [...joins.values()].map((j) => j.memberId).sort();
    const owner = [...joins].find(([, j]) => j.memberId === first)?.[0] as string;
    const other = owner === 'member-a' ? 'member-b' : 'member-a';
    assert.deepEqual(joins.get(owner)?.memberAssignment, { [topic]: [0, 1, 2, 3] });
    assert.deepEqual(joins.get(other)?.memberAssignment, {});
    assert.deepEqual([...userData.values()].sort(), ['member-a', 'member-b']);
    const producer = await connected(kafka.producer());
    await producer.send({ topic, messages: [0, 1, 2, 3].map((partition) => ({ partition, value: 'x' })) });
    await until('the owner read every partition', () => read.get(owner)?.size === 4, brokerWait);
    assert.equal(read.get(other)?.size, 0);
  });

  it('commitOffsets stores metadata with the offset, read back by fetchOffsets', async () => {
    const topic = await topicWith('kafkajs-commit-metadata', 2);
    const groupId = uniqueTopic('kafkajs-commit-metadata-group');
    const consumer = await connected(kafka.consumer({ groupId, heartbeatInterval: 500 }));
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ eachMessage: async () => {} });
    // Committed as the group's member, with its generation.
    await until('the consumer joined its group', () => joined, brokerWait);
    await consumer.commitOffsets([
      { topic, partition: 0, offset: '5', metadata: 'checkpoint 5' },
      { topic, partition: 1, offset: '2' },
    ]);
    const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.deepEqual(fetched?.partitions, [
      { partition: 0, offset: '5', metadata: 'checkpoint 5' },
      { partition: 1, offset: '2', metadata: null },
    ]);
  });

  for (const [name, theirs, ours] of [
    ['default (Java murmur2)', kafkajs.Partitioners.DefaultPartitioner, Partitioners.DefaultPartitioner],
    ['legacy (KafkaJS 1)', kafkajs.Partitioners.LegacyPartitioner, Partitioners.LegacyPartitioner],
  ] as const)
    it(`keyed records land where KafkaJS puts them: ${name} partitioner`, async () => {
      const topic = await topicWith('kafkajs-keys', 7);
      const theirProducer = await connected(real.producer({ createPartitioner: theirs }));
      const ourProducer = await connected(kafka.producer({ createPartitioner: ours as ICustomPartitioner }));
      const keys = Array.from({ length: 40 }, (_, i) => `customer-${i * 7919}`);
      for (const key of keys) {
        const [their] = await theirProducer.send({ topic, messages: [{ key, value: 'kafkajs' }] });
        const [our] = await ourProducer.send({ topic, messages: [{ key, value: 'kafe' }] });
        assert.equal(our?.partition, their?.partition, `key ${key}`);
      }
    });
});
