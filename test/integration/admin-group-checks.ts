/**
 * The consumer-group admin checks (Kafka 4.x and 3.9): every operation end to end on groups of
 * real kafe consumers, cross-checked with Kafka's `kafka-consumer-groups.sh` — what the tool
 * shows for describe, lag and offsets is what kafe reports, and a reset done by one is read by
 * the other — plus typed per-group errors for bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConsumerGroupDescription } from '../../src/admin/consumer-group-description.js';
import { OffsetResetError, type OffsetResetStrategy } from '../../src/admin/offset-reset-plan.js';
import type { Consumer } from '../../src/consumer/consumer.js';
import { KafeError } from '../../src/protocol/errors.js';
import { brokerWait, until } from '../support/until.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';
import {
  assignedPartitions,
  describeMembersWithTool,
  describeOffsetsWithTool,
  describeStateWithTool,
  listGroupsWithTool,
  resetOffsetsWithTool,
} from './consumer-groups-tool.js';
import { openTransaction } from './open-transaction.js';

/** Which group protocols the profile's brokers run. */
export interface AdminGroupProfile {
  /** KIP-848 groups (Kafka 4.x). */
  readonly kip848: boolean;
}

const codeOf = (e: unknown) => (e instanceof KafeError ? e.code : String(e));

/** The partitions of an assignment of one topic, `0,1,2` (see {@link assignedPartitions}). */
function assignmentCell(d: ConsumerGroupDescription['members'][number]['assignment']): string {
  return d
    .map((p) => p.partition)
    .sort((a, b) => a - b)
    .join(',');
}

/** Whether kafe's members and the tool's rows name the same members with the same partitions. */
function sameMembers(
  described: readonly ConsumerGroupDescription[],
  rows: readonly Record<string, string>[],
): boolean {
  const mine = described.flatMap((d) =>
    d.members.map((m) => `${d.groupId} ${m.memberId} ${assignmentCell(m.assignment)}`),
  );
  const theirs = rows.map(
    (r) => `${r.GROUP} ${r['CONSUMER-ID']} ${assignedPartitions(r.ASSIGNMENT ?? r['CURRENT-ASSIGNMENT'])}`,
  );
  return JSON.stringify(mine.sort()) === JSON.stringify(theirs.sort());
}

