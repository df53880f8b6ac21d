import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { Connection } from '../../../src/net/connection.js';
import { channelNames, type ThrottleMessage } from '../../../src/net/diagnostics.js';
import { RequestAbortedError } from '../../../src/net/errors.js';
import { clientThrottleMs } from '../../../src/net/throttle.js';
import { FakeKafka, type FakeRequest } from '../../../src/testing/index.js';

const metadataRequest = (n: number) => ({ topics: [{ name: `t-${n}`, topicId: undefined }] });
const echo = (r: FakeRequest) => Number(String(r.body.topics[0].name).slice(2));

describe('clientThrottleMs (KIP-219)', () => {
  it('throttles the client only from the version that bumped for KIP-219', () => {
    assert.equal(clientThrottleMs('Metadata', 5, { throttleTimeMs: 100 }), 0);
    assert.equal(clientThrottleMs('Metadata', 6, { throttleTimeMs: 100 }), 100);
    assert.equal(clientThrottleMs('Produce', 5, { throttleTimeMs: 100 }), 0);
    assert.equal(clientThrottleMs('Produce', 6, { throttleTimeMs: 100 }), 100);
    assert.equal(clientThrottleMs('Fetch', 7, { throttleTimeMs: 100 }), 0);
    assert.equal(clientThrottleMs('Fetch', 8, { throttleTimeMs: 100 }), 100);
    assert.equal(clientThrottleMs('OffsetForLeaderEpoch', 4, { throttleTimeMs: 100 }), 0);
    // Added after KIP-219: every version.
    assert.equal(clientThrottleMs('DescribeCluster', 0, { throttleTimeMs: 100 }), 100);
  });

  it('ignores a zero, negative or missing throttle time', () => {
    assert.equal(clientThrottleMs('Metadata', 12, { throttleTimeMs: 0 }), 0);
    assert.equal(clientThrottleMs('Metadata', 12, { throttleTimeMs: -5 }), 0);
    assert.equal(clientThrottleMs('Metadata', 12, {}), 0);
    assert.equal(clientThrottleMs('Metadata', 12, undefined), 0);
  });
});

describe('Connection throttled by the broker (KIP-219)', () => {
  let broker: FakeKafka;
  before(async () => {
    broker = await FakeKafka.start();
    // Request 1 is answered with a throttle time of 1 s, the others with none.
    broker.control('Metadata', (r) => ({
      body: { throttleTimeMs: echo(r) === 1 ? 1000 : 0, brokers: [], controllerId: echo(r), topics: [] },
    }));
  });
  after(() => broker.close());

  it('sends nothing until the throttle time has passed; aborts still apply meanwhile', async () => {
    const c = await Connection.connect({
      host: '127.0.0.1',
      port: broker.brokers[0]!.port,
      requestTimeoutMs: 10_000,
    });
    const events: ThrottleMessage[] = [];
    const onThrottle = (m: unknown) => events.push(m as ThrottleMessage);
    diagnostics.subscribe(channelNames.throttle, onThrottle);
    try {
      const start = broker.requests('Metadata').length;
      await c.send('Metadata', metadataRequest(1));
      const held = c.send('Metadata', metadataRequest(2));
      const controller = new AbortController();
      const aborted = c.send('Metadata', metadataRequest(3), { signal: controller.signal });
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(broker.requests('Metadata').slice(start).map(echo), [1], 'sent while throttled');
      controller.abort();
      await assert.rejects(aborted, RequestAbortedError);
      assert.equal((await held).controllerId, 2);
      // The aborted request was never written.
      assert.deepEqual(broker.requests('Metadata').slice(start).map(echo), [1, 2]);
      assert.deepEqual(
        events.map((e) => [e.api, e.version, e.throttleTimeMs]),
        [['Metadata', c.versionFor('Metadata'), 1000]],
      );
      assert.equal(c.isClosed, false);
    } finally {
      diagnostics.unsubscribe(channelNames.throttle, onThrottle);
      await c.close();
    }
  });

  it('honours the throttle time in the late response of an aborted request', {
    timeout: 10_000,
  }, async () => {
    broker.control('Metadata', (r) => ({
      body: { throttleTimeMs: echo(r) === 1 ? 1000 : 0, brokers: [], controllerId: echo(r), topics: [] },
      delayMs: echo(r) === 1 ? 50 : 0,
    }));
    const c = await Connection.connect({
      host: '127.0.0.1',
      port: broker.brokers[0]!.port,
      requestTimeoutMs: 10_000,
    });
    let throttled!: () => void;
    const throttleSeen = new Promise<void>((resolve) => {
      throttled = resolve;
    });
    const onThrottle = () => throttled();
    diagnostics.subscribe(channelNames.throttle, onThrottle);
    try {
      const start = broker.requests('Metadata').length;
      const controller = new AbortController();
      const aborted = c.send('Metadata', metadataRequest(1), { signal: controller.signal });
      controller.abort();
      await assert.rejects(aborted, RequestAbortedError);
      await throttleSeen;
      const held = c.send('Metadata', metadataRequest(2));
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(broker.requests('Metadata').slice(start).map(echo), [1], 'sent while throttled');
      assert.equal((await held).controllerId, 2);
      assert.equal(c.isClosed, false);
    } finally {
      diagnostics.unsubscribe(channelNames.throttle, onThrottle);
      await c.close();
    }
  });

  it('does not wait after a response at a version the broker already delayed', async () => {
    const c = await Connection.connect({
      host: '127.0.0.1',
      port: broker.brokers[0]!.port,
      // A throttled request would sit queued until this timeout and fail.
      requestTimeoutMs: 2000,
      maxVersions: { Metadata: 5 },
    });
    const events: unknown[] = [];
    const onThrottle = (m: unknown) => events.push(m);
    diagnostics.subscribe(channelNames.throttle, onThrottle);
    try {
      await c.send('Metadata', metadataRequest(1));
      assert.equal((await c.send('Metadata', metadataRequest(2))).controllerId, 2);
      assert.deepEqual(events, []);
    } finally {
      diagnostics.unsubscribe(channelNames.throttle, onThrottle);
      await c.close();
    }
  });
});
