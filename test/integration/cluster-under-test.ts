/**
 * Access, from an integration test, to the cluster `scripts/test.ts` started for the test's
 * profile folder and to a kafe client of it, and thin wrappers over Kafka's own console tools
 * for interop checks.
 */
import { after } from 'node:test';
import { KafkaCluster } from '../../harness/cluster.js';
import { type JavaClientAuth, runKafkaTool, writeJavaClientConfig } from '../../harness/java-tools.js';
import type { NewTopic } from '../../src/admin/topics.js';
import { Kafka, type KafkaOptions } from '../../src/kafka.js';

/** The cluster named by `KAFE_TEST_CLUSTER` (set by `npm test`). */
export function clusterUnderTest(): KafkaCluster {
  const name = process.env.KAFE_TEST_CLUSTER;
  if (!name)
    throw new Error(
      'Integration tests need a cluster: run them with `npm test` or `npm run test:integration`.',
    );
  return KafkaCluster.load(name);
}

/**
 * A {@link Kafka} client of the cluster under test, on its plaintext listener unless `options`
 * name other `brokers`. Called in a `describe` body, it is closed by that suite's `after` hook.
 */
export function kafkaUnderTest(options: Partial<KafkaOptions> & { clientId: string }): Kafka {
  const kafka = new Kafka({ brokers: clusterUnderTest().bootstrapFor('plaintext').split(','), ...options });
  after(() => kafka.close());
  return kafka;
}

/** Creates `topics` through a throwaway {@link Kafka} client made with `options`. */
export async function createTopicsWith(options: KafkaOptions, topics: readonly NewTopic[]): Promise<void> {
  const kafka = new Kafka(options);
  try {
    (await kafka.admin().createTopics(topics)).throwIfFailed();
  } finally {
    await kafka.close();
  }
}

/** Java client timeouts short enough that a refused client fails in seconds, not the 60 s default. */
export const quickClientTimeouts = {
  'default.api.timeout.ms': '8000',
  'request.timeout.ms': '4000',
  'max.block.ms': '8000',
} as const;

/** A topic name no earlier run can have used. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** One partition as `kafka-topics --describe` prints it. */
export interface DescribedPartition {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

const is4x = (cluster: KafkaCluster) => cluster.info.version.startsWith('4.');

async function configArgs(
  cluster: KafkaCluster,
  auth: JavaClientAuth | undefined,
  legacyFlag: string,
): Promise<string[]> {
  if (!auth) return [];
  // The 4.x console tools take --command-config (the old flags are deprecated); 3.9 knows only
  // --producer.config / --consumer.config.
  return [is4x(cluster) ? '--command-config' : legacyFlag, await writeJavaClientConfig(cluster, auth)];
}

function bootstrapOf(cluster: KafkaCluster, auth: JavaClientAuth | undefined): string {
  return cluster.bootstrapFor(auth?.listener ?? 'plaintext');
}

function check(what: string, result: { exitCode: number; stdout: string; stderr: string }): string {
  if (result.exitCode !== 0)
    throw new Error(`${what} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Creates a topic with `kafka-topics`. */
export async function createTopic(
  cluster: KafkaCluster,
  topic: string,
  partitions: number,
  replicationFactor: number,
): Promise<void> {
  const args = ['--bootstrap-server', bootstrapOf(cluster, undefined), '--create', '--topic', topic];
  args.push('--partitions', String(partitions), '--replication-factor', String(replicationFactor));
  check('kafka-topics --create', await runKafkaTool(cluster, 'topics', args));
}

/** Describes a topic with `kafka-topics` and parses the partition lines. */
export async function describeTopic(cluster: KafkaCluster, topic: string): Promise<DescribedPartition[]> {
  const out = check(
    'kafka-topics --describe',
    await runKafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      bootstrapOf(cluster, undefined),
      '--describe',
      '--topic',
      topic,
    ]),
  );
  const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean).map(Number) : []);
  const partitions: DescribedPartition[] = [];
  for (const match of out.matchAll(
    /Partition: (\d+)\s+Leader: (-?\d+|none)\s+Replicas: ([\d,]*)\s+Isr: ([\d,]*)/g,
  )) {
    partitions.push({
      partition: Number(match[1]),
      leader: match[2] === 'none' ? -1 : Number(match[2]),
      replicas: list(match[3]),
      isr: list(match[4]),
    });
  }
  return partitions.sort((a, b) => a.partition - b.partition);
}

/** Lists topics through a listener with `kafka-topics --list`; resolves to the tool's result. */
export async function listTopics(cluster: KafkaCluster, auth: JavaClientAuth) {
  const args = ['--bootstrap-server', bootstrapOf(cluster, auth), '--list'];
  args.push('--command-config', await writeJavaClientConfig(cluster, auth));
  return runKafkaTool(cluster, 'topics', args, { timeoutMs: 60_000 });
}

/** Sends each line as one record with the console producer. */
export async function produceLines(
  cluster: KafkaCluster,
  topic: string,
  lines: string[],
  auth?: JavaClientAuth,
) {
  const args = ['--bootstrap-server', bootstrapOf(cluster, auth), '--topic', topic];
  args.push(...(await configArgs(cluster, auth, '--producer.config')));
  return runKafkaTool(cluster, 'console-producer', args, {
    input: `${lines.join('\n')}\n`,
    timeoutMs: 90_000,
  });
}

/** Reads up to `max` record values from the beginning with the console consumer. */
export async function consumeLines(
  cluster: KafkaCluster,
  topic: string,
  max: number,
  auth?: JavaClientAuth,
): Promise<string[]> {
  const args = ['--bootstrap-server', bootstrapOf(cluster, auth), '--topic', topic, '--from-beginning'];
  args.push('--max-messages', String(max), '--timeout-ms', '20000');
  args.push(...(await configArgs(cluster, auth, '--consumer.config')));
  const result = await runKafkaTool(cluster, 'console-consumer', args, { timeoutMs: 90_000 });
  // The consumer exits non-zero on its --timeout-ms; the records it printed are what counts.
  return result.stdout.split('\n').filter((line) => line.length > 0);
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
