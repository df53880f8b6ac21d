/**
 * The kafe API over TLS: mutual TLS with the test CA works; a client that does not trust the
 * broker's certificate fails clearly (a non-retriable TlsCertificateError), and so does one without
 * the client certificate the broker requires (TlsClientCertificateError); PLAIN and
 * SCRAM-SHA-512 over SASL_SSL (see ../kafe-security.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createKafe } from '../../../src/kafe.js';
import { Kafka } from '../../../src/kafka.js';
import { TlsCertificateError, TlsClientCertificateError } from '../../../src/net/errors.js';
import { clusterUnderTest, createTopicsWith, uniqueTopic } from '../cluster-under-test.js';
import { kafeSaslSuite } from '../kafe-security.js';

const cluster = clusterUnderTest();
const ca = () => readFileSync(cluster.info.certificates!.caPem);

describe('the kafe API over TLS', () => {
  it('produces and fetches over mutual TLS with the test CA', async () => {
    const certs = cluster.info.certificates!;
    const tls = { ca: ca(), pfx: readFileSync(certs.clientKeystore), passphrase: certs.password };
    const brokers = cluster.bootstrapFor('ssl').split(',');
    const topic = uniqueTopic('kafe-tls');
    await createTopicsWith({ brokers, tls }, [{ topic, partitions: 1 }]);
    const kafe = createKafe({ brokers, tls });
    try {
      assert.equal((await kafe.produce(topic, 'over TLS')).partitions[0]?.offset, 0n);
      const fetched = await kafe.fetch(topic);
      assert.equal(fetched.topics[0]?.partitions[0]?.messages[0]?.value?.toString(), 'over TLS');
    } finally {
      await kafe.close();
    }
  });

  it('fails clearly when the broker certificate is not trusted (no CA given)', async () => {
    const kafe = createKafe({
      brokers: cluster.bootstrapFor('saslSsl').split(','),
      tls: true,
      timeoutMs: 5000,
    });
    try {
      const error = await kafe.metadata().then(
        () => assert.fail('connected to an untrusted broker'),
        (e: unknown) => e as Error,
      );
      // Not retriable: the certificate error itself, not a deadline error after retries.
      assert.ok(error instanceof TlsCertificateError, String(error));
      assert.equal((error.cause as NodeJS.ErrnoException | undefined)?.code, 'SELF_SIGNED_CERT_IN_CHAIN');
      assert.equal(error.retriable, false);
      assert.match(error.message, /certificate/);
    } finally {
      await kafe.close();
    }
  });
});

describe('Kafka over TLS without the client certificate the broker requires', () => {
  it('fails at once with TlsClientCertificateError, not after retries until the deadline', async () => {
    const kafka = new Kafka({
      brokers: cluster.bootstrapFor('ssl').split(','),
      tls: { ca: ca() },
      timeoutMs: 60_000,
    });
    try {
      const error = await kafka
        .admin()
        .listTopics()
        .then(
          () => assert.fail('listed topics without a client certificate'),
          (e: unknown) => e as Error,
        );
      assert.ok(error instanceof TlsClientCertificateError, String(error));
      assert.equal(error.retriable, false);
      // The first attempt's error: a retried one would end in a deadline error after 60 s.
      assert.equal(error.code, 'TLS_CLIENT_CERTIFICATE_REJECTED');
    } finally {
      await kafka.close();
    }
  });
});

kafeSaslSuite('saslSsl', () => ({ ca: ca() }));
