/** `Kafka` over mutual TLS: the TLS options reach every connection the cluster layer opens. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('Kafka over TLS', () => {
  const cluster = clusterUnderTest();

  it('creates and lists a topic over mutual TLS', async () => {
    const certs = cluster.info.certificates!;
    const kafka = new Kafka({
      brokers: cluster.bootstrapFor('ssl').split(','),
      tls: {
        ca: readFileSync(certs.caPem),
        pfx: readFileSync(certs.clientKeystore),
        passphrase: certs.password,
      },
    });
    try {
      const topic = uniqueTopic('tls-admin');
      (await kafka.admin().createTopics([{ topic, partitions: 1 }])).throwIfFailed();
      assert.ok((await kafka.admin().listTopics()).some((t) => t.topic === topic));
    } finally {
      await kafka.close();
    }
  });
});
