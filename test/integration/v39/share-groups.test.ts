/**
 * Kafka 3.9 has no share groups (KIP-932 arrived in 4.0, production ready in 4.2): the share
 * consumer and the admin's share-group calls fail with `ShareGroupsUnsupportedError`, an
 * `UnsupportedVersionError` that says which Kafka is needed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShareGroupsUnsupportedError } from '../../../src/cluster/errors.js';
import { UnsupportedVersionError } from '../../../src/net/errors.js';
import { kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

function isShareGroupsUnsupported(error: unknown): boolean {
  assert.ok(error instanceof ShareGroupsUnsupportedError, String(error));
  assert.ok(error instanceof UnsupportedVersionError);
  assert.match(error.message, /Kafka 4\.2 or later/);
  return true;
}

describe('share groups on Kafka 3.9', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-share-v39' });

  it('a share consumer fails with ShareGroupsUnsupportedError naming the Kafka version needed', async () => {
    const topic = uniqueTopic('share-v39');
    (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
    const consumer = kafka.shareConsumer({ groupId: `${topic}-group` });
    consumer.subscribe([topic]);
    await assert.rejects(async () => {
      for await (const r of consumer.records()) assert.fail(`no record can arrive: ${r.offset}`);
    }, isShareGroupsUnsupported);
    assert.equal(consumer.membershipState, 'failed');
    await consumer.close();
  });

  it('the admin share-group calls fail the same way', async () => {
    const admin = kafka.admin();
    await assert.rejects(admin.describeShareGroups(['g']), isShareGroupsUnsupported);
    await assert.rejects(admin.listShareGroupOffsets('g'), isShareGroupsUnsupported);
    await assert.rejects(admin.deleteShareGroupOffsets('g', ['t']), isShareGroupsUnsupported);
  });
});
