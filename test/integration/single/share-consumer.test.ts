/**
 * Share groups (KIP-932) on a real Kafka 4.4: records split between members with no record held
 * by two at once, accept / release / reject and the delivery-attempt limit, a member killed with
 * records acquired, and the admin calls that read a share group back and delete it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import type { ShareRecord } from '../../../src/share/share-record.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, eventually, kafkaUnderTest } from '../cluster-under-test.js';
import { shareFixture } from '../share-checks.js';
import { spawnTsxChild } from '../tsx-child.js';

describe('share consumers on Kafka 4.4', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-share-test' });

  it('three members of one share group on one partition each get records, none held by two at once, together all', async () => {
    const { topic, groupId, values } = await shareFixture(kafka, 'share-three', 150);
    const holders = new Map<string, string>();
    const overlaps: string[] = [];
    const accepted = new Set<string>();
    const perMember = [0, 0, 0];
    // Each member holds its first record until every member has one: the broker then has to
    // hand the others' records to someone else, so the split does not depend on speed.
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const members = [0, 1, 2].map(() =>
      kafka.shareConsumer({
        groupId,
        shareAcknowledgementMode: 'explicit',
        maxPollRecords: 5,
        shareAcquireMode: 'record_limit',
      }),
    );
    const runs = members.map((c, i) => {
      c.subscribe([topic]);
      return c.run({
        eachRecord: async (r: ShareRecord) => {
          const v = r.value!.toString();
          const holder = holders.get(v);
          if (holder !== undefined) overlaps.push(`${v} held by ${holder} and ${i}`);
          holders.set(v, String(i));
          perMember[i] = (perMember[i] ?? 0) + 1;
          if (perMember[i] === 1 && ++started === 3) release();
          await allStarted;
          holders.delete(v);
          r.accept();
          accepted.add(v);
        },
      });
    });
    await until('all records accepted', () => accepted.size === values.length, brokerWait);
    await Promise.all(members.map((c) => c.close()));
    await Promise.all(runs);
    assert.deepEqual(overlaps, []);
    assert.ok(
      perMember.every((n) => n > 0),
      `records per member: ${perMember.join(', ')}`,
    );
    assert.deepEqual([...accepted].sort(), [...values].sort());
  });

  it('reject ends a record, release hands it out again at once with delivery count 2, and nothing is left to deliver', async () => {
    const { topic, groupId } = await shareFixture(kafka, 'share-ack', 3);
    const c = kafka.shareConsumer({ groupId, shareAcknowledgementMode: 'explicit' });
    after(() => c.close());
    c.subscribe([topic]);
    const seen: string[] = [];
    for await (const r of c.records()) {
      const v = r.value!.toString();
      seen.push(`${v}@${r.deliveryCount}`);
      assert.ok(r.lockDeadline > Date.now() - 60_000, 'the lock deadline is a time near now');
      if (v === 'v0') r.reject();
      else if (v === 'v1' && r.deliveryCount === 1) r.release();
      else r.accept();
      const outcomes = await c.commit();
      assert.deepEqual(
        outcomes.map((o) => o.error?.code),
        outcomes.map(() => undefined),
      );
      if (seen.length === 4) break;
    }
    assert.deepEqual(seen.sort(), ['v0@1', 'v1@1', 'v1@2', 'v2@1']);
    // Rejected and accepted records are done for the group: nothing is left to deliver.
    await nothingLeft(groupId, topic);
  });

  it('a record released up to the delivery-attempt limit is archived, not delivered again', async () => {
    const { topic, groupId } = await shareFixture(kafka, 'share-limit', 2, {
      'share.delivery.count.limit': '2',
    });
    const c = kafka.shareConsumer({ groupId, shareAcknowledgementMode: 'explicit' });
    after(() => c.close());
    c.subscribe([topic]);
    const seen: string[] = [];
    for await (const r of c.records()) {
      const v = r.value!.toString();
      seen.push(`${v}@${r.deliveryCount}`);
      if (v === 'v0') r.release();
      else r.accept();
      await c.commit();
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen.sort(), ['v0@1', 'v0@2', 'v1@1']);
    // After its second release v0 reached the limit: archived, nothing is left to deliver.
    await nothingLeft(groupId, topic);
  });

  it('records acquired by a member killed with SIGKILL come back to another member with delivery count 2', async () => {
    const cluster = clusterUnderTest();
    const { topic, groupId, values } = await shareFixture(kafka, 'share-kill', 20, {
      'share.record.lock.duration.ms': '2000',
    });
    const held: string[] = [];
    const child = spawnTsxChild(
      new URL('../share-child.ts', import.meta.url),
      [cluster.bootstrapFor('plaintext'), topic, groupId],
      (line) => held.push(line),
    );
    await until('the child acquired records', () => held.length > 0, brokerWait);
    child.process.kill('SIGKILL');
    await child.closed;
    const heldByChild = new Set(held);
    const c = kafka.shareConsumer({ groupId, shareAcknowledgementMode: 'explicit' });
    after(() => c.close());
    c.subscribe([topic]);
    const counts = new Map<string, number>();
    for await (const r of c.records()) {
      counts.set(r.value!.toString(), r.deliveryCount);
      r.accept();
      if (counts.size === values.length) break;
    }
    await c.commit();
    // What the child printed it held; a fetch in flight when it died may have acquired more
    // (delivery count 2 as well). Nothing else was delivered twice, and nothing was lost.
    for (const v of heldByChild) assert.equal(counts.get(v), 2, v);
    for (const v of values) assert.ok([1, 2].includes(counts.get(v) ?? 0), `${v}: ${counts.get(v)}`);
  });

  it('renew() keeps the acquisition lock for another lock duration and moves lockDeadline (KIP-1222)', async () => {
    const { topic, groupId } = await shareFixture(kafka, 'share-renew', 1);
    const c = kafka.shareConsumer({ groupId, shareAcknowledgementMode: 'explicit' });
    after(() => c.close());
    c.subscribe([topic]);
    for await (const r of c.records()) {
      const before = r.lockDeadline;
      await r.renew();
      assert.ok(r.lockDeadline > before, `${r.lockDeadline} > ${before}`);
      assert.equal(r.acknowledgement, undefined);
      r.accept();
      const outcomes = await c.commit();
      assert.deepEqual(
        outcomes.map((o) => o.error?.code),
        [undefined],
      );
      break;
    }
    await nothingLeft(groupId, topic);
  });

  it('describeShareGroups lists the members and their assignment', async () => {
    const { topic, groupId } = await shareFixture(kafka, 'share-describe', 1);
    const c = kafka.shareConsumer({ groupId });
    after(() => c.close());
    c.subscribe([topic]);
    const it = c.records();
    await it.next();
    const group = (await kafka.admin().describeShareGroups([groupId])).get(groupId);
    assert.equal(group.state, 'Stable');
    assert.deepEqual(
      group.members.map((m) => m.memberId),
      [c.memberId],
    );
    assert.deepEqual(group.members[0]!.assignment, [{ topic, partition: 0 }]);
    await it.return();
  });

  it('alterShareGroupOffsets moves an empty group back (its records are delivered again); deleteShareGroupOffsets forgets the topic', async () => {
    const { topic, groupId, values } = await shareFixture(kafka, 'share-offsets', 3);
    const read = async () => {
      const c = kafka.shareConsumer({ groupId });
      c.subscribe([topic]);
      const got: string[] = [];
      for await (const r of c.records()) {
        got.push(r.value!.toString());
        r.accept();
        if (got.length === values.length) break;
      }
      await c.commit();
      await c.close();
      return got.sort();
    };
    assert.deepEqual(await read(), values);
    await nothingLeft(groupId, topic);
    const admin = kafka.admin();
    const altered = await admin.alterShareGroupOffsets(groupId, [{ topic, partition: 0, startOffset: 0n }]);
    assert.deepEqual(altered, [{ topic, partition: 0, error: undefined }]);
    assert.deepEqual(await read(), values);
    const deleted = await admin.deleteShareGroupOffsets(groupId, [topic]);
    assert.deepEqual(deleted, [{ topic, partition: -1, error: undefined }]);
    const rows = await admin.listShareGroupOffsets(groupId);
    assert.deepEqual(
      rows.filter((r) => r.topic === topic && r.startOffset >= 0n),
      [],
    );
  });

  it('deleteShareGroups refuses a group with a member and deletes an empty one, as kafka-share-groups --list then shows', async () => {
    const { topic, groupId } = await shareFixture(kafka, 'share-delete', 1);
    const admin = kafka.admin();
    const member = kafka.shareConsumer({ groupId });
    member.subscribe([topic]);
    for await (const r of member.records()) {
      r.accept();
      break;
    }
    const [whileMember] = await admin.deleteShareGroups([groupId]);
    assert.equal(whileMember?.error?.code, 'NON_EMPTY_GROUP');
    await member.close();
    const listed = async () => {
      const cluster = clusterUnderTest();
      const result = await runKafkaTool(cluster, 'share-groups', [
        '--bootstrap-server',
        cluster.bootstrapFor('plaintext'),
        '--list',
      ]);
      assert.equal(result.exitCode, 0, result.stderr);
      return result.stdout.split('\n').map((l) => l.trim());
    };
    assert.ok((await listed()).includes(groupId));
    (await admin.deleteShareGroups([groupId])).throwIfFailed();
    assert.ok(!(await listed()).includes(groupId));
    const [gone] = await admin.describeShareGroups([groupId]);
    assert.equal(gone?.error?.code, 'GROUP_ID_NOT_FOUND');
    const [unknown] = await admin.deleteShareGroups([groupId]);
    assert.equal(unknown?.error?.code, 'GROUP_ID_NOT_FOUND');
  });

  /** Waits until the group's lag on the partition is 0 (DescribeShareGroupOffsets v1): every record is done. */
  async function nothingLeft(groupId: string, topic: string): Promise<void> {
    await eventually('share-partition lag 0', 30_000, async () => {
      const [row] = await kafka.admin().listShareGroupOffsets(groupId, [{ topic, partitions: [0] }]);
      return row?.lag === 0n ? true : undefined;
    });
  }
});
