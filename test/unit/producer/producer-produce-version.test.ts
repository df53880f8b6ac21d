/**
 * A broker whose highest Produce version is below 3 (Kafka 0.10 and older) cannot take record
 * batches: the producer refuses it with UnsupportedVersionError naming the version, per record.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { UnsupportedVersionError } from '../../../src/net/errors.js';
import { Producer } from '../../../src/producer/producer.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf } from '../../support/fake-kafka-client.js';

describe('Producer against a broker without record batches', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  before(async () => {
    fake = await FakeKafka.start({ topics: ['t'], apiVersions: { Produce: { min: 0, max: 2 } } });
    cluster = clusterOf(fake);
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  for (const idempotent of [false, true]) {
    it(`fails records with UnsupportedVersionError naming Produce v2 (idempotent: ${idempotent})`, async () => {
      const p = new Producer(cluster, { idempotent, acks: idempotent ? 'all' : 1, deliveryTimeoutMs: 5000 });
      const error = await p.send({ topic: 't', value: 'x' }).catch((e: unknown) => e);
      await p.close({ timeoutMs: 1000 });
      assert.ok(error instanceof UnsupportedVersionError, String(error));
      assert.equal(error.api, 'Produce');
      assert.match(error.message, /Produce v2/);
      assert.equal(fake.requests('Produce').length, 0, 'nothing sent');
    });
  }
});
