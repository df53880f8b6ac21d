/**
 * The eager `sticky` assignor (Java `StickyAssignor`) on a real Kafka 4.x broker, in a group with
 * the Java console consumer: the partitions split without overlap, and when a third member
 * joins, the kafe leader reads the Java member's previous assignment from its
 * `StickyAssignorUserData` and leaves it on what it had (the Java member's subscription, as the
 * broker reports it in DescribeGroups, decodes with kafe's reader).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { Cluster } from '../../../src/cluster/cluster.js';
import { decodeStickyUserData } from '../../../src/consumer/assignors/sticky.js';
import type { Consumer } from '../../../src/consumer/consumer.js';
import { decodeAssignment, decodeSubscription } from '../../../src/protocol/consumer-protocol.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, kafkaUnderTest } from '../cluster-under-test.js';
import { freshTopicAndGroup, ownership } from '../group-checks.js';

describe('sticky assignor (eager) with a Java StickyAssignor member', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-sticky-it' });
  let raw: Cluster;
  before(() => {
    raw = new Cluster({
      brokers: cluster.bootstrapFor('plaintext').split(','),
      clientId: 'kafe-sticky-describe',
    });
  });
  after(() => raw.close());

  /** The Java member of the group as the broker describes it: subscription and assignment. */
  async function javaMember(groupId: string) {
    const r = await raw.send('DescribeGroups', { groups: [groupId] }, { to: { group: groupId } });
    const m = r.groups[0]!.members.find((x) => x.clientId === 'java-sticky');
    assert.ok(m, 'the Java member is not in the group');
    return {
      subscription: decodeSubscription(m.memberMetadata),
      assigned: decodeAssignment(m.memberAssignment).partitions.flatMap((t) =>
        t.partitions.map((p) => `${t.topic}/${p}`),
      ),
    };
  }

  it('kafe and Java split the partitions without overlap; a joining member leaves the Java member on its own partitions', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'sticky', 4);
    const tracked = ownership();
    const values = new Map<string, string[]>();
    const start = (name: string): Consumer => {
      const c = kafka.consumer({
        groupId,
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: 500,
        assignors: ['sticky'],
      });
      values.set(name, []);
      c.subscribe([topic], tracked.listener(name));
      void c.run({
        eachMessage: (r) => {
          values.get(name)!.push(r.value!.toString());
        },
      });
      return c;
    };
    const a = start('a');
    const ownedA = tracked.owned.get('a')!;
    await until('kafe owns all 4 partitions', () => ownedA.size === 4, brokerWait);
    const java = runKafkaTool(
      cluster,
      'console-consumer',
      [
        ...['--bootstrap-server', cluster.bootstrapFor('plaintext'), '--topic', topic, '--group', groupId],
        ...['--from-beginning', '--timeout-ms', '20000'],
        ...[
          '--consumer-property',
          'partition.assignment.strategy=org.apache.kafka.clients.consumer.StickyAssignor',
        ],
        ...['--consumer-property', 'client.id=java-sticky'],
      ],
      { timeoutMs: 120_000 },
    );
    await until('the Java consumer joined: kafe keeps 2 partitions', () => ownedA.size === 2, brokerWait);
    const aBefore = [...ownedA].sort();
    const javaBefore = (await javaMember(groupId)).assigned.sort();
    assert.deepEqual(
      [...aBefore, ...javaBefore].sort(),
      [0, 1, 2, 3].map((p) => `${topic}/${p}`),
      'overlap or gap',
    );

    const producer = kafka.producer();
    await producer.sendBatch(
      Array.from({ length: 80 }, (_, i) => ({ topic, partition: i % 4, value: `${i % 4}-${i}` })),
    );
    await producer.close();
    await until('kafe read its 40', () => values.get('a')!.length >= 40, brokerWait);
    const kafeValues = [...values.get('a')!];

    const b = start('b');
    const ownedB = tracked.owned.get('b')!;
    // Eager: 'a' is told of its new partitions once the whole group has synced.
    await until('the third member got a partition', () => ownedB.size >= 1 && ownedA.size >= 1, brokerWait);
    const j = await javaMember(groupId);
    // The Java member sent its previous assignment in Java's StickyAssignor user data...
    const claim = decodeStickyUserData(j.subscription.userData);
    assert.deepEqual(
      claim.partitions.flatMap((t) => t.partitions.map((p) => `${t.topic}/${p}`)).sort(),
      javaBefore,
      'the Java user data did not carry its previous assignment',
    );
    assert.ok(claim.generation >= 1, `generation ${claim.generation}`);
    // ...and the kafe leader kept it (and itself) on what each had; one of the two gave one up.
    assert.deepEqual([j.assigned.length, ownedA.size, ownedB.size].sort(), [1, 1, 2], 'not balanced');
    assert.ok(
      j.assigned.every((p) => javaBefore.includes(p)),
      `Java moved: ${j.assigned} from ${javaBefore}`,
    );
    assert.ok(
      [...ownedA].every((p) => aBefore.includes(p)),
      `kafe moved: ${[...ownedA]} from ${aBefore}`,
    );
    assert.deepEqual(
      [...ownedA, ...ownedB, ...j.assigned].sort(),
      [0, 1, 2, 3].map((p) => `${topic}/${p}`),
      'overlap or gap after the third member joined',
    );

    const javaValues = (await java).stdout.split('\n').filter((l) => /^\d-\d+$/.test(l));
    const partitionOf = (v: string) => `${topic}/${v.split('-')[0]}`;
    assert.deepEqual(
      [...new Set(javaValues.map(partitionOf))].sort(),
      javaBefore,
      'Java read other partitions',
    );
    assert.deepEqual([...new Set(kafeValues.map(partitionOf))].sort(), aBefore, 'kafe read other partitions');
    assert.equal(javaValues.length, 40);
    assert.equal(kafeValues.length, 40, 'kafe read a record twice');
    assert.equal(new Set([...kafeValues, ...javaValues]).size, 80);
    await Promise.all([a.close(), b.close()]);
  });
});
