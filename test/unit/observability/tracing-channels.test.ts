/**
 * The tracing channels on FakeKafka: every request to a broker, every send, fetch, handler
 * call, commit and group request starts and settles on its channel with the documented
 * context, the operation runs inside the channel's `start` stores (an AsyncLocalStorage bound
 * to it is current in the operation), a `start` subscriber can replace the records a send
 * sends, and with nobody subscribed no context is built.
 */
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import { kafeTracingChannel, traced } from '../../../src/net/tracing.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { until } from '../../support/until.js';

const names = [
  'request',
  'producer:send',
  'consumer:fetch',
  'consumer:process',
  'consumer:commit',
  'consumer:join',
  'consumer:sync',
  'consumer:heartbeat',
  'consumer:leave',
] as const;

const noop = () => {};

interface Seen {
  readonly name: string;
  readonly phase: 'start' | 'asyncEnd' | 'error';
  readonly context: Record<string, unknown>;
}

describe('tracing channels', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  const seen: Seen[] = [];
  const handlers = names.map((name) => {
    const h = {
      end: noop,
      asyncStart: noop,
      start: (context: object) =>
        seen.push({ name, phase: 'start', context: context as Record<string, unknown> }),
      asyncEnd: (context: object) =>
        seen.push({ name, phase: 'asyncEnd', context: context as Record<string, unknown> }),
      error: (context: object) =>
        seen.push({ name, phase: 'error', context: context as Record<string, unknown> }),
    };
    return { name, h };
  });
  const started = (name: string) => seen.filter((s) => s.name === name && s.phase === 'start');
  const ended = (name: string) => seen.filter((s) => s.name === name && s.phase === 'asyncEnd');

  before(async () => {
    fake = await FakeKafka.start({ topics: ['traced'] });
    for (const { name, h } of handlers) diagnostics.tracingChannel(`kafe:${name}`).subscribe(h);
  });
  after(async () => {
    for (const { name, h } of handlers) diagnostics.tracingChannel(`kafe:${name}`).unsubscribe(h);
    await fake.close();
  });

  it('a send, its requests, a group member, its fetches, handler calls and commits', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'traced-client', logger: null });
    try {
      const producer = kafka.producer();
      const meta = await producer.send({ topic: 'traced', value: 'one' });
      await producer.sendBatch([
        { topic: 'traced', value: 'two' },
        { topic: 'traced', value: 'three' },
      ]);
      const sends = started('producer:send');
      assert.deepEqual(
        sends.map((s) => [s.context.batch, (s.context.records as unknown[]).length]),
        [
          [false, 1],
          [true, 2],
        ],
      );
      assert.deepEqual(ended('producer:send')[0]!.context.result, meta);
      const produce = ended('request').find((s) => s.context.api === 'Produce')!;
      assert.ok(produce, 'a Produce request was traced');
      assert.equal((produce.context.client as { clientId: string }).clientId, 'traced-client');
      assert.match(String(produce.context.broker), /^127\.0\.0\.1:\d+$/);
      assert.ok((produce.context.version as number) >= 3 && (produce.context.size as number) > 0);
      assert.ok((produce.context.result as { responses: unknown[] }).responses.length === 1);

      const consumer = kafka.consumer({
        groupId: 'traced-group',
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: 20,
        maxWaitMs: 20,
      });
      consumer.subscribe(['traced']);
      const values: string[] = [];
      void consumer.run({
        eachMessage: (r) => {
          values.push(r.value!.toString());
        },
      });
      await until('three records handled', () => values.length === 3);
      await consumer.commit();
      await until('a heartbeat', () => ended('consumer:heartbeat').length >= 1);
      for (const name of ['consumer:join', 'consumer:sync', 'consumer:heartbeat'])
        assert.deepEqual(
          Object.keys(started(name)[0]!.context)
            .filter((k) => k !== 'result' && k !== 'error')
            .sort(),
          ['client', 'generationId', 'group', 'memberId'],
          name,
        );
      assert.equal(started('consumer:sync')[0]!.context.group, 'traced-group');
      assert.equal(started('consumer:heartbeat')[0]!.context.memberId, consumer.groupMember.memberId);
      const processed = ended('consumer:process').map((s) => s.context);
      assert.deepEqual(
        processed.map((c) => [c.topic, c.partition, c.group, (c.record as { offset: bigint }).offset]),
        [
          ['traced', 0, 'traced-group', 0n],
          ['traced', 0, 'traced-group', 1n],
          ['traced', 0, 'traced-group', 2n],
        ],
      );
      assert.ok(started('consumer:fetch').length >= 1);
      assert.equal(started('consumer:fetch')[0]!.context.nodeId, 0);
      const commit = ended('consumer:commit').at(-1)!.context;
      assert.deepEqual(commit.offsets, [{ topic: 'traced', partition: 0, offset: 3n, leaderEpoch: 0 }]);
      await consumer.close();
      assert.equal(ended('consumer:leave').length, 1);
    } finally {
      await kafka.close();
    }
    // Only requests the close cut short (a Fetch waiting at the broker) failed, and heartbeats
    // whose deadline (twice the 20 ms interval) passed on a busy machine: the next one follows.
    assert.deepEqual(
      seen
        .filter((s) => s.phase === 'error')
        .map((s) => `${s.name} ${(s.context.error as { code?: string }).code}`)
        .filter(
          (e) =>
            !/^(request (REQUEST_ABORTED|CONNECTION_CLOSED)|consumer:heartbeat DEADLINE_EXCEEDED)$/.test(e),
        ),
      [],
    );
  });

  it('a start subscriber may replace the records a send sends (trace headers)', async () => {
    const channel = diagnostics.tracingChannel('kafe:producer:send');
    const inject = {
      end: noop,
      asyncStart: noop,
      asyncEnd: noop,
      error: noop,
      start: (context: object) => {
        const c = context as { records: { headers?: Record<string, string> }[] };
        c.records = c.records.map((r) => ({ ...r, headers: { ...r.headers, traceparent: 'x' } }));
      },
    };
    channel.subscribe(inject);
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: null });
    try {
      const record = { topic: 'traced', value: 'with header' };
      const { offset } = await kafka.producer().send(record);
      assert.equal(Object.hasOwn(record, 'headers'), false, "the caller's record is left alone");
      const stored = fake.records('traced', 0).find((r) => r.offset === offset)!;
      assert.deepEqual(
        stored.headers.map((h) => [h.key, Buffer.from(h.value!).toString()]),
        [['traceparent', 'x']],
      );
    } finally {
      channel.unsubscribe(inject);
      await kafka.close();
    }
  });

  it('the operation runs in the start stores: an AsyncLocalStorage bound there is current', async () => {
    const store = new AsyncLocalStorage<string>();
    const channel = kafeTracingChannel<{ id: string }>('test:stores');
    channel.start.bindStore(store, (context) => context.id);
    try {
      const inside = await traced(
        channel,
        () => ({ id: 'span-1' }),
        async () => {
          await new Promise((r) => setImmediate(r));
          return store.getStore();
        },
      );
      assert.equal(inside, 'span-1');
    } finally {
      channel.start.unbindStore(store);
    }
  });

  it('with nobody subscribed, no context is built and the operation runs as it is', async () => {
    const channel = kafeTracingChannel<object>('test:nobody');
    let built = 0;
    const result = await traced(
      channel,
      () => {
        built++;
        return {};
      },
      async () => 42,
    );
    assert.equal(result, 42);
    assert.equal(built, 0);
  });
});
