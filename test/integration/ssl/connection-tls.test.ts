/**
 * `net/Connection` over TLS against a real broker: mutual TLS with the harness's client
 * keystore and CA, refusal without a client certificate, and SCRAM over SASL_SSL.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { Connection } from '../../../src/net/connection.js';
import { TlsCertificateError, TlsClientCertificateError } from '../../../src/net/errors.js';
import { firstBroker } from '../broker-address.js';
import { clusterUnderTest } from '../cluster-under-test.js';

describe('TLS on a real broker', () => {
  const cluster = clusterUnderTest();
  const certs = cluster.info.certificates!;
  const ca = readFileSync(certs.caPem);

  it('connects with mutual TLS (client pfx + CA) and serves a Metadata request', async () => {
    const connection = await Connection.connect({
      ...firstBroker(cluster, 'ssl'),
      tls: { ca, pfx: readFileSync(certs.clientKeystore), passphrase: certs.password },
    });
    try {
      const response = await connection.send('Metadata', { topics: null });
      assert.equal(response.brokers.length, 1);
    } finally {
      await connection.close();
    }
  });

  it('is refused without a client certificate', async () => {
    const error = await Connection.connect({
      ...firstBroker(cluster, 'ssl'),
      tls: { ca },
      requestTimeoutMs: 8000,
    }).then(
      async (c) => {
        await c.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    // The broker's refusal of the missing certificate (TLS alert 42, or 116 in TLS 1.3), not
    // a timeout or a problem with the broker's own certificate. OpenSSL 3.5 (Node 26) names
    // alert 42 SSL/TLS_ALERT_BAD_CERTIFICATE, earlier releases SSLV3_ALERT_BAD_CERTIFICATE.
    assert.ok(error instanceof TlsClientCertificateError, String(error));
    assert.equal(error.retriable, false);
    assert.match(error.message, /tls\.cert and tls\.key/);
    assert.match(
      String((error.cause as NodeJS.ErrnoException | undefined)?.code),
      /^ERR_SSL_((SSLV3|SSL\/TLS)_ALERT_BAD_CERTIFICATE|TLSV13_ALERT_CERTIFICATE_REQUIRED)$/,
    );
  });

  it('fails clearly against an untrusted certificate', async () => {
    const error = await Connection.connect({ ...firstBroker(cluster, 'saslSsl'), tls: true }).then(
      async (c) => {
        await c.close();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    assert.ok(error instanceof TlsCertificateError, String(error));
    // The harness's broker certificate is signed by its own CA, which the default trust lacks.
    assert.equal((error.cause as NodeJS.ErrnoException | undefined)?.code, 'SELF_SIGNED_CERT_IN_CHAIN');
    assert.equal(error.retriable, false);
    assert.match(error.message, /certificate/);
  });

  it('authenticates with SCRAM-SHA-512 over SASL_SSL', async () => {
    const connection = await Connection.connect({
      ...firstBroker(cluster, 'saslSsl'),
      tls: { ca },
      sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.scram },
    });
    try {
      const response = await connection.send('Metadata', { topics: null });
      assert.equal(response.brokers.length, 1);
      assert.ok(connection.sessionLifetimeMs > 0);
    } finally {
      await connection.close();
    }
  });
});
