/**
 * kafe/kafkajs's stand-in for KafkaJS's `testHelpers` module: the exports KafkaJS's spec files
 * import, on the brokers `KAFKAJS_SPEC_BROKERS` names (set by scripts/kafkajs-specs.ts). A
 * "cluster" here is the configuration of a kafe/kafkajs `Kafka`; the helpers that hand out
 * KafkaJS's internal objects (connection pools, connection builders) throw, naming them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, type KafkaConfig, KafkaJSTimeout, logLevel } from '../../src/kafkajs/index.js';

/** The brokers of the cluster the specs run on. */
function brokers(): string[] {
  const list = process.env.KAFKAJS_SPEC_BROKERS;
  if (list === undefined || list === '')
    throw new Error('KAFKAJS_SPEC_BROKERS is not set (run scripts/kafkajs-specs.ts)');
  return list.split(',');
}

/** What `createCluster` returns: a kafe/kafkajs configuration, with the cluster options KafkaJS's factories read. */
export interface SpecCluster {
  readonly config: KafkaConfig;
  readonly options: Record<string, unknown>;
}

/**
 * A kafe/kafkajs `Kafka` for a spec "cluster"; none (a spec passing a variable it assigns later,
 * which KafkaJS's factories do not read yet) is the default cluster.
 */
export function specKafka(cluster: SpecCluster | undefined): Kafka {
  return new Kafka((cluster ?? createCluster()).config);
}

export const secureRandom = (length = 10): string =>
  `${randomBytes(length).toString('hex')}-${process.pid}-${randomUUID()}`;

export const newLogger = () => new Kafka({ brokers: ['unused:1'], logLevel: logLevel.NOTHING }).logger();

export const plainTextBrokers = (): string[] => brokers();
export const sslBrokers = (): string[] => {
  throw new Error('sslBrokers: the KafkaJS specs run on a plaintext cluster');
};
export const saslBrokers = sslBrokers;
export const saslEntries: unknown[] = [];

export const connectionOpts = (opts: Record<string, unknown> = {}) => ({
  clientId: `test-${secureRandom()}`,
  connectionTimeout: 3000,
  requestTimeout: 30_000,
  ...opts,
});

const internal = (name: string) => () => {
  throw new Error(`testHelpers.${name}: builds KafkaJS's internal objects`);
};
export const sslConnectionOpts = internal('sslConnectionOpts');
export const saslConnectionOpts = internal('saslConnectionOpts');
export const saslSCRAM256ConnectionOpts = internal('saslSCRAM256ConnectionOpts');
export const saslSCRAM512ConnectionOpts = internal('saslSCRAM512ConnectionOpts');
export const saslOAuthBearerConnectionOpts = internal('saslOAuthBearerConnectionOpts');
export const createConnectionPool = internal('createConnectionPool');
export const createConnectionBuilder = internal('createConnectionBuilder');
export const unsupportedVersionResponse = internal('unsupportedVersionResponse');
export const unsupportedVersionResponseWithTimeout = internal('unsupportedVersionResponseWithTimeout');

/** A "cluster": the configuration a kafe/kafkajs client is made with. */
export function createCluster(opts: Record<string, unknown> = {}, list: string[] = brokers()): SpecCluster {
  const { clientId, connectionTimeout, requestTimeout, retry, ...options } = connectionOpts(opts) as {
    clientId: string;
    connectionTimeout: number;
    requestTimeout: number;
    retry?: KafkaConfig['retry'];
  } & Record<string, unknown>;
  return {
    config: {
      brokers: list,
      clientId,
      connectionTimeout,
      requestTimeout,
      ...(retry === undefined ? {} : { retry }),
      logLevel: logLevel.NOTHING,
    },
    options,
  };
}

/** KafkaJS's test partitioner: the key's digits modulo 3. */
export const createModPartitioner =
  () =>
  ({ partitionMetadata, message }: { partitionMetadata: unknown[]; message: { key: string } }) => {
    const key = Number.parseInt(String(message.key).replace(/[^\d]/g, ''), 10);
    return ((key || 0) % 3) % partitionMetadata.length;
  };

