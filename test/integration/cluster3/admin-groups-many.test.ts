/**
 * Many groups at once on three brokers: the offsets of 200 groups, whose coordinators are spread
 * over the brokers, are listed with one FindCoordinator and one OffsetFetch per coordinator
 * (KIP-699, KIP-709), counted on the `kafe:net:request` channel; each group is described by its
 * own coordinator.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { channelNames, type RequestMessage } from '../../../src/net/diagnostics.js';
import { kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('consumer-group admin with many groups (3 brokers)', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-admin-many', timeoutMs: 60_000 });
  const admin = kafka.admin();
  // A client of its own for the listing: no coordinator cached from the commits before it.
  const lister = kafkaUnderTest({ clientId: 'kafe-admin-many-lister', timeoutMs: 60_000 }).admin();

  it("lists 200 groups' offsets with one OffsetFetch per coordinator", async () => {
    const topic = uniqueTopic('many-groups');
    (await admin.createTopics([{ topic, partitions: 2, replicationFactor: 3 }])).throwIfFailed();
    const prefix = uniqueTopic('g');
    const groups = Array.from({ length: 200 }, (_, i) => `${prefix}-${i}`);
    const results = await Promise.all(
      groups.map((g, i) => admin.alterConsumerGroupOffsets(g, [{ topic, partition: i % 2, offset: i }])),
    );
    assert.ok(results.every((r) => r.ok));
    const sent: RequestMessage[] = [];
    const onRequest = (m: unknown) => sent.push(m as RequestMessage);
    diagnostics.subscribe(channelNames.request, onRequest);
    let listed: Awaited<ReturnType<typeof admin.listConsumerGroupOffsets>>;
    try {
      listed = await lister.listConsumerGroupOffsets(groups);
    } finally {
      diagnostics.unsubscribe(channelNames.request, onRequest);
    }
    assert.deepEqual(
      [...listed].map((o) => o.value?.map((c) => [c.partition, c.offset])),
      groups.map((_, i) => [[i % 2, BigInt(i)]]),
    );
    const described = await admin.describeConsumerGroups(groups);
    const coordinators = new Set(described.values().map((d) => d.coordinator));
    assert.ok(coordinators.size > 1, 'the groups have coordinators on several brokers');
    const count = (api: string) => sent.filter((m) => m.api === api).length;
    assert.equal(count('FindCoordinator'), 1);
    assert.equal(count('OffsetFetch'), coordinators.size);
    const deleted = await admin.deleteConsumerGroups(groups);
    assert.deepEqual(deleted.errors, []);
  });
});