/** Registers the suite under `label`. */
export function adminGroupChecks(label: string, profile: AdminGroupProfile): void {
  describe(`Kafka#admin() consumer groups on ${label}`, () => {
    const cluster = clusterUnderTest();
    const kafka = kafkaUnderTest({ clientId: 'kafe-admin-groups', timeoutMs: 30_000 });
    const admin = kafka.admin();
    const topic = uniqueTopic('admin-groups');
    const classic = uniqueTopic('classic');
    const kip848 = uniqueTopic('kip848');
    const idle = uniqueTopic('idle');
    const running: Consumer[] = [];
    // Record timestamps a minute old: old enough to look up by time, young enough that time-based
    // retention never deletes them while the suite runs (1970 timestamps did, moving the log start).
    const t0 = Date.now() - 60_000;

    /** Starts a member of `groupId` on `topic`; resolves once the group gave it partitions. */
    const member = async (groupId: string, options: { kip848?: boolean; instance?: string } = {}) => {
      let owned = -1;
      const c = kafka.consumer({
        groupId,
        groupProtocol: options.kip848 ? 'consumer' : 'classic',
        assignors: ['range'],
        autoOffsetReset: 'earliest',
        ...(options.instance === undefined ? {} : { groupInstanceId: options.instance }),
      });
      c.subscribe([topic], {
        onAssigned: (p) => {
          owned = Math.max(owned, 0) + p.length;
        },
      });
      void c.run({ eachMessage: () => {} });
      running.push(c);
      await until(`a member of ${groupId} owns partitions`, () => owned > 0, brokerWait);
      return c;
    };

    before(async () => {
      (await admin.createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
      await kafka.producer().sendBatch(
        Array.from({ length: 30 }, (_, i) => ({
          topic,
          partition: i % 3,
          value: `v${i}`,
          timestamp: t0 + i,
        })),
      );
      await member(classic, { instance: 'static-a' });
      if (profile.kip848) await member(kip848, { kip848: true });
      // An idle group: offsets committed by an admin, no member (what a reset works on).
      await admin.alterConsumerGroupOffsets(idle, [
        { topic, partition: 0, offset: 4 },
        { topic, partition: 1, offset: 10 },
      ]);
    });
    after(async () => {
      for (const c of running) await c.close();
    });

    it('describes classic and KIP-848 groups as kafka-consumer-groups --describe --members --state does', async () => {
      const groups = profile.kip848 ? [classic, kip848] : [classic];
      // kafe and the tool ask at slightly different moments: a rebalance in between (a member's
      // heartbeat late on a loaded machine) is waited out; a real difference stays and fails.
      const ask = () =>
        Promise.all([
          admin.describeConsumerGroups(groups),
          describeMembersWithTool(cluster, groups),
          describeStateWithTool(cluster, groups),
        ]);
      let [outcomes, members, states] = await ask();
      for (let attempt = 1; attempt < 5 && !sameMembers(outcomes.values(), members); attempt++)
        [outcomes, members, states] = await ask();
      for (const outcome of outcomes) {
        const d = outcome.value;
        assert.ok(d !== undefined, String(outcome.error));
        const state = states.find((r) => r.GROUP === d.groupId);
        // Kafka 4.x prints the KIP-848 columns for classic groups too (CURRENT-ASSIGNMENT, epochs `-`).
        assert.deepEqual(
          d.members.map((m) => [
            m.memberId,
            m.host,
            m.clientId,
            String(m.assignment.length),
            assignmentCell(m.assignment),
          ]),
          members
            .filter((r) => r.GROUP === d.groupId)
            .map((r) => [
              r['CONSUMER-ID'],
              r.HOST,
              r['CLIENT-ID'],
              r['#PARTITIONS'],
              assignedPartitions(r.ASSIGNMENT ?? r['CURRENT-ASSIGNMENT']),
            ]),
        );
        assert.deepEqual(
          [d.state, d.partitionAssignor, String(d.members.length)],
          [state?.STATE, state?.['ASSIGNMENT-STRATEGY'], state?.['#MEMBERS']],
        );
        assert.match(state?.['COORDINATOR(ID)'] ?? '', new RegExp(`\\(${d.coordinator}\\)$`));
        assert.deepEqual(d.members[0]?.subscribedTopics, [topic]);
      }
      assert.deepEqual(
        [outcomes.get(classic).type, outcomes.get(classic).members[0]?.groupInstanceId],
        ['classic', 'static-a'],
      );
      if (profile.kip848) {
        const k = outcomes.get(kip848);
        const state = states.find((r) => r.GROUP === kip848);
        assert.deepEqual(
          [k?.type, String(k?.groupEpoch), String(k?.targetAssignmentEpoch)],
          ['consumer', state?.['GROUP-EPOCH'], state?.['TARGET-ASSIGNMENT-EPOCH']],
        );
        assert.deepEqual(
          k?.members.map((m) => [String(m.memberEpoch), assignmentCell(m.targetAssignment ?? [])]),
          members
            .filter((r) => r.GROUP === kip848)
            .map((r) => [r['CURRENT-EPOCH'], assignedPartitions(r['TARGET-ASSIGNMENT'])]),
        );
      }
    });

    it('lists groups with types and states as kafka-consumer-groups --list does, and filters them', async () => {
      const [mine, tool] = await Promise.all([admin.listGroups(), listGroupsWithTool(cluster)]);
      const ours = new Set([classic, kip848, idle]);
      const shown = (rows: { groupId: string; type: string | undefined; state: string | undefined }[]) =>
        rows
          .filter((g) => ours.has(g.groupId))
          .map((g) => [g.groupId, g.type?.toLowerCase(), g.state])
          .sort();
      assert.deepEqual(
        shown(mine),
        shown(tool.map((r) => ({ groupId: r.GROUP ?? '', type: r.TYPE, state: r.STATE }))),
      );
      assert.ok(mine.some((g) => g.groupId === idle && g.type === 'classic' && g.state === 'Empty'));
      const empty = await admin.listGroups({ states: ['Empty'], types: ['classic'] });
      assert.ok(empty.some((g) => g.groupId === idle));
      assert.ok(!empty.some((g) => g.groupId === classic));
    });

    it('reports lag and committed offsets as kafka-consumer-groups --describe --offsets does', async () => {
      const groups = profile.kip848 ? [idle, kip848] : [idle];
      if (profile.kip848)
        await until(
          'the KIP-848 member committed every record',
          async () => {
            const [offsets] = (await admin.listConsumerGroupOffsets([kip848])).values();
            return offsets?.length === 3 && offsets.every((o) => o.offset === 10n);
          },
          brokerWait,
        );
      const [lags, tool] = await Promise.all([
        admin.consumerGroupLag(groups),
        describeOffsetsWithTool(cluster, groups),
      ]);
      const dash = (v: bigint | null | undefined) => (v === null || v === undefined ? '-' : String(v));
      assert.deepEqual(
        lags
          .values()
          .flatMap((lag) =>
            lag.partitions.map((p) => [
              lag.groupId,
              String(p.partition),
              dash(p.committedOffset),
              dash(p.endOffset),
              dash(p.lag),
              p.memberId ?? '-',
              p.clientId ?? '-',
            ]),
          ),
        tool.map((r) => [
          r.GROUP,
          r.PARTITION,
          r['CURRENT-OFFSET'],
          r['LOG-END-OFFSET'],
          r.LAG,
          r['CONSUMER-ID'],
          r['CLIENT-ID'],
        ]),
      );
      assert.equal(lags.get(idle).totalLag, 6n);
      const [offsets] = await admin.listConsumerGroupOffsets([idle]);
      assert.deepEqual(
        offsets?.value?.map((o) => [o.partition, o.offset]),
        [
          [0, 4n],
          [1, 10n],
        ],
      );
    });

    it('read_committed lag is measured to the last stable offset (an open transaction)', async () => {
      const txnTopic = uniqueTopic('lag-txn');
      const group = uniqueTopic('lag-txn');
      (await admin.createTopics([{ topic: txnTopic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
      await kafka
        .producer()
        .sendBatch(['a', 'b', 'c'].map((value) => ({ topic: txnTopic, partition: 0, value })));
      await admin.alterConsumerGroupOffsets(group, [{ topic: txnTopic, partition: 0, offset: 1 }]);
      const txn = await openTransaction(kafka, txnTopic, 0, 2);
      try {
        const [uncommitted] = await admin.consumerGroupLag([group]);
        const [committed] = await admin.consumerGroupLag([group], { isolationLevel: 'read_committed' });
        assert.deepEqual(
          [uncommitted?.value?.partitions[0]?.endOffset, uncommitted?.value?.totalLag],
          [5n, 4n],
        );
        assert.deepEqual([committed?.value?.partitions[0]?.endOffset, committed?.value?.totalLag], [3n, 2n]);
      } finally {
        await txn.abort();
      }
    });

    it('a reset by the tool is read by kafe, and a reset by kafe is read by the tool', async () => {
      await resetOffsetsWithTool(cluster, idle, ['--topic', `${topic}:0,1`, '--to-offset', '7'], true);
      const [afterTool] = await admin.listConsumerGroupOffsets([idle]);
      assert.deepEqual(
        afterTool?.value?.map((o) => [o.partition, o.offset]),
        [
          [0, 7n],
          [1, 7n],
        ],
      );
      const plan = await admin.resetConsumerGroupOffsets(idle, {
        strategy: { kind: 'shift-by', shift: -2 },
        execute: true,
      });
      assert.deepEqual(
        plan.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset]),
        [
          [0, 7n, 5n],
          [1, 7n, 5n],
        ],
      );
      const tool = await describeOffsetsWithTool(cluster, [idle]);
      assert.deepEqual(
        tool.map((r) => [r.PARTITION, r['CURRENT-OFFSET']]),
        [
          ['0', '5'],
          ['1', '5'],
        ],
      );
    });

    it('plans a reset as the tool plans it (dry run) and refuses a group with members', async () => {
      const forms: [string[], OffsetResetStrategy][] = [
        [['--to-earliest'], { kind: 'to-earliest' }],
        [['--to-datetime', new Date(t0 + 5).toISOString()], { kind: 'to-datetime', timestamp: t0 + 5 }],
      ];
      for (const [args, strategy] of forms) {
        const [mine, tool] = await Promise.all([
          admin.resetConsumerGroupOffsets(idle, { strategy, topics: [topic] }),
          resetOffsetsWithTool(cluster, idle, ['--topic', topic, ...args], false),
        ]);
        assert.deepEqual(
          mine.partitions.map((p) => [String(p.partition), String(p.newOffset)]),
          tool.map((r) => [r.PARTITION, r['NEW-OFFSET']]),
          args.join(' '),
        );
      }
      // Partition 2 has no committed offset to shift (the tool refuses too).
      await assert.rejects(
        admin.resetConsumerGroupOffsets(idle, { strategy: { kind: 'shift-by', shift: 1 }, topics: [topic] }),
        (e) => e instanceof OffsetResetError && e.partition === 2,
      );
      const [offsets] = await admin.listConsumerGroupOffsets([idle]);
      assert.deepEqual(
        offsets?.value?.map((o) => o.offset),
        [5n, 5n],
        'dry runs changed nothing',
      );
      await assert.rejects(
        admin.resetConsumerGroupOffsets(classic, { strategy: { kind: 'to-earliest' }, execute: true }),
        (e) => codeOf(e) === 'NON_EMPTY_GROUP' && /inactive/.test((e as Error).message),
      );
    });

    it('bad input: an empty and an unknown group get typed errors, the others their answers', async () => {
      const described = await admin.describeConsumerGroups(['', uniqueTopic('nobody'), idle]);
      assert.deepEqual(
        [...described].map((o) => (o.error === undefined ? o.value.state : codeOf(o.error))),
        ['INVALID_ARGUMENT', 'GROUP_ID_NOT_FOUND', 'Empty'],
      );
      const listed = await admin.listConsumerGroupOffsets(['', idle]);
      assert.deepEqual(
        [...listed].map((o) => (o.error === undefined ? 'ok' : codeOf(o.error))),
        ['INVALID_ARGUMENT', 'ok'],
      );
      const deleted = await admin.deleteConsumerGroups([uniqueTopic('nobody'), '']);
      assert.deepEqual(
        [...deleted].map((o) => codeOf(o.error)),
        ['GROUP_ID_NOT_FOUND', 'INVALID_ARGUMENT'],
      );
      // A group's error is each of its partitions'.
      const offsetsOfNobody = await admin.deleteConsumerGroupOffsets(uniqueTopic('nobody'), [
        { topic, partition: 0 },
      ]);
      assert.equal(offsetsOfNobody.error(`${topic}/0`)?.code, 'GROUP_ID_NOT_FOUND');
    });

    it('deletes offsets, removes a static member, then deletes the emptied group', async () => {
      const subscribed = await admin.deleteConsumerGroupOffsets(classic, [{ topic, partition: 0 }]);
      assert.equal(subscribed.error(`${topic}/0`)?.code, 'GROUP_SUBSCRIBED_TO_TOPIC');
      const deleted = await admin.deleteConsumerGroupOffsets(idle, [{ topic, partition: 1 }]);
      assert.ok(deleted.ok);
      const [busy] = await admin.deleteConsumerGroups([classic]);
      assert.equal(codeOf(busy?.error), 'NON_EMPTY_GROUP');
      // The static member (KIP-345) does not leave on close; an admin removes it.
      await running.shift()?.close();
      const removed = await admin.removeMembersFromConsumerGroup(classic, {
        members: [{ groupInstanceId: 'static-a' }],
      });
      assert.deepEqual(
        [...removed].map((m) => [m.key.groupInstanceId, m.error]),
        [['static-a', undefined]],
      );
      const [gone] = await admin.deleteConsumerGroups([classic]);
      assert.equal(gone?.error, undefined);
      const [offsets, groups] = await Promise.all([
        describeOffsetsWithTool(cluster, [idle]),
        listGroupsWithTool(cluster),
      ]);
      assert.deepEqual(
        offsets.map((r) => r.PARTITION),
        ['0'],
      );
      assert.ok(!groups.some((r) => r.GROUP === classic));
      if (profile.kip848) {
        // Kafka 4.x removes KIP-848 members with LeaveGroup too (all of them: none named).
        const removedAll = await admin.removeMembersFromConsumerGroup(kip848);
        assert.equal(removedAll.size, 1);
        assert.deepEqual(removedAll.errors, []);
      }
    });
  });
}
