/**
 * kafe/kafkajs's `sasl` option on the SASL listener: KafkaJS's lower-case mechanism names with
 * their credentials, and a custom mechanism written against KafkaJS's custom-mechanism API
 * (`{ mechanism, authenticationProvider }`, each `saslAuthenticate` one SaslAuthenticate round
 * trip on kafe's connection) — here PLAIN written by hand, accepted with the right password and
 * refused with a KafkaJS SASL error with a wrong one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import {
  Kafka,
  KafkaJSSASLAuthenticationError,
  logLevel,
  type Mechanism,
  type SASLOptions,
} from '../../../src/kafkajs/index.js';
import { clusterUnderTest } from '../cluster-under-test.js';

/** PLAIN (RFC 4616) through KafkaJS's custom-mechanism API. */
const handWrittenPlain = (username: string, password: string): Mechanism => ({
  mechanism: 'PLAIN',
  authenticationProvider: ({ saslAuthenticate }) => ({
    authenticate: async () => {
      await saslAuthenticate({ request: { encode: () => Buffer.from(`\0${username}\0${password}`) } });
    },
  }),
});

describe('kafe/kafkajs SASL on Kafka 4.x', { timeout: 120_000 }, () => {
  const brokers = clusterUnderTest().bootstrapFor('sasl').split(',');
  const listTopics = async (sasl: ConstructorParameters<typeof Kafka>[0]['sasl']) => {
    const admin = new Kafka({
      brokers,
      sasl,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0, maxRetryTime: 5000 },
    }).admin();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  };

  const options: SASLOptions[] = [
    { mechanism: 'plain', ...testUsers.plain },
    { mechanism: 'scram-sha-256', ...testUsers.scram },
    { mechanism: 'scram-sha-512', ...testUsers.scram },
  ];
  for (const sasl of options)
    it(`authenticates with KafkaJS's { mechanism: '${sasl.mechanism}' }`, async () => {
      assert.ok(Array.isArray(await listTopics(sasl)));
    });

  it('runs a custom mechanism written against KafkaJS’s API, and reports its failure as KafkaJS does', async () => {
    const { username, password } = testUsers.plain;
    assert.ok(Array.isArray(await listTopics(handWrittenPlain(username, password))));
    await assert.rejects(listTopics(handWrittenPlain(username, 'wrong')), (e: unknown) => {
      const sasl = e instanceof KafkaJSSASLAuthenticationError ? e : (e as { cause?: unknown }).cause;
      return sasl instanceof KafkaJSSASLAuthenticationError;
    });
  });
});
