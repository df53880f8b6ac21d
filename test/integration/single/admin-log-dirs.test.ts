/**
 * Log directories through the admin client on a broker with two of them (the single profile
 * starts it with `logDirs: 2`): describeLogDirs agreeing with `kafka-log-dirs`, a replica moved
 * to the other directory with alterReplicaLogDirs and followed with describeReplicaLogDirs until
 * the tool sees it there, and moves of a partition that does not exist or to a directory the
 * broker does not have failing alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logDirsWithTool } from '../admin-tools.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('admin log directories on Kafka 4.x (two per broker)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-admin-log-dirs', timeoutMs: 30_000 });
  const admin = () => kafka.admin();

  it('describes both directories of the broker as kafka-log-dirs does; an unknown broker fails alone', async () => {
    const topic = uniqueTopic('dirs');
    (await admin().createTopics([{ topic, partitions: 2 }])).throwIfFailed();
    const [broker] = (await kafka.cluster.refreshMetadata()).brokers.keys();
    // The broker creates a partition's log as it applies the metadata that made it leader.
    const results = await eventually('both partitions on disk', 20_000, async () => {
      const r = await admin().describeLogDirs([broker!, 99]);
      const held = r.get(broker!).flatMap((d) => d.replicas.filter((x) => x.topic === topic));
      return held.length === 2 ? r : undefined;
    });
    const dirs = results.get(broker!);
    assert.equal(dirs.length, 2);
    for (const d of dirs) {
      assert.equal(d.error, undefined);
      assert.ok(d.totalBytes > 0n && d.usableBytes > 0n && d.usableBytes <= d.totalBytes);
    }
    assert.equal(results.error(99)?.code, 'BROKER_NOT_AVAILABLE');
    const tool = (await logDirsWithTool(cluster, [broker!])).get(broker!) ?? [];
    const ours = (name: string) =>
      dirs.flatMap((d) =>
        d.replicas.filter((r) => r.topic === topic).map((r) => [d.path, `${r.topic}-${r.partition}`, name]),
      );
    const theirs = (name: string) =>
      tool.flatMap((d) =>
        d.partitions.filter((p) => p.partition.startsWith(topic)).map((p) => [d.logDir, p.partition, name]),
      );
    assert.deepEqual(ours('x').sort(), theirs('x').sort());
    assert.deepEqual(dirs.map((d) => d.path).sort(), tool.map((d) => d.logDir).sort());
  });

  it('moves a replica to the other directory; describeReplicaLogDirs and kafka-log-dirs follow it', async () => {
    const topic = uniqueTopic('move');
    (await admin().createTopics([{ topic, partitions: 1 }])).throwIfFailed();
    await kafka.producer().sendBatch([{ topic, value: 'before the move' }]);
    const [broker] = kafka.cluster.metadata.brokers.keys();
    const replica = { topic, partition: 0, broker: broker! };
    const where = (await admin().describeReplicaLogDirs([replica])).get(replica);
    const paths = (await admin().describeLogDirs([broker!])).get(broker!).map((d) => d.path);
    const target = paths.find((p) => p !== where.currentLogDir)!;
    assert.ok(where.currentLogDir !== null && paths.includes(where.currentLogDir));
    const moved = await admin().alterReplicaLogDirs([
      { ...replica, logDir: target },
      { topic, partition: 5, broker: broker!, logDir: target },
    ]);
    assert.equal(moved.error(`${topic}/0@${broker}`)?.code, undefined);
    assert.equal(moved.errors[0]?.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    await eventually('the replica in its new directory', 20_000, async () => {
      const now = (await admin().describeReplicaLogDirs([replica])).get(replica);
      return now.currentLogDir === target && now.futureLogDir === null ? now : undefined;
    });
    const tool = (await logDirsWithTool(cluster, [broker!])).get(broker!) ?? [];
    assert.ok(tool.find((d) => d.logDir === target)?.partitions.some((p) => p.partition === `${topic}-0`));
    const nowhere = await admin().alterReplicaLogDirs([{ ...replica, logDir: '/no/such/dir' }]);
    assert.equal(nowhere.error(`${topic}/0@${broker}`)?.code, 'LOG_DIR_NOT_FOUND');
  });
});
