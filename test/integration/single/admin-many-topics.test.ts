/**
 * An admin call about many resources is one request per broker: 1,000 topics created,
 * described, altered and deleted in one call each, counted on the wire (the `kafe:net:request`
 * channel), each topic with its own outcome. One partition per topic keeps the broker's work,
 * and the test, to seconds.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, describe, it } from 'node:test';
import type { RequestMessage } from '../../../src/net/diagnostics.js';
import { describeConfigsWithTool } from '../admin-tools.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

const COUNT = 1000;

describe(`${COUNT} topics in one admin call each, on Kafka 4.x`, () => {
  const cluster = clusterUnderTest();
  const clientId = `kafe-many-${process.pid}`;
  const kafka = kafkaUnderTest({ clientId, timeoutMs: 120_000 });
  const requests: RequestMessage[] = [];
  const listener = (m: unknown) => {
    const r = m as RequestMessage;
    if (r.client?.clientId === clientId) requests.push(r);
  };
  diagnostics.subscribe('kafe:net:request', listener);
  after(() => diagnostics.unsubscribe('kafe:net:request', listener));
  /** Requests of `api` since the last call, per broker. */
  const sent = (api: string) => {
    const perBroker = new Map<string, number>();
    for (const r of requests.splice(0))
      if (r.api === api) perBroker.set(r.broker, (perBroker.get(r.broker) ?? 0) + 1);
    return [...perBroker.values()];
  };

  it('creates, describes, alters and deletes them with one request per broker each', {
    timeout: 240_000,
  }, async () => {
    const prefix = uniqueTopic('many');
    const topics = Array.from({ length: COUNT }, (_, i) => `${prefix}-${i}`);
    const created = await kafka.admin().createTopics(topics.map((topic) => ({ topic, partitions: 1 })));
    assert.equal(created.values().length, COUNT);
    assert.deepEqual(sent('CreateTopics'), [1]);

    const described = await kafka.admin().describeTopics(topics);
    assert.ok(described.values().every((d) => d.partitions.length === 1 && d.partitions[0]!.leader >= 0));
    assert.deepEqual(sent('DescribeTopicPartitions'), [1]);

    const altered = await kafka.admin().incrementalAlterConfigs(
      topics.map((name) => ({
        resource: { type: 'topic', name },
        ops: [{ name: 'retention.ms', op: 'set', value: '86400000' }],
      })),
    );
    assert.equal(altered.values().length, COUNT);
    assert.deepEqual(sent('IncrementalAlterConfigs'), [1]);
    // The controller committed the changes; the broker applies them after the 1,000 new logs
    // it is still creating (seconds later). Then every topic has it, as kafka-configs sees too.
    await eventually('every topic altered', 90_000, async () => {
      const configs = await kafka.admin().describeConfigs(
        topics.map((name) => ({ type: 'topic', name })),
        { configNames: ['retention.ms'] },
      );
      return configs.values().every((c) => c[0]?.value === '86400000') ? true : undefined;
    });
    requests.splice(0);
    assert.equal(
      (await describeConfigsWithTool(cluster, 'topics', topics[COUNT - 1]!))['retention.ms'],
      '86400000',
    );

    const deleted = await kafka.admin().deleteTopics(topics);
    assert.equal(deleted.values().length, COUNT);
    assert.deepEqual(sent('DeleteTopics'), [1]);
    assert.ok(!(await kafka.admin().listTopics()).some((t) => t.topic.startsWith(prefix)));
  });
});