/** KafkaJS's `waitFor`: polls `fn` until it returns something truthy, which it resolves with. */
export async function waitFor<T>(
  fn: (totalWait: number) => T | Promise<T>,
  { delay = 50, maxWait = 10_000, timeoutMessage = 'Timeout', ignoreTimeout = false } = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const result = await fn(Date.now() - started);
    if (result) return result;
    if (Date.now() - started > maxWait) {
      if (ignoreTimeout) return result;
      throw new KafkaJSTimeout(timeoutMessage);
    }
    await sleep(delay);
  }
}

export const waitForMessages = <T>(buffer: T[], { number = 1, delay = 50 } = {}) =>
  waitFor(() => (buffer.length >= number ? buffer : false), { delay, maxWait: 30_000 });

type Listening = {
  on(name: string, f: (event: { payload: { error: Error } }) => void): () => void;
  events: { CRASH: string; GROUP_JOIN: string };
  disconnect(): Promise<void>;
};

export const waitForNextEvent = (consumer: Listening, eventName: string, { maxWait = 10_000 } = {}) =>
  new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`Timeout waiting for '${eventName}'`)), maxWait);
    consumer.on(eventName, (event) => {
      clearTimeout(timeout);
      resolve(event);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      clearTimeout(timeout);
      reject(event.payload.error);
    });
  });

export const waitForConsumerToJoinGroup = (consumer: Listening, { maxWait = 10_000, label = '' } = {}) =>
  new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      void consumer.disconnect().then(() => reject(new Error(`Timeout ${label}`.trim())));
    }, maxWait);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      clearTimeout(timeout);
      resolve(event);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      clearTimeout(timeout);
      void consumer.disconnect().then(() => reject(event.payload.error));
    });
  });

/** Creates a topic through a kafe/kafkajs admin client. */
export async function createTopic({
  topic,
  partitions = 1,
  replicas = 1,
  config = [],
}: {
  topic: string;
  partitions?: number;
  replicas?: number;
  config?: { name: string; value: string }[];
}): Promise<void> {
  const admin = specKafka(createCluster()).admin();
  try {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: replicas, configEntries: config }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Grows a topic to `partitions` partitions (KafkaJS runs Kafka's script for it). */
export async function addPartitions({
  topic,
  partitions,
}: {
  topic: string;
  partitions: number;
}): Promise<void> {
  const admin = specKafka(createCluster()).admin();
  try {
    await admin.connect();
    await admin.createPartitions({ topicPartitions: [{ topic, count: partitions }] });
  } finally {
    await admin.disconnect();
  }
}

/** Retries `fn` while it fails with a protocol error of `errorType`. */
export const retryProtocol = <T>(errorType: string, fn: () => Promise<T>) =>
  waitFor(
    async () => {
      try {
        return await fn();
      } catch (e) {
        if ((e as { type?: string }).type !== errorType) throw e;
        return false;
      }
    },
    { ignoreTimeout: true },
  );

type TestFn = (name: string, body: () => unknown) => unknown;
const globalTest = () => (globalThis as unknown as { test: TestFn & { skip: TestFn } }).test;
const globalDescribe = () => (globalThis as unknown as { describe: TestFn & { skip: TestFn } }).describe;

/** The harness runs Kafka 4.x: tests for Kafka 0.11 and later run, those for 0.10 and earlier are skipped. */
export const testIfKafkaAtLeast_0_11: TestFn = (name, body) => globalTest()(name, body);
export const testIfKafkaAtLeast_1_1_0: TestFn = (name, body) => globalTest()(name, body);
export const testIfKafkaAtMost_0_10: TestFn = (name, body) => globalTest().skip(name, body);
export const flakyTest: TestFn = (name, body) => globalTest()(`[flaky] ${name}`, body);
export const describeIfOauthbearerEnabled: TestFn = (name, body) => globalDescribe().skip(name, body);
export const describeIfOauthbearerDisabled: TestFn = (name, body) => globalDescribe()(name, body);

export const generateMessages = ({ prefix, number = 100 }: { prefix?: string; number?: number } = {}) =>
  Array.from({ length: number }, (_, i) => {
    const value = secureRandom();
    const p = prefix ? `-${prefix}` : '';
    return { key: `key${p}-${i}-${value}`, value: `value${p}-${i}-${value}` };
  });
