import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Connection } from '../../../src/net/connection.js';
import { AuthenticationError } from '../../../src/net/errors.js';
import type { SaslMechanism } from '../../../src/net/sasl/mechanism.js';
import { FakeKafka, type FakeRequest } from '../../../src/testing/index.js';

const ok = (lifetimeMs = 0n) => ({
  body: { errorCode: 0, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: lifetimeMs },
});
const denied = {
  body: {
    errorCode: 58,
    errorMessage: 'Authentication failed: Invalid username or password',
    authBytes: Buffer.alloc(0),
  },
};

/** The SASL APIs, which the fake advertises only when asked (its control hooks answer them). */
const saslApis = { apiVersions: { SaslHandshake: { min: 0, max: 1 }, SaslAuthenticate: { min: 0, max: 2 } } };

/** A fake broker that accepts PLAIN for kafe/secret and grants `lifetimeMs` sessions. */
async function plainBroker(lifetimeMs: bigint): Promise<FakeKafka> {
  const broker = await FakeKafka.start(saslApis);
  broker.control('SaslHandshake', (r) =>
    r.body.mechanism === 'PLAIN'
      ? { body: { errorCode: 0, mechanisms: ['PLAIN'] } }
      : { body: { errorCode: 33, mechanisms: ['PLAIN'] } },
  );
  broker.control('SaslAuthenticate', (r: FakeRequest) =>
    Buffer.from(r.body.authBytes).toString() === '\0kafe\0secret' ? ok(lifetimeMs) : denied,
  );
  broker.control('Metadata', () => ({ body: { throttleTimeMs: 0, brokers: [], topics: [] }, delayMs: 5 }));
  return broker;
}

describe('SASL on a connection', () => {
  let broker: FakeKafka;
  before(async () => {
    broker = await plainBroker(0n);
  });
  after(() => broker.close());

  it('authenticates with PLAIN after ApiVersions, then serves requests', async () => {
    const c = await Connection.connect({
      host: '127.0.0.1',
      port: broker.brokers[0]!.port,
      sasl: { mechanism: 'PLAIN', username: 'kafe', password: 'secret' },
    });
    const last = broker.requests().filter((r) => r.connection === broker.connectionCount(0) - 1);
    assert.deepEqual(
      last.map((r) => r.api),
      ['ApiVersions', 'SaslHandshake', 'SaslAuthenticate'],
    );
    await c.send('Metadata', { topics: [] });
    assert.equal(c.sessionLifetimeMs, 0);
    await c.close();
  });

  it('fails with AuthenticationError on a wrong password, without printing it', async () => {
    const error = await Connection.connect({
      host: '127.0.0.1',
      port: broker.brokers[0]!.port,
      sasl: { mechanism: 'PLAIN', username: 'kafe', password: 'wrong-pw-123' },
    }).then(
      () => assert.fail('connected'),
      (e: unknown) => e as Error,
    );
    assert.ok(error instanceof AuthenticationError);
    assert.match(error.message, /Invalid username or password/);
    assert.doesNotMatch(`${error.message} ${String(error.cause)}`, /wrong-pw-123/);
  });

  it('names the enabled mechanisms when the broker does not enable ours', async () => {
    await assert.rejects(
      Connection.connect({
        host: '127.0.0.1',
        port: broker.brokers[0]!.port,
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'kafe', password: 'secret' },
      }),
      (e: unknown) => e instanceof AuthenticationError && /SCRAM-SHA-512 \(enabled: PLAIN\)/.test(e.message),
    );
  });

  it('accepts a user-supplied mechanism and wraps its errors', async () => {
    const custom: SaslMechanism = {
      name: 'PLAIN',
      async authenticate(exchange) {
        await exchange(Buffer.from('\0kafe\0secret'));
      },
    };
    const c = await Connection.connect({ host: '127.0.0.1', port: broker.brokers[0]!.port, sasl: custom });
    await c.close();
    const failing: SaslMechanism = {
      name: 'PLAIN',
      async authenticate() {
        throw new TypeError('token=abc');
      },
    };
    await assert.rejects(
      Connection.connect({ host: '127.0.0.1', port: broker.brokers[0]!.port, sasl: failing }),
      (e: unknown) => e instanceof AuthenticationError && !/abc/.test(e.message),
    );
  });
});

describe('re-authentication (KIP-368)', () => {
  it('re-authenticates before the session expires, only between requests, and keeps serving', async () => {
    const broker = await plainBroker(120n);
    try {
      const c = await Connection.connect({
        host: '127.0.0.1',
        port: broker.brokers[0]!.port,
        sasl: { mechanism: 'PLAIN', username: 'kafe', password: 'secret' },
      });
      assert.equal(c.sessionLifetimeMs, 120);
      // Keep three requests in flight at all times until two re-authentications have happened.
      let served = 0;
      const worker = async () => {
        while (c.reauthentications < 2) {
          await c.send('Metadata', { topics: [] });
          served++;
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      const handshakes = broker.requests('SaslHandshake');
      assert.ok(handshakes.length >= 3, `${handshakes.length} handshakes`);
      // Each re-authentication started with nothing else outstanding on the connection.
      for (const h of handshakes) assert.equal(h.outstanding, 0);
      assert.ok(served > 0);
      assert.equal(c.isClosed, false);
      await c.close();
    } finally {
      await broker.close();
    }
  });

  it('closes the connection with AuthenticationError when re-authentication fails', async () => {
    const broker = await plainBroker(60n);
    try {
      const c = await Connection.connect({
        host: '127.0.0.1',
        port: broker.brokers[0]!.port,
        sasl: { mechanism: 'PLAIN', username: 'kafe', password: 'secret' },
      });
      broker.control('SaslAuthenticate', () => denied);
      assert.ok((await c.closed) instanceof AuthenticationError);
      await assert.rejects(c.send('Metadata', { topics: [] }), /closed|Authentication/);
    } finally {
      await broker.close();
    }
  });
});
