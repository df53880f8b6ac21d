/**
 * The `server.properties` of one KRaft node, and the logging configuration beside it.
 *
 * The nodes a cluster starts with run in combined mode (`process.roles=broker,controller`), so a
 * 1-node cluster is one JVM and a 3-node cluster has a 3-voter quorum that survives the loss of
 * one node. The quorum is static (`controller.quorum.voters`, kraft.version 0) or dynamic
 * (`controller.quorum.bootstrap.servers`, KIP-853), where a controller-only node added later can
 * be made a voter; a broker-only node can be added too (e.g. to unregister it).
 * Inter-broker and controller traffic always use plaintext listeners; the secured listeners
 * (SASL_PLAINTEXT, SSL with client certificates required, SASL_SSL) exist for clients only.
 */
import type { TestCertificates } from './certificates.js';
import { TELEMETRY_FILE_PROPERTY, TELEMETRY_RECEIVER_CLASS } from './telemetry-receiver.js';

/** Which client listeners a cluster opens besides PLAINTEXT. */
export type SecurityMode = 'plain' | 'sasl' | 'ssl';

/** Ports of one node. */
export interface NodePorts {
  plaintext: number;
  controller: number;
  sasl?: number;
  ssl?: number;
  saslSsl?: number;
}

/**
 * Credentials the SASL listeners accept (test material only). `plain` and `scram` are super
 * users of a cluster started with an authorizer; `nobody` authenticates (PLAIN and both SCRAM
 * mechanisms) but has no right until a test grants it one by ACL.
 */
export const testUsers = {
  plain: { username: 'kafe', password: 'kafe-secret' },
  scram: { username: 'kafe-scram', password: 'kafe-scram-secret' },
  nobody: { username: 'kafe-nobody', password: 'kafe-nobody-secret' },
} as const;

/** The users whose SCRAM credentials `kafka-storage format` writes (KIP-900). */
export const scramTestUsers = [testUsers.scram, testUsers.nobody] as const;

/**
 * The super users of a cluster with an authorizer. `User:ANONYMOUS` is who the PLAINTEXT
 * listeners authenticate, and brokers and controllers talk to each other over them (as do the
 * tests' Java tools and unauthenticated probes); the client certificate's subject is the SSL
 * listener's principal (Kafka's default `ssl.principal.mapping.rules`).
 */
export const superUsers = [
  'User:ANONYMOUS',
  `User:${testUsers.plain.username}`,
  `User:${testUsers.scram.username}`,
  'User:CN=kafe-client',
] as const;

/**
 * The HMAC key of delegation tokens (`delegation.token.secret.key`, KIP-48; KRaft since 3.6,
 * KIP-900), written on every secured cluster: without it brokers refuse to create tokens.
 */
export const DELEGATION_TOKEN_SECRET = 'kafe-test-delegation-token-secret';

/** `connections.max.reauth.ms` of the secured test clusters (KIP-368). */
export const REAUTH_MS = 10_000;

/** What a node runs (`process.roles`). */
export type NodeRoles = 'broker,controller' | 'controller' | 'broker';

/** Everything needed to write one node's configuration. */
export interface NodeConfigInput {
  nodeId: number;
  /** Default `broker,controller` (combined). */
  roles?: NodeRoles;
  ports: NodePorts;
  /** The initial voters' ids and controller ports: the static voter set, or the bootstrap servers of a dynamic quorum. */
  voters: { id: number; controllerPort: number }[];
  /** KIP-853: `controller.quorum.bootstrap.servers` instead of `controller.quorum.voters`. */
  dynamicQuorum?: boolean;
  dataDir: string;
  brokerCount: number;
  security: SecurityMode;
  certificates?: TestCertificates;
  /** Run KRaft's `StandardAuthorizer` with {@link superUsers} (secured clusters only). */
  authorizer?: boolean;
  /** `broker.rack` of this node, or none. */
  rack?: string;
  /** The release has share groups (KIP-932, Kafka 4.x): write their test settings. */
  shareGroups?: boolean;
  /** Log directories (`log.dirs`, JBOD, KIP-858): `dataDir` alone when 1, else `dataDir-1` ... `dataDir-N`. Default 1. */
  logDirs?: number;
  /** Load the KIP-714 telemetry receiver, writing what clients push to this file. */
  telemetryFile?: string;
}

