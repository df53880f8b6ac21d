/**
 * Log lines over SASL on a real broker: a successful PLAIN / SCRAM / OAUTHBEARER client logs
 * `authenticated` per connection, a wrong password logs `authentication failed` at error with
 * the broker and mechanism, and no line (at level debug, every line kafe writes) contains a
 * password or a token.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { Kafka } from '../../../src/kafka.js';
import { AuthenticationError } from '../../../src/net/errors.js';
import type { SaslOptions } from '../../../src/net/sasl/options.js';
import { CapturedLog } from '../../support/captured-log.js';
import { clusterUnderTest } from '../cluster-under-test.js';
import { unsecuredJwt } from '../unsecured-jwt.js';

describe('log lines over SASL', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('sasl').split(',');
  const token = unsecuredJwt('kafe-logged');
  const secrets = [testUsers.plain.password, testUsers.scram.password, token];

  const good: [string, SaslOptions][] = [
    ['PLAIN', { mechanism: 'PLAIN', ...testUsers.plain }],
    ['SCRAM-SHA-512', { mechanism: 'SCRAM-SHA-512', ...testUsers.scram }],
    ['OAUTHBEARER', { mechanism: 'OAUTHBEARER', tokenProvider: async () => ({ token }) }],
  ];
  for (const [mechanism, sasl] of good) {
    it(`${mechanism}: one 'authenticated' line per connection, no secret in any line`, async () => {
      const log = new CapturedLog();
      const kafka = new Kafka({ brokers, sasl, logger: log, logLevel: 'debug', clientId: 'logged-sasl' });
      try {
        await kafka.admin().listTopics();
      } finally {
        await kafka.close();
      }
      const authenticated = log.find('authenticated');
      assert.equal(authenticated.length, log.find('connected to broker').length, log.text());
      assert.ok(authenticated.length >= 1);
      assert.equal(authenticated[0]!.fields.mechanism, mechanism);
      assert.equal(authenticated[0]!.fields.clientId, 'logged-sasl');
      for (const secret of secrets)
        assert.ok(!log.text().includes(secret), `a line holds a secret:\n${log.text()}`);
    });
  }

  it('a wrong password: authentication failed at error, naming broker and mechanism, not the password', async () => {
    const password = 'wrong-password-logged-kafe';
    const log = new CapturedLog();
    const kafka = new Kafka({
      brokers,
      sasl: { mechanism: 'SCRAM-SHA-256', username: testUsers.scram.username, password },
      logger: log,
      logLevel: 'debug',
    });
    let error: AuthenticationError | undefined;
    try {
      await assert.rejects(kafka.admin().listTopics(), (e: unknown) => {
        if (e instanceof AuthenticationError) error = e;
        return e instanceof AuthenticationError;
      });
    } finally {
      await kafka.close();
    }
    const failed = log.find('authentication failed');
    assert.ok(failed.length >= 1, log.text());
    assert.equal(failed[0]!.level, 'error');
    assert.equal(failed[0]!.fields.mechanism, 'SCRAM-SHA-256');
    assert.ok(brokers.includes(String(failed[0]!.fields.broker)), log.text());
    assert.equal(failed[0]!.fields.code, error?.code);
    for (const secret of [password, ...secrets])
      assert.ok(!log.text().includes(secret), `a line holds a secret:\n${log.text()}`);
  });
});
