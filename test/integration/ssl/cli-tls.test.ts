/**
 * `kafe` over mutual TLS with the files of a config-file profile: the CA in PEM, the client's
 * PKCS#12 bundle and its passphrase from a variable; and with the CA from `--tls-ca` alone on
 * the SASL_SSL listener.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

describe('kafe (CLI) over TLS', () => {
  const cluster = clusterUnderTest();
  const certs = cluster.info.certificates!;

  it('creates and lists a topic with a profile naming the CA and the client bundle', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'kafe-cli-tls-')), 'config.json');
    const tls = { ca: certs.caPem, pfx: certs.clientKeystore, passphraseEnv: 'BUNDLE_PASSPHRASE' };
    writeFileSync(
      config,
      JSON.stringify({ profiles: { tls: { brokers: cluster.bootstrapFor('ssl'), tls } } }),
    );
    const env = {
      KAFE_BROKERS: '',
      KAFE_CONFIG: config,
      KAFE_PROFILE: 'tls',
      BUNDLE_PASSPHRASE: certs.password,
    };
    const topic = uniqueTopic('cli-tls');
    succeeded(await kafeOn(cluster, ['topics', 'create', topic], { env }), 'create');
    assert.match(
      succeeded(await kafeOn(cluster, ['topics', 'list'], { env }), 'list'),
      new RegExp(`^${topic} `, 'm'),
    );
    const shown = succeeded(await kafeOn(cluster, ['profiles', 'show'], { env }), 'show');
    assert.doesNotMatch(shown, new RegExp(certs.password));
  });

  it('reaches the SASL_SSL listener with --tls-ca and SASL from the environment', async () => {
    const env = {
      KAFE_BROKERS: cluster.bootstrapFor('saslSsl'),
      KAFE_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFE_SASL_USERNAME: testUsers.scram.username,
      KAFE_SASL_PASSWORD: testUsers.scram.password,
    };
    const listed = await kafeOn(cluster, ['topics', 'list', '--tls-ca', certs.caPem], { env });
    assert.equal(listed.exitCode, 0, listed.stderr);
    const untrusted = await kafeOn(cluster, ['topics', 'list', '--tls', '--timeout', '5s'], { env });
    assert.equal(untrusted.exitCode, 1);
    assert.equal(untrusted.stderr.split('\n').filter(Boolean).length, 1);
  });
});
