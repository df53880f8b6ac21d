/**
 * Log lines from kafe's diagnostics channels, with kafe's clients on FakeKafka: one line per
 * event on the logger of the client that caused it (two clients of one process, even with one
 * clientId, never see each other's lines), structured fields, levels, and the defaults
 * (warnings to stderr; `logger: null` silent).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError } from '../../../src/cluster/errors.js';
import { type OffsetResetMessage, offsetResetChannelName } from '../../../src/consumer/offset-reset.js';
import { Kafka } from '../../../src/kafka.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { CapturedLog } from '../../support/captured-log.js';
import { appendValues } from '../../support/fake-kafka-client.js';
import { readRecords } from '../../support/read-records.js';
import { until } from '../../support/until.js';

const fast = { retryBackoffMs: 5, retryBackoffMaxMs: 20, reconnectBackoffMs: 5, reconnectBackoffMaxMs: 20 };

describe('log lines', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({
      brokers: 3,
      topics: [{ name: 'events', partitions: 3 }, 'group-topic', 'retention'],
    });
  });
  after(() => fake.close());

  it("go to their own client's logger, with its clientId, even when two clients share it", async () => {
    const a = new CapturedLog();
    const b = new CapturedLog();
    const ka = new Kafka({
      brokers: fake.bootstrap,
      clientId: 'same',
      logger: a,
      logLevel: 'debug',
      ...fast,
    });
    const kb = new Kafka({
      brokers: fake.bootstrap,
      clientId: 'same',
      logger: b,
      logLevel: 'debug',
      ...fast,
    });
    try {
      await ka.admin().listTopics();
      assert.ok(a.find('connected to broker').length >= 1, a.text());
      assert.equal(b.find('connected to broker').length, 0, b.text());
      assert.equal(a.find('connected to broker')[0]?.fields.clientId, 'same');
      assert.match(String(a.find('connected to broker')[0]?.fields.broker), /^127\.0\.0\.1:\d+$/);
      await kb.admin().listTopics();
      assert.equal(b.find('connected to broker').length, a.find('connected to broker').length);
    } finally {
      await ka.close();
      await kb.close();
    }
    assert.ok(a.find('kafka closed').length === 1, a.text());
  });

  it('a leader move is one line naming topic, partition, old and new leader', async () => {
    const log = new CapturedLog();
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: log, ...fast });
    try {
      await kafka.cluster.refreshTopics(['events']);
      const before = kafka.cluster.metadata.partition('events', 1)!.leaderId;
      fake.moveLeader('events', 1);
      const after = fake.topic('events')!.partitions[1]!.leader;
      await kafka.cluster.refreshTopics(['events']);
      const moved = log.find('partition leaders moved');
      assert.equal(moved.length, 1, log.text());
      assert.equal(moved[0]!.level, 'info');
      assert.deepEqual(moved[0]!.fields.leaders, [
        { topic: 'events', partition: 1, from: before, to: after },
      ]);
      assert.equal(log.find('metadata refreshed').length, 0, 'debug lines are below the default info level');
    } finally {
      await kafka.close();
    }
  });

  it('a rebalance logs what was assigned and revoked with group, member and generation', async () => {
    const log = new CapturedLog();
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: log, ...fast });
    const consumer = kafka.consumer({
      groupId: 'logged-group',
      assignors: ['range'],
      heartbeatIntervalMs: 20,
      maxWaitMs: 20,
      retryBackoffMs: 5,
    });
    try {
      consumer.subscribe(['group-topic']);
      const records = consumer.records()[Symbol.asyncIterator]();
      void records.next().catch(() => undefined);
      await until('assigned', () => log.find('partitions assigned').length === 1);
      const assigned = log.find('partitions assigned')[0]!;
      const member = consumer.groupMember;
      assert.deepEqual(assigned.fields, {
        clientId: 'kafe',
        group: 'logged-group',
        memberId: member.memberId,
        generation: member.generationId,
        partitions: { 'group-topic': [0] },
      });
      fake.rebalance('logged-group');
      await until('revoked and assigned again', () => log.find('partitions assigned').length === 2);
      const revoked = log.find('partitions revoked');
      assert.equal(revoked.length, 1, log.text());
      assert.deepEqual(revoked[0]!.fields.partitions, { 'group-topic': [0] });
      assert.equal(revoked[0]!.fields.generation, member.generationId);
      assert.equal(log.find('partitions assigned')[1]!.fields.generation, consumer.groupMember.generationId);
    } finally {
      await kafka.close();
    }
  });

  it('a killed broker: the lost connection at info, failed reconnects at warn, with the reason', async () => {
    const local = await FakeKafka.start({ brokers: 1, topics: ['t'] });
    const log = new CapturedLog();
    const kafka = new Kafka({ brokers: local.bootstrap, logger: log, timeoutMs: 300, ...fast });
    try {
      await kafka.admin().listTopics();
      await local.killBroker(0);
      await until('disconnected', () => log.find('disconnected from broker').length >= 1);
      await assert.rejects(kafka.admin().listTopics(), { code: 'DEADLINE_EXCEEDED' });
      const failed = log.find('could not connect to broker');
      assert.ok(failed.length >= 1, log.text());
      assert.equal(failed[0]!.level, 'warn');
      assert.equal(typeof failed[0]!.fields.error, 'string');
      const gaveUp = log.find('retries exhausted');
      assert.ok(gaveUp.length >= 1, log.text());
      assert.equal(gaveUp[0]!.level, 'warn');
      assert.equal(gaveUp[0]!.fields.timeoutMs, 300);
    } finally {
      await kafka.close();
      await local.close();
    }
  });

  it('a position that fell out of the log is a warning with both offsets and the records skipped', async () => {
    const log = new CapturedLog();
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: log, ...fast });
    const messages: OffsetResetMessage[] = [];
    const onReset = (m: unknown) => messages.push(m as OffsetResetMessage);
    diagnostics.subscribe(offsetResetChannelName, onReset);
    try {
      appendValues(fake, 'retention', 0, ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
      // Retention removed offsets 0-3 while the consumer was at 1: records 1, 2 and 3 are gone.
      fake.deleteRecordsBefore('retention', 0, 4n);
      const consumer = kafka.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 20, retryBackoffMs: 5 });
      consumer.assign([{ topic: 'retention', partition: 0, offset: 1n }]);
      const got = await readRecords(consumer, 2);
      assert.deepEqual(
        got.map((r) => r.offset),
        [4n, 5n],
      );
      assert.equal(consumer.stats.outOfRangeResets, 1);
      assert.deepEqual(
        messages.map(({ client: _, ...m }) => m),
        [{ topic: 'retention', partition: 0, from: 1n, to: 4n, policy: 'earliest' }],
      );
      const lines = log.find('fetch position out of range, reset');
      assert.equal(lines.length, 1, log.text());
      assert.equal(lines[0]!.level, 'warn');
      assert.deepEqual(lines[0]!.fields, {
        clientId: 'kafe',
        topic: 'retention',
        partition: 0,
        from: 1n,
        to: 4n,
        policy: 'earliest',
        skipped: 3n,
      });
    } finally {
      diagnostics.unsubscribe(offsetResetChannelName, onReset);
      await kafka.close();
    }
  });

  it('logLevel filters; logger null and level silent write nothing; a throwing logger changes nothing', async () => {
    const log = new CapturedLog();
    const throwing = {
      debug: () => {
        throw new Error('broken logger');
      },
      info: () => {
        throw new Error('broken logger');
      },
      warn: () => {
        throw new Error('broken logger');
      },
      error: () => {
        throw new Error('broken logger');
      },
    };
    const clients = [
      new Kafka({ brokers: fake.bootstrap, logger: log, logLevel: 'warn' }),
      new Kafka({ brokers: fake.bootstrap, logger: null }),
      new Kafka({ brokers: fake.bootstrap, logLevel: 'silent' }),
      new Kafka({ brokers: fake.bootstrap, logger: throwing, logLevel: 'debug' }),
    ];
    for (const k of clients) await k.admin().listTopics();
    for (const k of clients) await k.close();
    assert.deepEqual(log.lines, []);
  });

  it('refuses a logger without the four methods, naming the option', () => {
    assert.throws(
      () => new Kafka({ brokers: fake.bootstrap, logger: { info() {} } as never }),
      (e: unknown) => e instanceof ConfigurationError && e.option === 'logger',
    );
    assert.throws(
      () => new Kafka({ brokers: fake.bootstrap, logLevel: 'verbose' as never }),
      (e: unknown) => e instanceof ConfigurationError && e.option === 'logLevel',
    );
  });

  it('by default, warnings go to stderr and nothing else is written', () => {
    // A port nothing listens on: every connect fails (a warning), the call gives up (a warning).
    const script = `
      import { Kafka } from './src/kafka.ts';
      const kafka = new Kafka({ brokers: ['127.0.0.1:1'], timeoutMs: 200, reconnectBackoffMs: 5 });
      await kafka.admin().listTopics().catch(() => {});
      await kafka.close();
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, '');
    const lines = child.stderr.trim().split('\n');
    assert.ok(lines.length >= 2, child.stderr);
    for (const line of lines) assert.match(line, /^kafe (warn|error): /);
    assert.ok(
      lines.some((l) =>
        l.startsWith('kafe warn: could not connect to broker {"clientId":"kafe","broker":"127.0.0.1:1"'),
      ),
      child.stderr,
    );
    assert.ok(
      lines.some((l) => l.startsWith('kafe warn: retries exhausted')),
      child.stderr,
    );
  });
});
