/**
 * Test certificates made with the JDK's `keytool` at cluster start: a throwaway CA, a broker
 * certificate for `localhost`/127.0.0.1 signed by it, and a client certificate for mutual TLS.
 *
 * Stores are PKCS12, which both the JVM and Node (`tls` option `pfx`) read, so no `openssl` is
 * needed. The CA is also exported as PEM for Node's `ca` option.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the generated stores live and how to open them. */
export interface TestCertificates {
  /** Password of every store and key (test material only). */
  readonly password: string;
  /** CA certificate, PEM: give it to Node as `ca`. */
  readonly caPem: string;
  /** PKCS12 truststore holding the CA, for Java clients and the broker. */
  readonly truststore: string;
  /** PKCS12 keystore with the broker's key and CA-signed certificate. */
  readonly brokerKeystore: string;
  /** PKCS12 keystore with a client key and CA-signed certificate (mutual TLS). */
  readonly clientKeystore: string;
}

const password = 'kafe-test-secret';
/** Store type and passwords, the same for every keytool call. */
const storeArgs = ['-storetype', 'PKCS12', '-storepass', password, '-keypass', password];

async function keytool(args: string[]): Promise<void> {
  await run('keytool', [...args, ...storeArgs], { maxBuffer: 4 * 1024 * 1024 });
}

function genKeyPair(store: string, alias: string, dname: string, extensions: string[]): Promise<void> {
  return keytool([
    '-genkeypair',
    ...['-alias', alias, '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650'],
    ...['-dname', dname, ...extensions, '-keystore', store],
  ]);
}

function importCert(store: string, alias: string, file: string): Promise<void> {
  return keytool(['-importcert', '-noprompt', '-alias', alias, '-file', file, '-keystore', store]);
}

async function signedKeystore(dir: string, name: string, dname: string, san: string | null): Promise<string> {
  const store = join(dir, `${name}.p12`);
  const csr = join(dir, `${name}.csr`);
  const signed = join(dir, `${name}.pem`);
  await genKeyPair(store, name, dname, []);
  await keytool(['-certreq', '-alias', name, '-keystore', store, '-file', csr]);
  await keytool([
    ...['-gencert', '-alias', 'ca', '-keystore', join(dir, 'ca.p12'), '-infile', csr, '-outfile', signed],
    ...['-rfc', '-validity', '3650', ...(san ? ['-ext', `SAN=${san}`] : [])],
  ]);
  // The chain must be importable: trust the CA in the store first, then replace the self-signed
  // certificate with the CA-signed one.
  await importCert(store, 'ca', join(dir, 'ca-cert.pem'));
  await importCert(store, name, signed);
  return store;
}

/** Creates (once per folder) the CA, broker and client stores. */
export async function ensureCertificates(dir: string): Promise<TestCertificates> {
  const certs: TestCertificates = {
    password,
    caPem: join(dir, 'ca-cert.pem'),
    truststore: join(dir, 'truststore.p12'),
    brokerKeystore: join(dir, 'broker.p12'),
    clientKeystore: join(dir, 'client.p12'),
  };
  if (existsSync(certs.clientKeystore)) return certs;
  await mkdir(dir, { recursive: true });
  const caStore = join(dir, 'ca.p12');
  await genKeyPair(caStore, 'ca', 'CN=kafe test CA', ['-ext', 'bc:c']);
  await keytool(['-exportcert', '-rfc', '-alias', 'ca', '-keystore', caStore, '-file', certs.caPem]);
  await importCert(certs.truststore, 'ca', certs.caPem);
  await signedKeystore(dir, 'broker', 'CN=localhost', 'dns:localhost,ip:127.0.0.1');
  await signedKeystore(dir, 'client', 'CN=kafe-client', null);
  return certs;
}
