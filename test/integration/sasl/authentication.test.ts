/**
 * The `--security sasl` cluster accepts PLAIN and SCRAM clients with the test credentials and
 * refuses clients that do not authenticate or use a wrong password (Java tools both ways).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JavaClientAuth } from '../../../harness/java-tools.js';
import {
  clusterUnderTest,
  consumeLines,
  createTopic,
  listTopics,
  produceLines,
  quickClientTimeouts as quick,
  uniqueTopic,
} from '../cluster-under-test.js';

describe('SASL_PLAINTEXT listener', () => {
  const cluster = clusterUnderTest();
  const topic = uniqueTopic('sasl');
  const plain: JavaClientAuth = { listener: 'sasl', mechanism: 'PLAIN', extra: quick };

  it('serves a client authenticated with PLAIN', async () => {
    await createTopic(cluster, topic, 1, 1);
    const produced = await produceLines(cluster, topic, ['p1', 'p2', 'p3'], plain);
    assert.equal(produced.exitCode, 0, produced.stderr);
    assert.deepEqual(await consumeLines(cluster, topic, 3, plain), ['p1', 'p2', 'p3']);
  });

  for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
    it(`serves a client authenticated with ${mechanism}`, async () => {
      const result = await listTopics(cluster, { listener: 'sasl', mechanism, extra: quick });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, new RegExp(topic));
    });
  }

  it('refuses a client that does not authenticate', async () => {
    const result = await listTopics(cluster, { listener: 'sasl', extra: quick });
    assert.notEqual(result.exitCode, 0);
    assert.doesNotMatch(result.stdout, new RegExp(topic));
    // A console producer without credentials gets nothing in.
    await produceLines(cluster, topic, ['intruder'], { listener: 'sasl', extra: quick });
    assert.deepEqual(await consumeLines(cluster, topic, 4, plain), ['p1', 'p2', 'p3']);
  });

  it('refuses a wrong password', async () => {
    const result = await listTopics(cluster, {
      listener: 'sasl',
      mechanism: 'SCRAM-SHA-256',
      credentials: { username: 'kafe-scram', password: 'wrong' },
      extra: quick,
    });
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stdout + result.stderr, /Authentication failed|SaslAuthenticationException/);
  });
});