/** The log directories of a node whose data is under `dataDir` (see {@link NodeConfigInput.logDirs}). */
export function logDirsOf(dataDir: string, count = 1): string[] {
  return count <= 1 ? [dataDir] : Array.from({ length: count }, (_, i) => `${dataDir}-${i + 1}`);
}

/**
 * Share-group settings of the test clusters (KIP-932; names from Kafka 4.4's
 * `GroupCoordinatorConfig` and `ShareGroupConfig`). The group-level defaults stay Kafka's where
 * a test can wait for them (a 15 s acquisition lock is the broker's own minimum), and the lower
 * bounds are opened so that a test may set a short lock, heartbeat or session on its own group
 * (`share.record.lock.duration.ms`, ... as group configs) instead of the whole cluster waiting
 * longer. Heartbeats and session are shorter than Kafka's (5 s / 45 s) so that a member that
 * died leaves the group in seconds, as the consumer settings of these clusters already do.
 */
export const shareGroupSettings = {
  'group.share.record.lock.duration.ms': 15_000,
  'group.share.min.record.lock.duration.ms': 1000,
  'group.share.heartbeat.interval.ms': 1000,
  'group.share.min.heartbeat.interval.ms': 500,
  'group.share.session.timeout.ms': 10_000,
  'group.share.min.session.timeout.ms': 6000,
  // Kafka's default (5) and minimum (2): a test lowers it per group to see a record archived.
  'group.share.delivery.count.limit': 5,
} as const;

