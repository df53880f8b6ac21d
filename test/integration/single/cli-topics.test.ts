/**
 * `kafe topics ...` spawned as a user runs it, against the profile's broker, its results read
 * back with Kafka's own `kafka-topics` and `kafka-configs`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeConfigsWithTool } from '../admin-tools.js';
import {
  clusterUnderTest,
  createTopic,
  describeTopic,
  eventually,
  uniqueTopic,
} from '../cluster-under-test.js';
import { kafeOn, succeeded, topicNamesWithTool } from '../kafe-cli-runs.js';

describe('kafe topics (CLI) on Kafka 4.x', () => {
  const cluster = clusterUnderTest();

  it('creates a topic that kafka-topics describes as kafe does', async () => {
    const topic = uniqueTopic('cli-create');
    const created = succeeded(
      await kafeOn(cluster, [
        'topics',
        'create',
        topic,
        '-p',
        '3',
        '-r',
        '1',
        '--config',
        'cleanup.policy=compact',
      ]),
      'create',
    );
    assert.equal(created, `created topic ${topic} (3 partitions, replication factor 1)\n`);
    const byTool = await describeTopic(cluster, topic);
    const described = JSON.parse(
      succeeded(await kafeOn(cluster, ['topics', 'describe', topic, '--json']), 'describe'),
    ) as {
      topic: string;
      partitions: { partition: number; leader: number; replicas: number[]; isr: number[] }[];
    }[];
    assert.deepEqual(
      described[0]!.partitions.map(({ partition, leader, replicas, isr }) => ({
        partition,
        leader,
        replicas,
        isr,
      })),
      byTool,
    );
    assert.equal((await describeConfigsWithTool(cluster, 'topics', topic))['cleanup.policy'], 'compact');
    const table = succeeded(await kafeOn(cluster, ['topics', 'describe', topic]), 'describe');
    assert.match(
      table,
      new RegExp(`^TOPIC +PARTITION +LEADER +REPLICAS +ISR +OFFLINE\n${topic} +0 +1 +1 +1 +-\n`),
    );
  });

  it('lists the topics kafka-topics lists', async () => {
    await createTopic(cluster, uniqueTopic('cli-list'), 2, 1);
    const listed = JSON.parse(succeeded(await kafeOn(cluster, ['topics', 'list', '--json']), 'list')) as {
      topic: string;
    }[];
    assert.deepEqual(listed.map((t) => t.topic).sort(), await topicNamesWithTool(cluster));
  });

  it('adds partitions and sets and deletes configs as kafka-topics and kafka-configs then show', async () => {
    const topic = uniqueTopic('cli-alter');
    await createTopic(cluster, topic, 1, 1);
    succeeded(
      await kafeOn(cluster, [
        'topics',
        'alter',
        topic,
        '--partitions',
        '4',
        '--config',
        'retention.ms=3600000',
        '--config',
        'segment.ms=600000',
      ]),
      'alter',
    );
    assert.equal((await describeTopic(cluster, topic)).length, 4);
    assert.equal((await describeConfigsWithTool(cluster, 'topics', topic))['retention.ms'], '3600000');
    succeeded(await kafeOn(cluster, ['topics', 'alter', topic, '--delete-config', 'retention.ms']), 'alter');
    const after = await describeConfigsWithTool(cluster, 'topics', topic);
    assert.equal(after['retention.ms'], undefined);
    assert.equal(after['segment.ms'], '600000');
  });

  it('deletes a topic kafka-topics then no longer lists; --if-exists tolerates a missing one', async () => {
    const topic = uniqueTopic('cli-delete');
    await createTopic(cluster, topic, 1, 1);
    const missing = uniqueTopic('cli-missing');
    const run = await kafeOn(cluster, ['topics', 'delete', topic, missing, '--if-exists']);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, `deleted topic ${topic}\ntopic ${missing} does not exist\n`);
    await eventually('kafka-topics no longer lists the topic', 30_000, async () =>
      (await topicNamesWithTool(cluster)).includes(topic) ? undefined : true,
    );
  });

  it('says in one line, with exit 3, that a topic does not exist; exit 1 when it exists already', async () => {
    const missing = uniqueTopic('cli-nope');
    const run = await kafeOn(cluster, ['topics', 'describe', missing]);
    assert.equal(run.exitCode, 3);
    assert.equal(
      run.stderr,
      `kafe: topic ${missing}: UNKNOWN_TOPIC_OR_PARTITION (3): This server does not host this topic-partition.\n`,
    );
    const topic = uniqueTopic('cli-twice');
    await createTopic(cluster, topic, 1, 1);
    const again = await kafeOn(cluster, ['topics', 'create', topic]);
    assert.equal(again.exitCode, 1);
    assert.match(
      again.stderr,
      /^kafe: topic .*: TOPIC_ALREADY_EXISTS \(36\): Topic '.*' already exists\.\n$/,
    );
    assert.equal((await kafeOn(cluster, ['topics', 'create', topic, '--if-not-exists'])).exitCode, 0);
  });
});
