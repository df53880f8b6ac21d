/**
 * `kafe configs`, `kafe offsets`, `kafe records delete`, `kafe cluster` and `kafe txn` spawned as
 * a user runs them, against the profile's broker, beside `kafka-configs`, `kafka-get-offsets`,
 * `kafka-metadata-quorum` and `kafka-transactions`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { alterConfigsWithTool, describeConfigsWithTool, offsetsWithTool } from '../admin-tools.js';
import { clusterUnderTest, createTopic, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

describe('kafe configs, offsets, records, cluster and txn (CLI) on Kafka 4.x', () => {
  const cluster = clusterUnderTest();

  it('gets, sets and deletes topic configs as kafka-configs shows and sets them', async () => {
    const topic = uniqueTopic('cli-configs');
    await createTopic(cluster, topic, 1, 1);
    await alterConfigsWithTool(cluster, 'topics', topic, { add: { 'retention.ms': '7200000' } });
    const got = JSON.parse(
      succeeded(await kafeOn(cluster, ['configs', 'get', 'topic', topic, '--json']), 'get'),
    );
    assert.deepEqual(got, [
      { name: 'retention.ms', value: '7200000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false },
    ]);
    succeeded(
      await kafeOn(cluster, [
        'configs',
        'set',
        'topic',
        topic,
        'segment.ms=600000',
        'cleanup.policy=compact',
      ]),
      'set',
    );
    succeeded(await kafeOn(cluster, ['configs', 'delete', 'topic', topic, 'retention.ms']), 'delete');
    assert.deepEqual(await describeConfigsWithTool(cluster, 'topics', topic), {
      'cleanup.policy': 'compact',
      'segment.ms': '600000',
    });
    const all = succeeded(await kafeOn(cluster, ['configs', 'get', 'topic', topic, '--all']), 'get --all');
    assert.match(all, /^retention\.ms +\d+ +(DEFAULT_CONFIG|STATIC_BROKER_CONFIG)$/m);
    const bad = await kafeOn(cluster, ['configs', 'get', 'topics', topic]);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /^kafe: unknown resource type "topics"; expected topic, broker/);
  });

  it('finds offsets as kafka-get-offsets does, and deletes records before an offset', async () => {
    const topic = uniqueTopic('cli-offsets');
    await createTopic(cluster, topic, 2, 1);
    const input = [0, 1, 2, 3, 4, 5]
      .map((i) => JSON.stringify({ value: `v${i}`, partition: i % 2 }))
      .join('\n');
    succeeded(await kafeOn(cluster, ['produce', topic, '-i', 'json'], { input }), 'produce');
    const offsets = async (time: string) =>
      new Map(
        (
          JSON.parse(
            succeeded(await kafeOn(cluster, ['offsets', topic, '--time', time, '--json']), 'offsets'),
          ) as { partition: number; offset: number }[]
        ).map((r) => [r.partition, r.offset]),
      );
    assert.deepEqual(await offsets('latest'), await offsetsWithTool(cluster, topic, -1));
    succeeded(
      await kafeOn(cluster, ['records', 'delete', topic, '-p', '0', '--before', '2']),
      'records delete',
    );
    assert.deepEqual(await offsets('earliest'), await offsetsWithTool(cluster, topic, -2));
    assert.deepEqual([...(await offsets('earliest'))].sort(), [
      [0, 2],
      [1, 0],
    ]);
    const missing = await kafeOn(cluster, ['records', 'delete', topic, '--partition', '0']);
    assert.equal(missing.exitCode, 2);
    assert.equal(missing.stderr, 'kafe: records delete: give --before OFFSET (or --before latest)\n');
  });

  it('shows the brokers, controller, features and quorum kafka-metadata-quorum and kafka-features show', async () => {
    const shown = JSON.parse(succeeded(await kafeOn(cluster, ['cluster', '--json']), 'cluster')) as {
      clusterId: string;
      brokers: { id: number; port: number }[];
      features: Record<string, { maxVersionLevel: number }>;
      quorum: { leaderId: number };
    };
    assert.deepEqual(
      shown.brokers.map((b) => `127.0.0.1:${b.port}`),
      cluster.bootstrapFor('plaintext').split(','),
    );
    const quorum = await runKafkaTool(cluster, 'metadata-quorum', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      'describe',
      '--status',
    ]);
    assert.match(quorum.stdout, new RegExp(`ClusterId:\\s+${shown.clusterId}`));
    assert.match(quorum.stdout, new RegExp(`LeaderId:\\s+${shown.quorum.leaderId}\\b`));
    const features = await runKafkaTool(cluster, 'features', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      'describe',
    ]);
    const level =
      /Feature: transaction\.version\s+SupportedMinVersion: \S+\s+SupportedMaxVersion: \S+\s+FinalizedVersionLevel: (\d+)/.exec(
        features.stdout,
      );
    assert.equal(Number(level?.[1]), shown.features['transaction.version']?.maxVersionLevel);
  });

  it('lists and describes a transactional id as kafka-transactions does', async () => {
    const topic = uniqueTopic('cli-txn-admin');
    const id = uniqueTopic('cli-txn-admin-id');
    await createTopic(cluster, topic, 1, 1);
    succeeded(
      await kafeOn(cluster, ['produce', topic, '--transactional-id', id], { input: 'x\n' }),
      'produce',
    );
    const listed = JSON.parse(succeeded(await kafeOn(cluster, ['txn', 'list', '--json']), 'txn list')) as {
      transactionalId: string;
      producerId: number;
      state: string;
    }[];
    const mine = listed.find((t) => t.transactionalId === id);
    assert.equal(mine?.state, 'CompleteCommit');
    const described = JSON.parse(
      succeeded(await kafeOn(cluster, ['txn', 'describe', id, '--json']), 'txn describe'),
    )[0];
    const tool = await runKafkaTool(cluster, 'transactions', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      'describe',
      '--transactional-id',
      id,
    ]);
    assert.match(
      tool.stdout,
      new RegExp(
        `\\b1\\s+${id}\\s+${described.producerId}\\s+${described.producerEpoch}\\s+CompleteCommit\\b`,
      ),
    );
    const absent = await kafeOn(cluster, ['txn', 'describe', uniqueTopic('cli-no-txn')]);
    assert.equal(absent.exitCode, 3);
  });

  it('aborts an open transaction by its id, and a hanging one by its partition and start offset', async () => {
    const kafka = kafkaUnderTest({ clientId: 'cli-txn-abort' });
    const topic = uniqueTopic('cli-txn-abort');
    await createTopic(cluster, topic, 2, 1);
    const open = async (partition: number) => {
      const transactionalId = uniqueTopic('cli-open');
      const producer = kafka.producer({ transactionalId, transactionTimeoutMs: 60_000 });
      await producer.initTransactions();
      producer.beginTransaction();
      await producer.send({ topic, partition, value: 'never committed' });
      return { producer, transactionalId };
    };
    const first = await open(0);
    const second = await open(1);
    const readCommitted = async (partition: number) =>
      succeeded(
        await kafeOn(cluster, ['consume', topic, '-p', String(partition), '-e', '--read-committed']),
        'consume',
      );
    const id = first.transactionalId;
    assert.equal(
      succeeded(await kafeOn(cluster, ['txn', 'abort', id]), 'abort by id'),
      `aborted the open transaction of ${id} (its producer is fenced)\n`,
    );
    assert.equal(await readCommitted(0), '');
    const byOffset = succeeded(
      await kafeOn(cluster, ['txn', 'abort', '--topic', topic, '-p', '1', '--start-offset', '0']),
      'abort by offset',
    );
    assert.match(byOffset, /^aborted the transaction of producer \d+ \(epoch \d+\) at .*\/1 offset 0\n$/);
    assert.equal(await readCommitted(1), '');
    const none = await kafeOn(cluster, ['txn', 'abort', '--topic', topic, '-p', '1', '--start-offset', '5']);
    assert.equal(none.exitCode, 3);
    await Promise.allSettled([first.producer.close(), second.producer.close()]);
  });
});
