import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it, mock } from 'node:test';
import { Connection, type ConnectionOptions } from '../../../src/net/connection.js';
import { channelNames, type QueueMessage, type RequestMessage } from '../../../src/net/diagnostics.js';
import {
  ConnectionClosedError,
  ConnectionError,
  FrameTooLargeError,
  RequestAbortedError,
  RequestTimeoutError,
  UnsupportedVersionError,
} from '../../../src/net/errors.js';
import { DecodeError, KafeError } from '../../../src/protocol/errors.js';
import { apiKeys } from '../../../src/protocol/messages/index.js';
import { FakeKafka, type FakeRequest } from '../../../src/testing/index.js';

/** A Metadata request whose single topic name carries `n`, answered with controllerId = n. */
const metadataRequest = (n: number) => ({ topics: [{ name: `t-${n}`, topicId: undefined }] });
const echo = (r: FakeRequest) => Number(String(r.body.topics[0].name).slice(2));
const metadataAnswer = (n: number, throttleTimeMs = 0) => ({
  throttleTimeMs,
  brokers: [],
  controllerId: n,
  topics: [],
});

async function connect(broker: FakeKafka, options: Partial<ConnectionOptions> = {}): Promise<Connection> {
  return Connection.connect({
    host: '127.0.0.1',
    port: broker.brokers[0]!.port,
    requestTimeoutMs: 5000,
    ...options,
  });
}