function jaasFor(listener: string): string[] {
  const plainUsers = [testUsers.plain, testUsers.nobody]
    .map((u) => `user_${u.username}="${u.password}"`)
    .join(' ');
  return [
    `listener.name.${listener}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    `listener.name.${listener}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `listener.name.${listener}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    // Unsecured JWTs (alg "none") are accepted by the broker's default OAUTHBEARER validator,
    // which is enough to test the client side of KIP-255 without an identity provider.
    `listener.name.${listener}.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;`,
  ];
}

/** Renders `server.properties` for one node. */
export function nodeProperties(input: NodeConfigInput): string {
  const { ports, brokerCount } = input;
  const roles = input.roles ?? 'broker,controller';
  const controller = `CONTROLLER://127.0.0.1:${ports.controller}`;
  // A controller-only node serves no client: its one listener is CONTROLLER, which it
  // advertises so that it can be added as a voter by endpoint (KIP-853).
  const listeners = roles === 'controller' ? [] : [`PLAINTEXT://127.0.0.1:${ports.plaintext}`];
  if (roles !== 'controller') {
    if (ports.sasl !== undefined) listeners.push(`SASL_PLAINTEXT://127.0.0.1:${ports.sasl}`);
    if (ports.ssl !== undefined) listeners.push(`SSL://127.0.0.1:${ports.ssl}`);
    if (ports.saslSsl !== undefined) listeners.push(`SASL_SSL://127.0.0.1:${ports.saslSsl}`);
  }
  const replication = Math.min(3, brokerCount);
  const quorum = input.dynamicQuorum
    ? `controller.quorum.bootstrap.servers=${input.voters.map((v) => `127.0.0.1:${v.controllerPort}`).join(',')}`
    : `controller.quorum.voters=${input.voters.map((v) => `${v.id}@127.0.0.1:${v.controllerPort}`).join(',')}`;
  const lines = [
    `process.roles=${roles}`,
    `node.id=${input.nodeId}`,
    quorum,
    `listeners=${(roles === 'broker' ? listeners : [...listeners, controller]).join(',')}`,
    `advertised.listeners=${(roles === 'controller' ? [controller] : listeners).join(',')}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL',
    'controller.listener.names=CONTROLLER',
    ...(roles === 'controller' ? [] : ['inter.broker.listener.name=PLAINTEXT']),
    `log.dirs=${logDirsOf(input.dataDir, input.logDirs).join(',')}`,
    'num.partitions=1',
    `default.replication.factor=1`,
    `offsets.topic.replication.factor=${replication}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${Math.min(2, brokerCount)}`,
    // Transactions left open past their timeout are aborted within a second, not Kafka's 10 s
    // (its own integration tests do the same), so a timeout test takes seconds.
    'transaction.abort.timed.out.transaction.cleanup.interval.ms=1000',
    `share.coordinator.state.topic.replication.factor=${replication}`,
    `share.coordinator.state.topic.min.isr=${Math.min(2, brokerCount)}`,
    // Tests join groups constantly; the default 3 s delay only slows them down.
    'group.initial.rebalance.delay.ms=0',
    // Small segments and quick checks keep a test cluster's disk use and shutdown short.
    'log.segment.bytes=67108864',
    'controlled.shutdown.enable=true',
    'auto.create.topics.enable=true',
    'delete.topic.enable=true',
  ];
  if (input.shareGroups === true)
    for (const [key, value] of Object.entries(shareGroupSettings)) lines.push(`${key}=${value}`);
  if (input.security === 'sasl' || input.security === 'ssl') {
    lines.push('sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER');
    lines.push(...jaasFor(input.security === 'sasl' ? 'sasl_plaintext' : 'sasl_ssl'));
    // KIP-368: short SASL sessions so that tests see clients re-authenticate within seconds
    // (brokers then close connections that do not). A test-cluster setting only.
    lines.push(`connections.max.reauth.ms=${REAUTH_MS}`);
    lines.push(`delegation.token.secret.key=${DELEGATION_TOKEN_SECRET}`);
  }
  if (input.authorizer === true) {
    if (input.security === 'plain') throw new Error('an authorizer needs a secured cluster (sasl or ssl)');
    // KRaft's authorizer keeps ACLs in the metadata log; controllers authorize too (combined nodes).
    lines.push('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    lines.push(`super.users=${superUsers.join(';')}`);
  }
  if (input.rack !== undefined) lines.push(`broker.rack=${input.rack}`);
  if (input.telemetryFile !== undefined) {
    // KIP-714: a metrics reporter implementing ClientTelemetry receives clients' pushes.
    lines.push(`metric.reporters=${TELEMETRY_RECEIVER_CLASS}`);
    lines.push(`${TELEMETRY_FILE_PROPERTY}=${input.telemetryFile}`);
  }
  if (input.security === 'ssl') {
    const c = input.certificates;
    if (!c) throw new Error('ssl security needs certificates');
    lines.push(
      `ssl.keystore.location=${c.brokerKeystore}`,
      'ssl.keystore.type=PKCS12',
      `ssl.keystore.password=${c.password}`,
      `ssl.key.password=${c.password}`,
      `ssl.truststore.location=${c.truststore}`,
      'ssl.truststore.type=PKCS12',
      `ssl.truststore.password=${c.password}`,
      // The SSL listener authenticates clients by certificate: one without a certificate signed
      // by the test CA is refused. SASL_SSL authenticates by SASL instead.
      'listener.name.ssl.ssl.client.auth=required',
      'listener.name.sasl_ssl.ssl.client.auth=none',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Logging configuration for the chosen backend, writing to `logFile` (or stderr when null). */
export function loggingProperties(
  backend: 'log4j2' | 'reload4j',
  logFile: string | null,
  level: string,
): string {
  if (backend === 'log4j2') {
    const appender = logFile
      ? ['appender.out.type=File', `appender.out.fileName=${logFile}`]
      : ['appender.out.type=Console', 'appender.out.target=SYSTEM_ERR'];
    return [
      'status=error',
      ...appender,
      'appender.out.name=OUT',
      'appender.out.layout.type=PatternLayout',
      'appender.out.layout.pattern=[%d] %p %m (%c)%n',
      `rootLogger.level=${level}`,
      'rootLogger.appenderRef.out.ref=OUT',
      '',
    ].join('\n');
  }
  const appender = logFile
    ? ['log4j.appender.out=org.apache.log4j.FileAppender', `log4j.appender.out.File=${logFile}`]
    : ['log4j.appender.out=org.apache.log4j.ConsoleAppender', 'log4j.appender.out.Target=System.err'];
  return [
    `log4j.rootLogger=${level}, out`,
    ...appender,
    'log4j.appender.out.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}
