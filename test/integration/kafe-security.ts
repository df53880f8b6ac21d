/**
 * The kafe API over SASL (PLAIN and SCRAM-SHA-512), shared by the `sasl` profile
 * (SASL_PLAINTEXT) and the `ssl` profile (SASL_SSL, with the test CA): the right credentials
 * produce and fetch; wrong ones fail with AuthenticationError at once, and no password appears
 * in the error, its causes or its stack.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { inspect } from 'node:util';
import { testUsers } from '../../harness/broker-config.js';
import type { ListenerName } from '../../harness/cluster.js';
import { createKafe } from '../../src/kafe.js';
import { AuthenticationError } from '../../src/net/errors.js';
import { clusterUnderTest, createTopicsWith, uniqueTopic } from './cluster-under-test.js';

const mechanisms = [
  { mechanism: 'PLAIN', ...testUsers.plain },
  { mechanism: 'SCRAM-SHA-512', ...testUsers.scram },
] as const;

/** Registers the suite for `listener`, with `tls` options when the listener is SASL_SSL. */
export function kafeSaslSuite(listener: ListenerName, tls?: () => TlsOptions): void {
  describe(`the kafe API over ${listener === 'saslSsl' ? 'SASL_SSL' : 'SASL_PLAINTEXT'}`, () => {
    const cluster = clusterUnderTest();
    const brokers = () => cluster.bootstrapFor(listener).split(',');
    const security = (
      sasl:
        | (typeof mechanisms)[number]
        | { mechanism: 'PLAIN' | 'SCRAM-SHA-512'; username: string; password: string },
    ) => ({
      sasl,
      ...(tls === undefined ? {} : { tls: tls() }),
    });

    for (const credentials of mechanisms) {
      it(`produces and fetches with ${credentials.mechanism}`, async () => {
        const topic = uniqueTopic(`kafe-${credentials.mechanism.toLowerCase()}`);
        await createTopicsWith({ brokers: brokers(), ...security(credentials) }, [{ topic, partitions: 1 }]);
        const kafe = createKafe({ brokers: brokers(), ...security(credentials) });
        try {
          const produced = await kafe.produce(topic, ['k', `over ${credentials.mechanism}`]);
          assert.equal(produced.partitions[0]?.errorCode, 'none');
          const fetched = await kafe.fetch(topic);
          assert.deepEqual(
            fetched.topics[0]?.partitions[0]?.messages.map((m) => m.value?.toString()),
            [`over ${credentials.mechanism}`],
          );
        } finally {
          await kafe.close();
        }
      });

      it(`fails with AuthenticationError for a wrong ${credentials.mechanism} password, without printing any password, in the error or the client`, async () => {
        const password = `wrong-${credentials.password}-guess`;
        const kafe = createKafe({
          brokers: brokers(),
          timeoutMs: 60_000,
          ...security({ ...credentials, password }),
        });
        try {
          const error = await kafe.metadata().then(
            () => assert.fail('authenticated with a wrong password'),
            (e: unknown) => e as Error,
          );
          assert.ok(error instanceof AuthenticationError, String(error));
          // The whole error (message, stack and every cause) and the client, as a log line would print them.
          const printed = `${inspect(error, { depth: 10 })} ${inspect(kafe, { depth: Number.POSITIVE_INFINITY })}`;
          for (const secret of [password, credentials.password])
            assert.ok(!printed.includes(secret), printed);
        } finally {
          await kafe.close();
        }
      });
    }
  });
}
