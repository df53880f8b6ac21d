/**
 * The config operations of the admin client on a real broker, cross-checked with
 * `kafka-configs`: what kafe changes the tool sees and what the tool changes kafe reads; each
 * op of incrementalAlterConfigs, the legacy alterConfigs replacing the whole set, broker and
 * broker-logger resources, synonyms and documentation, and bad input failing its own resource.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigEntry } from '../../src/admin/configs.js';
import { brokerWait, until } from '../support/until.js';
import { alterConfigsWithTool, describeConfigsWithTool } from './admin-tools.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';

/** Registers the suite under `label`; `kafka4` adds what Kafka 4.x alone serves (group configs, KIP-1142). */
export function adminConfigChecks(label: string, options: { kafka4: boolean }): void {
  describe(`admin configs on ${label}`, () => {
    const cluster = clusterUnderTest();
    const kafka = kafkaUnderTest({ clientId: 'kafe-admin-configs', timeoutMs: 30_000 });
    const admin = () => kafka.admin();
    const entry = (entries: ConfigEntry[], name: string) => entries.find((e) => e.name === name);

    it('incrementalAlterConfigs sets, appends, subtracts and deletes; kafka-configs sees each change and kafe sees the tool’s', async () => {
      const topic = uniqueTopic('cfg');
      (await admin().createTopics([{ topic, partitions: 1 }])).throwIfFailed();
      const resource = { type: 'topic', name: topic } as const;
      (
        await admin().incrementalAlterConfigs([
          {
            resource,
            ops: [
              { name: 'retention.ms', op: 'set', value: '123456' },
              { name: 'cleanup.policy', op: 'append', value: 'compact' },
            ],
          },
        ])
      ).throwIfFailed();
      let tool = await describeConfigsWithTool(cluster, 'topics', topic);
      assert.equal(tool['retention.ms'], '123456');
      assert.equal(tool['cleanup.policy'], 'delete,compact');
      (
        await admin().incrementalAlterConfigs([
          {
            resource,
            ops: [
              { name: 'cleanup.policy', op: 'subtract', value: 'delete' },
              { name: 'retention.ms', op: 'delete' },
            ],
          },
        ])
      ).throwIfFailed();
      tool = await describeConfigsWithTool(cluster, 'topics', topic);
      assert.deepEqual(tool, { 'cleanup.policy': 'compact' });
      await alterConfigsWithTool(cluster, 'topics', topic, { add: { 'max.message.bytes': '20000' } });
      const entries = (await admin().describeConfigs([resource])).get(resource);
      assert.deepEqual(
        [entry(entries, 'max.message.bytes'), entry(entries, 'cleanup.policy')].map((e) => [
          e?.value,
          e?.source,
        ]),
        [
          ['20000', 'DYNAMIC_TOPIC_CONFIG'],
          ['compact', 'DYNAMIC_TOPIC_CONFIG'],
        ],
      );
      const retention = entry(entries, 'retention.ms');
      assert.deepEqual([retention?.source, retention?.isDefault], ['DEFAULT_CONFIG', true]);
    });

    it('alterConfigs replaces the whole set: a config it does not name returns to its default', async () => {
      const topic = uniqueTopic('cfg-legacy');
      (
        await admin().createTopics([{ topic, partitions: 1, configs: { 'max.message.bytes': '30000' } }])
      ).throwIfFailed();
      const resource = { type: 'topic', name: topic } as const;
      (await admin().alterConfigs([{ resource, configs: { 'retention.ms': '7200000' } }])).throwIfFailed();
      assert.deepEqual(await describeConfigsWithTool(cluster, 'topics', topic), {
        'retention.ms': '7200000',
      });
    });

    it('describes a broker with synonyms and documentation, and a broker’s loggers', async () => {
      const [broker] = (await kafka.cluster.refreshMetadata()).brokers.keys();
      const resource = { type: 'broker', name: String(broker) } as const;
      const loggers = { type: 'broker-logger', name: String(broker) } as const;
      const results = await admin().describeConfigs([resource, loggers], {
        includeSynonyms: true,
        includeDocumentation: true,
      });
      const partitions = entry(results.get(resource), 'num.partitions');
      assert.equal(partitions?.value, '1');
      assert.equal(partitions?.source, 'STATIC_BROKER_CONFIG');
      assert.equal(partitions?.type, 'INT');
      assert.match(partitions?.documentation ?? '', /partitions/);
      assert.deepEqual(
        partitions?.synonyms.map((s) => s.source),
        ['STATIC_BROKER_CONFIG', 'DEFAULT_CONFIG'],
      );
      assert.ok(entry(results.get(loggers), 'root') !== undefined, 'the root logger');
      const only = await admin().describeConfigs([resource], {
        configNames: ['log.dirs', 'not.a.broker.config'],
      });
      assert.deepEqual(
        only.get(resource).map((e) => e.name),
        ['log.dirs'],
      );
    });

    it('bad input fails its own resource with a typed error naming it, whole; the others are changed', async () => {
      const topic = uniqueTopic('cfg-bad');
      const atomic = uniqueTopic('cfg-atomic');
      (
        await admin().createTopics([
          { topic, partitions: 1 },
          { topic: atomic, partitions: 1 },
        ])
      ).throwIfFailed();
      const missing = uniqueTopic('cfg-missing');
      const results = await admin().incrementalAlterConfigs([
        {
          resource: { type: 'topic', name: topic },
          ops: [{ name: 'retention.ms', op: 'set', value: '999999' }],
        },
        {
          resource: { type: 'topic', name: missing },
          ops: [{ name: 'retention.ms', op: 'set', value: '1' }],
        },
        {
          resource: { type: 'topic', name: atomic },
          ops: [
            { name: 'retention.ms', op: 'set', value: '5555' },
            { name: 'no.such.config', op: 'set', value: 'x' },
          ],
        },
        { resource: { type: 'topic', name: '' }, ops: [{ name: 'retention.ms', op: 'set', value: '1' }] },
        { resource: { type: 'broker', name: 'one' }, ops: [] },
      ]);
      assert.deepEqual(
        [...results].map((o) => [o.name, o.error?.code ?? 'ok']),
        [
          [`topic ${topic}`, 'ok'],
          [`topic ${missing}`, 'UNKNOWN_TOPIC_OR_PARTITION'],
          [`topic ${atomic}`, 'INVALID_CONFIG'],
          ['topic ', 'INVALID_ARGUMENT'],
          ['broker one', 'INVALID_ARGUMENT'],
        ],
      );
      assert.match(results.errors[0]?.message ?? '', new RegExp(`^config-resource topic ${missing}: `));
      assert.match(results.error({ type: 'topic', name: atomic })?.message ?? '', /no\.such\.config/);
      assert.equal((await describeConfigsWithTool(cluster, 'topics', topic))['retention.ms'], '999999');
      assert.deepEqual(
        await describeConfigsWithTool(cluster, 'topics', atomic),
        {},
        'nothing of the refused resource applied',
      );
      const invalid = await admin().incrementalAlterConfigs([
        {
          resource: { type: 'topic', name: topic },
          ops: [{ name: 'retention.ms', op: 'set', value: 'soon' }],
        },
      ]);
      assert.equal(invalid.errors[0]?.code, 'INVALID_CONFIG');
    });

    if (options.kafka4) {
      it('client-metrics and group config resources: set, listed (KIP-1142) and described', async () => {
        const name = uniqueTopic('metrics');
        const group = uniqueTopic('group');
        (
          await admin().incrementalAlterConfigs([
            {
              resource: { type: 'client-metrics', name },
              ops: [
                { name: 'metrics', op: 'set', value: 'org.apache.kafka.producer.' },
                { name: 'interval.ms', op: 'set', value: '60000' },
              ],
            },
            {
              resource: { type: 'group', name: group },
              ops: [{ name: 'consumer.session.timeout.ms', op: 'set', value: '50000' }],
            },
          ])
        ).throwIfFailed();
        // The controller accepts the change before every broker has applied it: wait until
        // the broker answering lists both resources (and the group's value) instead of reading once.
        await until(
          'both config resources listed',
          async () => {
            const listed = await admin().listConfigResources();
            return (
              listed.some((r) => r.type === 'client-metrics' && r.name === name) &&
              listed.some((r) => r.type === 'group' && r.name === group)
            );
          },
          brokerWait,
        );
        assert.deepEqual(
          await admin()
            .listConfigResources({ types: ['group'] })
            .then((l) => l.some((r) => r.type !== 'group')),
          false,
        );
        await until(
          'the group config described',
          async () => {
            const described = await admin().describeConfigs([{ type: 'group', name: group }]);
            return entry(described.get(`group ${group}`), 'consumer.session.timeout.ms')?.value === '50000';
          },
          brokerWait,
        );
        assert.equal(
          (await describeConfigsWithTool(cluster, 'client-metrics', name))['interval.ms'],
          '60000',
        );
      });
    }
  });
}