describe('Connection against the fake broker', () => {
  let broker: FakeKafka;
  before(async () => {
    // SaslAuthenticate carries the big requests of the backpressure test; a control hook answers it.
    broker = await FakeKafka.start({ apiVersions: { SaslAuthenticate: { min: 0, max: 2 } } });
  });
  after(() => broker.close());

  it('negotiates versions with ApiVersions at kafe newest version and a client software name', async () => {
    const c = await connect(broker);
    const sent = broker.requests('ApiVersions').at(-1)!;
    assert.equal(sent.apiVersion, apiKeys.ApiVersions.maxVersion);
    assert.equal(sent.body.clientSoftwareName, 'kafe');
    assert.equal(sent.clientId, 'kafe');
    assert.equal(c.versionFor('Metadata'), apiKeys.Metadata.maxVersion);
    assert.equal(c.versionFor(apiKeys.Fetch.key), apiKeys.Fetch.maxVersion);
    await c.close();
  });

  it('uses flexible request headers (v2) for flexible versions and v1 below', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)) }));
    const c = await connect(broker, { maxVersions: { Metadata: 8 } });
    assert.equal(c.versionFor('Metadata'), 8);
    const old = await c.send('Metadata', metadataRequest(8));
    assert.equal(old.controllerId, 8);
    const flexible = await c.send('Metadata', metadataRequest(12), { version: 12 });
    assert.equal(flexible.controllerId, 12);
    const seen = broker.requests('Metadata').slice(-2);
    assert.deepEqual(
      seen.map((r) => [r.apiVersion, r.body.topics[0].name]),
      [
        [8, 't-8'],
        [12, 't-12'],
      ],
    );
    await c.close();
  });

  it('pipelines requests and matches each response to its request', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)), delayMs: echo(r) % 3 }));
    const c = await connect(broker);
    const before = broker.requests().length;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => c.send('Metadata', metadataRequest(i))),
    );
    assert.deepEqual(
      results.map((r) => r.controllerId),
      Array.from({ length: 50 }, (_, i) => i),
    );
    // Requests reached the broker while earlier ones were still unanswered: they were pipelined.
    const seen = broker.requests().slice(before);
    assert.ok(
      seen.some((r) => r.outstanding > 0),
      'no request was sent before the previous answer',
    );
    await c.close();
  });

  it('closes the connection when a written request times out, failing the others as retriable', async () => {
    // A hung broker: it never answers; request 2 is pipelined behind request 1.
    broker.control('Metadata', () => ({ noResponse: true }));
    const c = await connect(broker);
    const connections = broker.connectionCount(0);
    const timedOut = c.send('Metadata', metadataRequest(1), { timeoutMs: 50 });
    const other = c.send('Metadata', metadataRequest(2), { timeoutMs: 5000 });
    await assert.rejects(timedOut, RequestTimeoutError);
    const error = await other.then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConnectionClosedError);
    assert.equal(error.retriable, true);
    assert.ok(error.cause instanceof RequestTimeoutError);
    assert.equal(c.isClosed, true);
    assert.ok((await c.closed) instanceof ConnectionClosedError);
    await assert.rejects(c.send('Metadata', metadataRequest(3)), ConnectionClosedError);
    // No new connection was opened behind the caller's back: reconnecting is the pool's job.
    assert.equal(broker.connectionCount(0), connections);
  });

  it('keeps the connection when a request is aborted, and drops its late response', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)), delayMs: echo(r) === 1 ? 100 : 0 }));
    const c = await connect(broker);
    const connections = broker.connectionCount(0);
    const controller = new AbortController();
    const aborted = c.send('Metadata', metadataRequest(1), { signal: controller.signal });
    // Request 2 is written behind 1, so its answer comes after 1's late one.
    const next = c.send('Metadata', metadataRequest(2));
    controller.abort();
    await assert.rejects(aborted, RequestAbortedError);
    assert.equal((await next).controllerId, 2);
    assert.equal((await c.send('Metadata', metadataRequest(3))).controllerId, 3);
    assert.equal(c.isClosed, false);
    assert.equal(broker.connectionCount(0), connections);
    await c.close();
  });

  it('fails a request that times out while queued without closing the connection', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r), echo(r) === 1 ? 60_000 : 0) }));
    const c = await connect(broker);
    // Request 1's answer throttles the connection, so request 2 times out unwritten.
    await c.send('Metadata', metadataRequest(1));
    const start = broker.requests('Metadata').length;
    await assert.rejects(c.send('Metadata', metadataRequest(2), { timeoutMs: 30 }), RequestTimeoutError);
    assert.equal(c.isClosed, false);
    assert.equal(broker.requests('Metadata').length, start);
    await c.close();
  });

  it('aborts a request with its AbortSignal, and never sends one aborted before', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)), delayMs: 100 }));
    const c = await connect(broker);
    const start = broker.requests('Metadata').length;
    const controller = new AbortController();
    const pending = c.send('Metadata', metadataRequest(3), { signal: controller.signal });
    controller.abort(new Error('user gave up'));
    const error = await pending.then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RequestAbortedError);
    assert.equal((error.cause as Error).message, 'user gave up');

    await assert.rejects(
      c.send('Metadata', metadataRequest(4), { signal: AbortSignal.abort() }),
      RequestAbortedError,
    );
    const next = await c.send('Metadata', metadataRequest(5));
    assert.equal(next.controllerId, 5);
    // 3 and 5 reached the broker; 4 was never written.
    assert.deepEqual(broker.requests('Metadata').slice(start).map(echo), [3, 5]);
    await c.close();
  });

  it('close() fails pending requests with ConnectionClosedError and refuses new ones', async () => {
    broker.control('Metadata', () => ({ noResponse: true }));
    const c = await connect(broker);
    const pending = assert.rejects(c.send('Metadata', metadataRequest(6)), ConnectionClosedError);
    const closing = c.close();
    assert.equal(c.close(), closing, 'every close() returns the same promise');
    await closing;
    await pending;
    await assert.rejects(c.send('Metadata', metadataRequest(7)), ConnectionClosedError);
    assert.equal(await c.closed, undefined);
  });

  it('close() does not wait for the broker to answer a request still in flight', async () => {
    // A Kafka broker reads nothing more on a connection while it works on a request (a Fetch
    // held for maxWaitMs): it sees the client's FIN only after answering. pauseReading plays that.
    const held = await FakeKafka.start();
    held.control('Metadata', () => ({ noResponse: true }));
    const c = await connect(held);
    try {
      const pending = c.send('Metadata', metadataRequest(9)).catch((e: unknown) => e);
      for (let i = 0; i < 1000 && held.requests('Metadata').length === 0; i++)
        await new Promise((r) => setImmediate(r));
      assert.equal(held.requests('Metadata').length, 1, 'the request reached the broker');
      held.pauseReading();
      // The 1 s guard against a peer that never closes cannot end this close: timers are frozen.
      mock.timers.enable({ apis: ['setTimeout'] });
      let closed = false;
      const closing = c.close().then(() => {
        closed = true;
      });
      for (let i = 0; i < 10_000 && !closed; i++) await new Promise((r) => setImmediate(r));
      assert.ok(closed, 'close() waited for the broker to answer or close its side');
      await closing;
      assert.ok((await pending) instanceof ConnectionClosedError);
    } finally {
      mock.timers.reset();
      held.resumeReading();
      await c.close();
      await held.close();
    }
  });

  it('refuses a hostile 2 GB size prefix with FrameTooLargeError and closes', async () => {
    const giant = Buffer.alloc(8);
    giant.writeInt32BE(0x7fff_fff0, 0);
    broker.control('Metadata', () => ({ raw: giant }));
    const c = await connect(broker, { maxResponseSize: 1024 * 1024 });
    const error = await c.send('Metadata', metadataRequest(8)).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof FrameTooLargeError && error instanceof KafeError);
    assert.equal(error.size, 0x7fff_fff0);
    assert.ok((await c.closed) instanceof FrameTooLargeError);
    assert.equal(c.isClosed, true);
  });

  it('refuses a negative size prefix', async () => {
    broker.control('Metadata', () => ({ raw: Buffer.from([0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0]) }));
    const c = await connect(broker);
    await assert.rejects(c.send('Metadata', metadataRequest(9)), ConnectionError);
    assert.equal(c.isClosed, true);
  });

  it('closes on a response whose correlation id matches no request in flight', async () => {
    const frame = Buffer.alloc(12);
    frame.writeInt32BE(8, 0);
    frame.writeInt32BE(987654, 4);
    broker.control('Metadata', () => ({ raw: frame }));
    const c = await connect(broker);
    await assert.rejects(c.send('Metadata', metadataRequest(10)), /correlation id 987654 out of order/);
    assert.ok((await c.closed) instanceof ConnectionError);
  });

  it('fails only the request whose body is garbage with a DecodeError', async () => {
    broker.control('Metadata', (r) => {
      if (echo(r) !== 11) return { body: metadataAnswer(echo(r)) };
      const frame = Buffer.alloc(4 + 4 + 3);
      frame.writeInt32BE(7, 0);
      frame.writeInt32BE(r.correlationId, 4);
      frame.set([0xde, 0xad, 0xbe], 8);
      return { raw: frame };
    });
    const c = await connect(broker, { maxVersions: { Metadata: 8 } });
    await assert.rejects(c.send('Metadata', metadataRequest(11)), DecodeError);
    assert.equal((await c.send('Metadata', metadataRequest(12))).controllerId, 12);
    await c.close();
  });

  it('fails pending requests when the broker closes mid-response', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)), closeAfterBytes: 9 }));
    const c = await connect(broker);
    const other = c.send('Metadata', metadataRequest(14));
    await assert.rejects(c.send('Metadata', metadataRequest(13)), ConnectionClosedError);
    await assert.rejects(other, ConnectionClosedError);
    assert.ok((await c.closed) instanceof ConnectionClosedError);
  });

  it('sends requests that get no response (acks=0) without confusing correlation', async () => {
    broker.control('Produce', () => ({ noResponse: true }));
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)) }));
    const c = await connect(broker);
    const produce = { acks: 0, timeoutMs: 1000, topicData: [] };
    await c.sendWithoutResponse('Produce', produce);
    await c.sendWithoutResponse('Produce', produce);
    assert.equal((await c.send('Metadata', metadataRequest(15))).controllerId, 15);
    assert.equal(c.inFlightCount, 0);
    await c.close();
  });

  it('stops writing when the socket buffer is full and resumes on drain', async () => {
    broker.control('SaslAuthenticate', () => ({
      body: { errorCode: 0, errorMessage: null, authBytes: Buffer.alloc(0) },
    }));
    const c = await connect(broker);
    const written: RequestMessage[] = [];
    const onRequest = (m: unknown) => written.push(m as RequestMessage);
    const queued: number[] = [];
    const onQueue = (m: unknown) => queued.push((m as QueueMessage).queued);
    diagnostics.subscribe(channelNames.request, onRequest);
    diagnostics.subscribe(channelNames.queue, onQueue);
    try {
      broker.pauseReading();
      const big = Buffer.alloc(1024 * 1024, 1);
      const sends = Array.from({ length: 64 }, () =>
        c.send('SaslAuthenticate', { authBytes: big }, { version: 2, timeoutMs: 0 }),
      );
      await new Promise((r) => setTimeout(r, 50));
      // The socket refused more than some megabytes: the rest waits in kafe's queue, unwritten.
      assert.ok(written.length < 64, `all ${written.length} requests were written despite backpressure`);
      // kafe:net:queue says how many wait: every request not written yet.
      assert.equal(queued.at(-1), 64 - written.length);
      broker.resumeReading();
      const results = await Promise.all(sends);
      assert.equal(results.length, 64);
      assert.equal(written.length, 64);
      assert.equal(queued.at(-1), 0);
    } finally {
      diagnostics.unsubscribe(channelNames.queue, onQueue);
      diagnostics.unsubscribe(channelNames.request, onRequest);
      await c.close();
    }
  });

  it('publishes requests and responses on diagnostics channels without bodies', async () => {
    broker.control('Metadata', (r) => ({ body: metadataAnswer(echo(r)) }));
    const c = await connect(broker);
    const seen: { channel: string; message: Record<string, unknown> }[] = [];
    const subscriber = (name: string) => (m: unknown) =>
      seen.push({ channel: name, message: m as Record<string, unknown> });
    const onRequest = subscriber('request');
    const onResponse = subscriber('response');
    diagnostics.subscribe(channelNames.request, onRequest);
    diagnostics.subscribe(channelNames.response, onResponse);
    try {
      await c.send('Metadata', metadataRequest(16));
    } finally {
      diagnostics.unsubscribe(channelNames.request, onRequest);
      diagnostics.unsubscribe(channelNames.response, onResponse);
    }
    assert.deepEqual(
      seen.map((s) => [s.channel, s.message.api, s.message.error]),
      [
        ['request', 'Metadata', undefined],
        ['response', 'Metadata', undefined],
      ],
    );
    assert.ok(seen.every((s) => !('body' in s.message) && !('request' in s.message)));
    await c.close();
  });
});

