/**
 * `Kafka` over SASL_PLAINTEXT: the connection options (SASL, client id) reach every connection
 * the cluster layer opens; wrong credentials fail at once with AuthenticationError, not after
 * the retry deadline, and the password appears in no error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { Kafka } from '../../../src/kafka.js';
import { AuthenticationError } from '../../../src/net/errors.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('Kafka over SASL', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('sasl').split(',');

  it('creates, describes and deletes a topic with SCRAM-SHA-512', async () => {
    const kafka = new Kafka({ brokers, sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.scram } });
    try {
      const topic = uniqueTopic('sasl-admin');
      (await kafka.admin().createTopics([{ topic, partitions: 2 }])).throwIfFailed();
      const d = (await kafka.admin().describeTopics([topic])).get(topic);
      assert.equal(d.partitions.length, 2);
      (await kafka.admin().deleteTopics([topic])).throwIfFailed();
    } finally {
      await kafka.close();
    }
  });

  it('fails fast with AuthenticationError on a wrong password, without printing it', async () => {
    const password = 'wrong-password-kafe-secret';
    const kafka = new Kafka({
      brokers,
      sasl: { mechanism: 'PLAIN', username: testUsers.plain.username, password },
      timeoutMs: 60_000,
    });
    try {
      const error = await kafka
        .admin()
        .listTopics()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.ok(!String(error).includes(password) && !(error.stack ?? '').includes(password));
    } finally {
      await kafka.close();
    }
  });
});
