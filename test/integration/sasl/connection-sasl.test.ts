/**
 * `net/Connection` SASL against a real broker's SASL_PLAINTEXT listener: PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512, OAUTHBEARER with an unsecured JWT, a wrong password, and KIP-368
 * re-authentication across the broker's `connections.max.reauth.ms`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REAUTH_MS, testUsers } from '../../../harness/broker-config.js';
import { Connection } from '../../../src/net/connection.js';
import { AuthenticationError, ConnectionClosedError } from '../../../src/net/errors.js';
import type { SaslOptions } from '../../../src/net/sasl/options.js';
import { firstBroker } from '../broker-address.js';
import { clusterUnderTest } from '../cluster-under-test.js';
import { unsecuredJwt } from '../unsecured-jwt.js';

describe('SASL on a real broker', () => {
  const cluster = clusterUnderTest();
  const address = firstBroker(cluster, 'sasl');

  const mechanisms: [string, SaslOptions][] = [
    ['PLAIN', { mechanism: 'PLAIN', ...testUsers.plain }],
    ['SCRAM-SHA-256', { mechanism: 'SCRAM-SHA-256', ...testUsers.scram }],
    ['SCRAM-SHA-512', { mechanism: 'SCRAM-SHA-512', ...testUsers.scram }],
    [
      'OAUTHBEARER',
      { mechanism: 'OAUTHBEARER', tokenProvider: async () => ({ token: unsecuredJwt('kafe-oauth') }) },
    ],
  ];
  for (const [name, sasl] of mechanisms) {
    it(`authenticates with ${name} and serves a Metadata request`, async () => {
      const connection = await Connection.connect({ ...address, sasl });
      try {
        const response = await connection.send('Metadata', { topics: null });
        assert.equal(response.brokers.length, 1);
        // The broker grants sessions no longer than connections.max.reauth.ms (KIP-368).
        assert.ok(connection.sessionLifetimeMs > 0 && connection.sessionLifetimeMs <= REAUTH_MS);
      } finally {
        await connection.close();
      }
    });
  }

  for (const mechanism of ['PLAIN', 'SCRAM-SHA-512'] as const) {
    it(`refuses a wrong ${mechanism} password with AuthenticationError and does not print it`, async () => {
      const password = 'not-the-password-0815';
      const user = mechanism === 'PLAIN' ? testUsers.plain.username : testUsers.scram.username;
      const error = await Connection.connect({
        ...address,
        sasl: { mechanism, username: user, password },
      }).then(
        () => assert.fail('connected'),
        (e: unknown) => e as Error,
      );
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.doesNotMatch(`${error.message} ${error.stack} ${String(error.cause)}`, /not-the-password-0815/);
    });
  }

  it('refuses a client that does not authenticate', async () => {
    // A SASL listener serves ApiVersions before authentication (KIP-43), so connecting succeeds;
    // the broker closes the connection at the first other request.
    const connection = await Connection.connect({ ...address, requestTimeoutMs: 8000 });
    try {
      await assert.rejects(connection.send('Metadata', { topics: null }), ConnectionClosedError);
    } finally {
      await connection.close();
    }
  });

  it('re-authenticates before the session expires and keeps serving requests across it', async () => {
    const connection = await Connection.connect({
      ...address,
      sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.scram },
    });
    try {
      const lifetime = connection.sessionLifetimeMs;
      assert.ok(lifetime > 0);
      const start = Date.now();
      let requests = 0;
      // Three requests in flight at a time, until past the first session's expiry by a margin:
      // without re-authentication the broker would have closed the connection by then, and a
      // re-authentication that disturbed in-flight requests would fail one of them.
      const worker = async () => {
        while (Date.now() - start < lifetime + 3000) {
          const response = await connection.send('Metadata', { topics: null });
          assert.equal(response.brokers.length, 1);
          requests++;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      assert.ok(connection.reauthentications >= 1, `${connection.reauthentications} re-authentications`);
      assert.equal(connection.isClosed, false);
      assert.ok(requests > 10);
    } finally {
      await connection.close();
    }
  });
});
