/**
 * KIP-714 client telemetry against a real Kafka 4.x broker: with a client-metrics subscription
 * matching the client id (made here with IncrementalAlterConfigs, resource type 16), a kafe
 * producer pushes the subscribed metrics; the broker's telemetry receiver (the Java plugin the
 * harness compiles and loads) parses each payload as OTLP MetricsData and writes it to a file;
 * the values are those of `producer.metrics()` after known work, and closing the producer sends
 * a last push marked terminating.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';

const CLIENT_METRICS = 16;
const N = 120;

interface Pushed {
  clientId: string;
  terminating: boolean;
  metrics: Record<string, number | null>;
  error?: string;
}

describe('KIP-714 client telemetry on a Kafka 4.x broker', () => {
  const cluster = clusterUnderTest();
  const file = cluster.telemetryFile(cluster.status()[0]!.id);
  const pushedBy = (clientId: string): Pushed[] =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.length > 0)
          .map((l) => JSON.parse(l) as Pushed)
          .filter((p) => p.clientId === clientId)
      : [];

  it('pushes the subscribed producer metrics, OTLP-encoded and compressed, and a terminating push on close', async () => {
    const clientId = uniqueTopic('kafe-telemetry');
    const topic = uniqueTopic('telemetry');
    const kafka = new Kafka({
      brokers: cluster.bootstrapFor('plaintext').split(','),
      clientId,
      logger: null,
    });
    try {
      // The subscription first: a client asks for it once connected.
      await kafka.cluster.send(
        'IncrementalAlterConfigs',
        {
          resources: [
            {
              resourceType: CLIENT_METRICS,
              resourceName: `${clientId}-subscription`,
              configs: [
                {
                  name: 'metrics',
                  configOperation: 0,
                  value: 'org.apache.kafka.producer.record.send,org.apache.kafka.producer.connection.count',
                },
                { name: 'interval.ms', configOperation: 0, value: '500' },
                { name: 'match', configOperation: 0, value: `client_id=${clientId}` },
              ],
            },
          ],
          validateOnly: false,
        },
        { to: { nodeId: cluster.status()[0]!.id } },
      );
      await kafka.admin().createTopics([{ topic, partitions: 1 }]);
      const producer = kafka.producer();
      await producer.sendBatch(Array.from({ length: N }, (_, i) => ({ topic, value: `${i}` })));
      await until(
        `a push showing ${N} records sent`,
        () => pushedBy(clientId).some((p) => p.metrics['org.apache.kafka.producer.record.send.total'] === N),
        brokerWait,
      );
      const pushed = pushedBy(clientId);
      assert.deepEqual(
        pushed.filter((p) => p.error !== undefined),
        [],
      );
      const last = pushed.at(-1)!;
      // The subscribed metrics (a broker merges every matching subscription: others may add more).
      for (const name of [
        'org.apache.kafka.producer.connection.count',
        'org.apache.kafka.producer.record.send.rate',
        'org.apache.kafka.producer.record.send.total',
      ])
        assert.ok(name in last.metrics, `${name} pushed: ${JSON.stringify(last.metrics)}`);
      assert.ok(
        Object.keys(last.metrics).every((m) => m.startsWith('org.apache.kafka.producer.')),
        'producer metrics only',
      );
      assert.ok((last.metrics['org.apache.kafka.producer.connection.count'] ?? 0) >= 1);
      assert.equal(pushed.filter((p) => p.terminating).length, 0);
      await producer.close();
      assert.equal(pushedBy(clientId).at(-1)?.terminating, true, 'the last push on close is terminating');
    } finally {
      await kafka.cluster
        .send(
          'IncrementalAlterConfigs',
          {
            resources: [
              {
                resourceType: CLIENT_METRICS,
                resourceName: `${clientId}-subscription`,
                configs: ['metrics', 'interval.ms', 'match'].map((name) => ({
                  name,
                  configOperation: 1,
                  value: null,
                })),
              },
            ],
            validateOnly: false,
          },
          { to: { nodeId: cluster.status()[0]!.id } },
        )
        .catch(() => undefined);
      await kafka.close();
    }
  });
});
