/**
 * The `sasl` profile's cluster runs KRaft's StandardAuthorizer (harness/broker-config.ts),
 * proved with Kafka's own tools: the user without rights authenticates but sees no topic and
 * may create none, a super user may, and a delegation token (the secret is configured) created
 * by the super user authenticates over SCRAM with `tokenauth` (KIP-48) as its owner.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { type JavaClientAuth, runKafkaTool, writeJavaClientConfig } from '../../../harness/java-tools.js';
import {
  clusterUnderTest,
  createTopic,
  listTopics,
  quickClientTimeouts as quick,
  uniqueTopic,
} from '../cluster-under-test.js';

describe('SASL cluster with an authorizer', () => {
  const cluster = clusterUnderTest();
  const topic = uniqueTopic('authorized');
  const nobody = (mechanism: 'PLAIN' | 'SCRAM-SHA-256'): JavaClientAuth => ({
    listener: 'sasl',
    mechanism,
    credentials: testUsers.nobody,
    extra: quick,
  });
  const scram: JavaClientAuth = { listener: 'sasl', mechanism: 'SCRAM-SHA-512', extra: quick };

  it('runs StandardAuthorizer', () => {
    assert.equal(cluster.info.authorizer, true);
  });

  it('lets the user without rights authenticate, and shows it no topic', async () => {
    await createTopic(cluster, topic, 1, 1);
    const listed = await listTopics(cluster, nobody('SCRAM-SHA-256'));
    assert.equal(listed.exitCode, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, new RegExp(topic));
  });

  it('refuses the user without rights a topic', async () => {
    const created = await runKafkaTool(cluster, 'topics', [
      ...['--bootstrap-server', cluster.bootstrapFor('sasl'), '--create', '--topic', uniqueTopic('refused')],
      ...['--command-config', await writeJavaClientConfig(cluster, nobody('PLAIN'))],
    ]);
    assert.notEqual(created.exitCode, 0);
    assert.match(created.stdout + created.stderr, /TopicAuthorizationException/);
  });

  it('creates a delegation token that authenticates as its owner', async () => {
    const created = await runKafkaTool(cluster, 'delegation-tokens', [
      ...['--bootstrap-server', cluster.bootstrapFor('sasl'), '--create', '--max-life-time-period', '-1'],
      ...['--command-config', await writeJavaClientConfig(cluster, scram)],
    ]);
    assert.equal(created.exitCode, 0, created.stderr);
    const row = /^(\S{22})\s+(\S+)\s+User:kafe-scram/m.exec(created.stdout);
    assert.ok(row, created.stdout);
    const listed = await listTopics(cluster, {
      ...scram,
      credentials: { username: row[1]!, password: row[2]! },
      tokenAuth: true,
    });
    assert.equal(listed.exitCode, 0, listed.stderr);
    // Only a super user sees the topic: the token authenticated as kafe-scram.
    assert.match(listed.stdout, new RegExp(topic));
  });
});
