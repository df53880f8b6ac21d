/**
 * Cluster, reassignment and election administration on three brokers, cross-checked with
 * Kafka's tools: describeCluster (racks, controller) and describeMetadataQuorum (three voters);
 * reassignments kafe starts that `kafka-reassign-partitions --verify` sees complete, with a
 * typed error per partition for the conflicting and impossible ones; a reassignment the tool
 * started (throttled, so it stays in progress) that kafe lists and cancels; preferred leader
 * elections by kafe and by `kafka-leader-election`, each seeing the other's. Topics are this
 * file's own; the throttle it sets is removed at the end.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import {
  clusterUnderTest,
  describeTopic,
  eventually,
  kafkaUnderTest,
  uniqueTopic,
} from '../cluster-under-test.js';
import { quorumStatus, runTool } from '../security-tools.js';

describe('cluster, reassignments and elections through Kafka#admin() (3 brokers)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-partitions-admin', timeoutMs: 30_000 });
  const admin = kafka.admin();
  const reassignmentFile = async (topic: string, partition: number, replicas: number[]) => {
    const file = join(cluster.info.dir, `${topic}-reassignment.json`);
    await writeFile(file, JSON.stringify({ version: 1, partitions: [{ topic, partition, replicas }] }));
    return file;
  };

  after(async () => {
    // `--throttle` set these on every broker; they apply only to throttled replicas, but leave none.
    const DELETE = 1;
    const BROKER = 4;
    const cleaner = new Kafka({
      brokers: cluster.bootstrapFor('plaintext').split(','),
      clientId: 'kafe-unthrottle',
    });
    for (const node of cluster.info.nodes)
      await cleaner.cluster.send(
        'IncrementalAlterConfigs',
        {
          resources: [
            {
              resourceType: BROKER,
              resourceName: String(node.id),
              configs: ['leader', 'follower'].map((side) => ({
                name: `${side}.replication.throttled.rate`,
                configOperation: DELETE,
                value: null,
              })),
            },
          ],
          validateOnly: false,
        },
        { to: { nodeId: node.id } },
      );
    await cleaner.close();
  });

  it('describes three brokers with their racks and the controller, and a quorum of three voters', async () => {
    const described = await admin.describeCluster({ includeFencedBrokers: true });
    assert.deepEqual(
      described.brokers.map((b) => [b.id, b.rack, b.isFenced]),
      cluster.info.nodes.map((n) => [n.id, `rack-${n.id}`, false]),
    );
    assert.ok(described.brokers.some((b) => b.id === described.controller?.id));
    const tool = quorumStatus(await runTool(cluster, 'metadata-quorum', ['describe', '--status']));
    const quorum = await admin.describeMetadataQuorum();
    assert.equal(String(quorum.leaderId), tool.get('LeaderId'));
    assert.deepEqual(
      quorum.voters.map((v) => v.replicaId).sort(),
      cluster.info.nodes.map((n) => n.id),
    );
    assert.ok(quorum.voters.every((v) => v.logEndOffset > 0n));
  });

  it('moves replicas where kafe says, and refuses conflicting targets per partition', async () => {
    const topic = uniqueTopic('reassign');
    const still = uniqueTopic('not-moving');
    (
      await admin.createTopics([
        { topic, assignments: { 0: [1, 2], 1: [1, 2] } },
        { topic: still, partitions: 2 },
      ])
    ).throwIfFailed();
    const moved = { topic, partition: 0, replicas: [2, 3] };
    const duplicate = { topic, partition: 1, replicas: [1, 1] };
    const noSuchBroker = { topic: still, partition: 0, replicas: [99] };
    const noSuchPartition = { topic, partition: 7, replicas: [1, 2] };
    const nothingToCancel = { topic: still, partition: 1, replicas: null };
    const negative = { topic, partition: -1, replicas: [1] };
    const results = await admin.alterPartitionReassignments([
      moved,
      duplicate,
      noSuchBroker,
      noSuchPartition,
      nothingToCancel,
      negative,
    ]);
    assert.equal(results.error(moved), undefined);
    const codes = [duplicate, noSuchBroker, noSuchPartition, nothingToCancel, negative].map((t) => [
      `${t.topic}/${t.partition}`,
      results.error(t)?.code,
    ]);
    assert.deepEqual(codes, [
      [`${topic}/1`, 'INVALID_REPLICA_ASSIGNMENT'],
      [`${still}/0`, 'INVALID_REPLICA_ASSIGNMENT'],
      [`${topic}/7`, 'UNKNOWN_TOPIC_OR_PARTITION'],
      [`${still}/1`, 'NO_REASSIGNMENT_IN_PROGRESS'],
      [`${topic}/-1`, 'INVALID_ARGUMENT'],
    ]);
    const file = await reassignmentFile(topic, 0, [2, 3]);
    await eventually('kafka-reassign-partitions --verify sees it complete', 30_000, async () => {
      const out = await runTool(cluster, 'reassign-partitions', [
        '--verify',
        '--reassignment-json-file',
        file,
      ]);
      return /Reassignment of partition \S+-0 is completed/.test(out) ? out : undefined;
    });
    assert.deepEqual((await describeTopic(cluster, topic))[0]?.replicas, [2, 3]);
  });

  it('lists and cancels a reassignment kafka-reassign-partitions started', async () => {
    const topic = uniqueTopic('throttled');
    (await admin.createTopics([{ topic, assignments: { 0: [1, 2] } }])).throwIfFailed();
    // More than one follower fetch (1 MiB) of records, so that a 1 B/s throttle holds broker 3 back.
    const producer = kafka.producer({ lingerMs: 5 });
    const value = Buffer.alloc(1024, 'x');
    await producer.sendBatch(Array.from({ length: 3000 }, () => ({ topic, partition: 0, value })));
    await producer.close();
    const file = await reassignmentFile(topic, 0, [2, 3]);
    await runTool(cluster, 'reassign-partitions', [
      '--execute',
      '--throttle',
      '1',
      '--reassignment-json-file',
      file,
    ]);

    const listed = await admin.listPartitionReassignments([{ topic, partition: 0 }]);
    assert.deepEqual(listed, [
      { topic, partition: 0, replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] },
    ]);
    assert.ok((await admin.listPartitionReassignments()).some((r) => r.topic === topic));
    const toolList = await runTool(cluster, 'reassign-partitions', ['--list']);
    assert.match(toolList, new RegExp(`${topic}-0: replicas: 2,3,1. adding: 3. removing: 1.`));

    (await admin.alterPartitionReassignments([{ topic, partition: 0, replicas: null }])).throwIfFailed();
    assert.deepEqual(await admin.listPartitionReassignments([{ topic, partition: 0 }]), []);
    assert.doesNotMatch(await runTool(cluster, 'reassign-partitions', ['--list']), new RegExp(topic));
    // Back on its replicas (in whichever order the controller restores them).
    assert.deepEqual((await describeTopic(cluster, topic))[0]?.replicas.sort(), [1, 2]);
  });

  it('elects preferred leaders, and sees the elections of kafka-leader-election', async () => {
    const topic = uniqueTopic('elect');
    (await admin.createTopics([{ topic, assignments: { 0: [1, 2, 3], 1: [1, 2, 3] } }])).throwIfFailed();
    // Same replicas, broker 2 first: it becomes the preferred leader while broker 1 still leads.
    (
      await admin.alterPartitionReassignments([
        { topic, partition: 0, replicas: [2, 1, 3] },
        { topic, partition: 1, replicas: [2, 1, 3] },
      ])
    ).throwIfFailed();
    await eventually('reordered replicas', 30_000, async () => {
      const partitions = await describeTopic(cluster, topic);
      return partitions.every((p) => p.replicas[0] === 2) ? partitions : undefined;
    });
    assert.deepEqual(
      (await describeTopic(cluster, topic)).map((p) => p.leader),
      [1, 1],
    );

    const p0 = { topic, partition: 0 };
    const unknown = { topic, partition: 5 };
    const elected = await admin.electLeaders('PREFERRED', [p0, unknown]);
    assert.equal(elected.error(p0), undefined);
    assert.equal(elected.error(unknown)?.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.equal((await admin.electLeaders('PREFERRED', [p0])).error(p0)?.code, 'ELECTION_NOT_NEEDED');
    assert.equal((await admin.electLeaders('UNCLEAN', [p0])).error(p0)?.code, 'ELECTION_NOT_NEEDED');

    const tool = (partition: number) =>
      runTool(cluster, 'leader-election', [
        ...['--election-type', 'PREFERRED', '--topic', topic, '--partition', String(partition)],
      ]).catch((e: Error) => e.message);
    assert.match(await tool(0), /Valid replica already elected for partitions/);
    assert.match(await tool(1), /Successfully completed leader election \(PREFERRED\) for partitions/);
    assert.deepEqual(
      (await describeTopic(cluster, topic)).map((p) => p.leader),
      [2, 2],
    );
    assert.equal(
      (await admin.electLeaders('PREFERRED', [{ topic, partition: 1 }])).errors[0]?.code,
      'ELECTION_NOT_NEEDED',
    );
  });
});
