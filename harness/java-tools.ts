/**
 * Runs Apache Kafka's own command-line tools (topics, console producer/consumer, perf tools)
 * against a harness cluster, for interop tests and benchmarks, and writes the client
 * properties files those tools need to reach the secured listeners.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testUsers } from './broker-config.js';
import type { JavaResult, KafkaCluster, ListenerName } from './cluster.js';
import { type KafkaToolName, resolveRelease } from './kafka-versions.js';

/** SASL mechanisms the test listeners accept. */
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** How a Java client should connect. */
export interface JavaClientAuth {
  listener: ListenerName;
  /** SASL mechanism for `sasl`/`saslSsl` listeners; omit to connect without credentials. */
  mechanism?: SaslMechanism;
  /** Override the credentials (another user, a wrong password, a delegation token). */
  credentials?: { username: string; password: string };
  /**
   * The credentials are a delegation token's id and HMAC (SCRAM mechanisms only): the login
   * module sends the `tokenauth=true` extension (KIP-48).
   */
  tokenAuth?: boolean;
  /** For `ssl`: present the client certificate (default true). */
  clientCertificate?: boolean;
  /** Extra client properties, e.g. short timeouts. */
  extra?: Record<string, string>;
}

/** Renders the Java client properties for `auth`. */
export function javaClientProperties(cluster: KafkaCluster, auth: JavaClientAuth): string {
  const lines: string[] = [];
  // Without a mechanism, a SASL listener is approached as an unauthenticated client would:
  // plain TCP or TLS with no SASL handshake.
  const protocol =
    auth.mechanism === undefined
      ? { plaintext: 'PLAINTEXT', sasl: 'PLAINTEXT', ssl: 'SSL', saslSsl: 'SSL' }[auth.listener]
      : { plaintext: 'SASL_PLAINTEXT', sasl: 'SASL_PLAINTEXT', ssl: 'SASL_SSL', saslSsl: 'SASL_SSL' }[
          auth.listener
        ];
  lines.push(`security.protocol=${protocol}`);
  if (auth.mechanism !== undefined) {
    const user = auth.credentials ?? (auth.mechanism === 'PLAIN' ? testUsers.plain : testUsers.scram);
    const module =
      auth.mechanism === 'PLAIN'
        ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
        : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    lines.push(`sasl.mechanism=${auth.mechanism}`);
    const token = auth.tokenAuth === true ? ' tokenauth="true"' : '';
    lines.push(
      `sasl.jaas.config=${module} required username="${user.username}" password="${user.password}"${token};`,
    );
  }
  const certs = cluster.info.certificates;
  if ((auth.listener === 'ssl' || auth.listener === 'saslSsl') && certs) {
    lines.push(
      `ssl.truststore.location=${certs.truststore}`,
      'ssl.truststore.type=PKCS12',
      `ssl.truststore.password=${certs.password}`,
    );
    if (auth.listener === 'ssl' && auth.clientCertificate !== false) {
      lines.push(
        `ssl.keystore.location=${certs.clientKeystore}`,
        'ssl.keystore.type=PKCS12',
        `ssl.keystore.password=${certs.password}`,
        `ssl.key.password=${certs.password}`,
      );
    }
  }
  for (const [key, value] of Object.entries(auth.extra ?? {})) lines.push(`${key}=${value}`);
  return `${lines.join('\n')}\n`;
}

let configCounter = 0;

/** Writes the properties for `auth` into the cluster folder and returns the file path. */
export async function writeJavaClientConfig(cluster: KafkaCluster, auth: JavaClientAuth): Promise<string> {
  const file = join(cluster.info.dir, `client-${process.pid}-${++configCounter}.properties`);
  await writeFile(file, javaClientProperties(cluster, auth));
  return file;
}

/** Options of {@link runKafkaTool}. */
export interface ToolRunOptions {
  /** Written to the tool's standard input (e.g. records for the console producer). */
  input?: string;
  /** Killed after this long (default 120 s). */
  timeoutMs?: number;
}

/** Runs one of Kafka's tools, by alias, with the release's class name, on the cluster's class path. */
export function runKafkaTool(
  cluster: KafkaCluster,
  tool: KafkaToolName,
  args: string[],
  options: ToolRunOptions = {},
): Promise<JavaResult> {
  const release = resolveRelease(cluster.info.version);
  const mainClass = release.tools[tool];
  if (mainClass === undefined) throw new Error(`Kafka ${release.version} has no ${tool} tool`);
  return cluster.java(cluster.toolArgs(mainClass, args), options);
}