describe('ApiVersions negotiation', () => {
  it('retries with the version the broker supports when it refuses the newest (KIP-511)', async () => {
    const broker = await FakeKafka.start({ apiVersions: { ApiVersions: { min: 0, max: 2 } } });
    try {
      const c = await connect(broker);
      assert.deepEqual(
        broker.requests('ApiVersions').map((r) => r.apiVersion),
        [apiKeys.ApiVersions.maxVersion, 2],
      );
      assert.equal(c.versionFor('ApiVersions'), 2);
      assert.equal(c.versionFor('Metadata'), apiKeys.Metadata.maxVersion);
      await c.close();
    } finally {
      await broker.close();
    }
  });

  it('uses the highest common version, honours pins, and names an unsupported API', async () => {
    const broker = await FakeKafka.start({
      apiVersions: {
        Metadata: { min: 0, max: 9 },
        DescribeCluster: null,
        Fetch: { min: 0, max: 3 },
        ShareFetch: { min: 0, max: 0 },
      },
    });
    try {
      const c = await connect(broker, { maxVersions: { Produce: 7 } });
      assert.equal(c.versionFor('Metadata'), 9);
      assert.equal(c.versionFor('Produce'), 7);
      assert.throws(() => c.versionFor('DescribeCluster'), UnsupportedVersionError);
      // Fetch 0-3 are kafe's legacy versions (from the 3.9.2 specs): a broker capped at 3 gets 3.
      assert.equal(c.versionFor('Fetch'), 3);
      // kafe speaks ShareFetch 1+, the broker only 3.9's early-access v0: no common version.
      assert.throws(
        () => c.versionFor('ShareFetch'),
        /ShareFetch cannot be used: the broker supports 0-0, kafe supports 1-/,
      );
      const error = await c.send('DescribeCluster', { includeClusterAuthorizedOperations: false }).then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof UnsupportedVersionError);
      assert.equal(error.api, 'DescribeCluster');
      await assert.rejects(c.send('Metadata', { topics: null }, { version: 10 }), UnsupportedVersionError);
      await c.close();
    } finally {
      await broker.close();
    }
  });

  it('fails to connect with a typed error when the broker never answers ApiVersions', async () => {
    const broker = await FakeKafka.start();
    broker.control('ApiVersions', () => ({ noResponse: true }));
    try {
      await assert.rejects(connect(broker, { requestTimeoutMs: 30 }), RequestTimeoutError);
    } finally {
      await broker.close();
    }
  });

  it('aborts a connect stuck in version negotiation, and refuses to start one already aborted', async () => {
    const broker = await FakeKafka.start();
    broker.control('ApiVersions', () => ({ noResponse: true }));
    try {
      const controller = new AbortController();
      const connecting = connect(broker, { requestTimeoutMs: 60_000, signal: controller.signal });
      setTimeout(() => controller.abort(new Error('user gave up')), 20);
      const error = await connecting.then(
        () => assert.fail('connect should have been aborted'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof RequestAbortedError);
      assert.match((error as Error).message, /connect request aborted/);
      await assert.rejects(connect(broker, { signal: AbortSignal.abort() }), RequestAbortedError);
    } finally {
      await broker.close();
    }
  });

  it('fails to connect with a ConnectionError when nothing listens', async () => {
    const broker = await FakeKafka.start();
    const port = broker.brokers[0]!.port;
    await broker.close();
    await assert.rejects(Connection.connect({ host: '127.0.0.1', port }), ConnectionError);
  });
});
