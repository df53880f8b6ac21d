/**
 * No secret in what a program prints: clients and options built with unique passwords, SCRAM
 * secrets, OAUTHBEARER tokens and TLS keys, passphrases and PKCS#12 bundles are inspected
 * (`util.inspect` at full depth, with and without hidden properties, as `console.log` and
 * loggers do), serialised (`JSON.stringify`) and turned into strings, and so are the errors for
 * bad configurations and failed authentications; no output may contain a secret. Java prints
 * `[hidden]` for its `Password` configs; so does kafe.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createKafe } from '../../src/kafe.js';
import { Kafka, type KafkaOptions } from '../../src/kafka.js';
import { HIDDEN } from '../../src/net/hidden-secrets.js';
import { FakeKafka } from '../../src/testing/index.js';

const secret = (what: string) => `${what}-${randomUUID()}`;
const password = secret('password');
const scramPassword = secret('scram');
const wrongPassword = secret('wrong');
const token = secret('token');
const tlsKey = `-----BEGIN PRIVATE KEY-----\n${secret('key')}\n-----END PRIVATE KEY-----`;
const passphrase = secret('passphrase');
const pfxPassphrase = secret('pfx-passphrase');
const pfx = secret('pfx');
const secrets = [password, scramPassword, wrongPassword, token, tlsKey, passphrase, pfxPassphrase, pfx];

/** Every way a value may end up in a log line. */
function outputs(value: unknown): string[] {
  const json = (() => {
    try {
      return JSON.stringify(value) ?? '';
    } catch (error) {
      // Circular structures (a client) cannot be serialised; the error message is the output.
      return String(error);
    }
  })();
  return [
    inspect(value, { depth: Number.POSITIVE_INFINITY }),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    json,
    String(value),
    value instanceof Error
      ? `${value.stack} ${inspect(value.cause, { depth: Number.POSITIVE_INFINITY })}`
      : '',
  ];
}

function assertNoSecret(label: string, value: unknown): void {
  for (const text of outputs(value))
    for (const s of secrets)
      assert.ok(!text.includes(s), `${label} shows a secret (${s.split('-')[0]}):\n${text.slice(0, 2000)}`);
}

/** The options a `Kafka` keeps (a private field), as it keeps them. */
const kept = (kafka: Kafka) => (kafka as unknown as { options: KafkaOptions }).options;

const tls = {
  key: tlsKey,
  passphrase,
  pfx: [{ buf: pfx, passphrase: pfxPassphrase }],
  rejectUnauthorized: false,
};

describe('secrets never printed', () => {
  let fake: FakeKafka;
  before(async () => {
    // The SASL APIs are answered by the control hooks below.
    fake = await FakeKafka.start({
      apiVersions: { SaslHandshake: { min: 0, max: 1 }, SaslAuthenticate: { min: 0, max: 2 } },
    });
    fake.control('SaslHandshake', (r) => ({ body: { errorCode: 0, mechanisms: [r.body.mechanism] } }));
    // Accepts PLAIN with `password` and any OAUTHBEARER token; refuses the rest (58: SASL_AUTHENTICATION_FAILED).
    fake.control('SaslAuthenticate', (r) => {
      const text = Buffer.from(r.body.authBytes).toString();
      const good = text === `\0u\0${password}` || text.includes(`auth=Bearer ${token}`);
      return {
        body: {
          errorCode: good ? 0 : 58,
          errorMessage: good ? null : 'Authentication failed: Invalid username or password',
          authBytes: Buffer.alloc(0),
          sessionLifetimeMs: 0n,
        },
      };
    });
  });
  after(() => fake.close());

  const base = (): Pick<KafkaOptions, 'brokers' | 'retryBackoffMs' | 'timeoutMs'> => ({
    brokers: fake.bootstrap,
    retryBackoffMs: 5,
    timeoutMs: 2000,
  });

  it('Kafka, its producer, consumer and admin, the options kept, and their connections: PLAIN password, TLS key material', async () => {
    const options = { ...base(), sasl: { mechanism: 'plain', username: 'u', password } } as const;
    const kafka = new Kafka(options);
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: 'g' });
    const admin = kafka.admin();
    await admin.listTopics(); // connected and authenticated: the connection is in the pool now
    const withTls = new Kafka({
      ...base(),
      tls,
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: scramPassword },
    });
    try {
      for (const [label, value] of Object.entries({
        kafka,
        producer,
        consumer,
        admin,
        cluster: kafka.cluster,
        connection: await kafka.cluster.anyConnection(),
        'options kept by Kafka': kept(kafka),
        'Kafka with TLS and SCRAM': withTls,
        'its producer': withTls.producer(),
        'its consumer': withTls.consumer(),
        'its options': kept(withTls),
      }))
        assertNoSecret(label, value);
      // The kept options still hold the real values for the code that needs them, and say what is hidden.
      assert.equal((kept(kafka).sasl as { password?: string }).password, password);
      for (const field of ['password', 'key', 'passphrase'])
        assert.ok(inspect(kept(withTls)).includes(`${field}: '${HIDDEN}'`), field);
      assert.match(JSON.stringify(kept(withTls)), /"passphrase":"\[hidden\]"/);
    } finally {
      await kafka.close();
      await withTls.close();
    }
  });

  it('createKafe client: OAUTHBEARER token, after authenticating', async () => {
    const kafe = createKafe({
      ...base(),
      sasl: { mechanism: 'OAUTHBEARER', tokenProvider: async () => ({ token }) },
    });
    try {
      await kafe.metadata();
      assertNoSecret('createKafe client', kafe);
      assertNoSecret('its connection', await kafe.cluster.anyConnection());
    } finally {
      await kafe.close();
    }
  });

  it('errors for a failed authentication and for bad configurations', async () => {
    const kafka = new Kafka({
      ...base(),
      sasl: { mechanism: 'PLAIN', username: 'u', password: wrongPassword },
    });
    const failed = await kafka
      .admin()
      .listTopics()
      .then(
        () => assert.fail('authenticated with a wrong password'),
        (e: unknown) => e,
      );
    assertNoSecret('authentication failure', failed);
    assertNoSecret('the client after it', kafka);
    await kafka.close();

    const bad: Record<string, unknown>[] = [
      { sasl: { mechanism: 'plian', username: 'u', password } },
      { sasl: { mechanism: 'PLAIN', username: 'u', password, passwrd: password } },
      { sasl: { mechanism: 'PLAIN', username: 7, password } },
      { sasl: `PLAIN:u:${password}` },
      { sasl: { mechanism: 'OAUTHBEARER', tokenProvider: token } },
      { tls: tlsKey },
      { tls, maxVersions: { Produce: passphrase } },
    ];
    for (const options of bad) {
      const error = (() => {
        try {
          createKafe({ ...base(), ...options } as never);
        } catch (e) {
          return e;
        }
        return assert.fail(`accepted ${Object.keys(options).join()}`);
      })();
      assertNoSecret(`ConfigurationError for ${Object.keys(options).join()}`, error);
    }
  });
});
