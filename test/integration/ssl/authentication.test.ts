/**
 * The `--security ssl` cluster: the SSL listener requires a client certificate signed by the
 * test CA; the SASL_SSL listener requires SASL credentials over TLS. Java tools both ways.
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

describe('SSL and SASL_SSL listeners', () => {
  const cluster = clusterUnderTest();
  const topic = uniqueTopic('ssl');
  const mtls: JavaClientAuth = { listener: 'ssl', extra: quick };

  it('serves a client presenting a certificate signed by the test CA', async () => {
    await createTopic(cluster, topic, 1, 1);
    const produced = await produceLines(cluster, topic, ['s1', 's2'], mtls);
    assert.equal(produced.exitCode, 0, produced.stderr);
    assert.deepEqual(await consumeLines(cluster, topic, 2, mtls), ['s1', 's2']);
  });

  it('refuses a TLS client without a certificate', async () => {
    const result = await listTopics(cluster, { listener: 'ssl', clientCertificate: false, extra: quick });
    assert.notEqual(result.exitCode, 0);
    assert.doesNotMatch(result.stdout, new RegExp(topic));
  });

  it('serves SCRAM over SASL_SSL and refuses a client without credentials there', async () => {
    const ok = await listTopics(cluster, { listener: 'saslSsl', mechanism: 'SCRAM-SHA-512', extra: quick });
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(topic));
    const refused = await listTopics(cluster, { listener: 'saslSsl', extra: quick });
    assert.notEqual(refused.exitCode, 0);
  });
});
