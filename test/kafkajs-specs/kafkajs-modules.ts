/**
 * What KafkaJS's spec files `require` from KafkaJS's own source tree, made of kafe/kafkajs: the
 * client factories (`src/admin`, `src/producer`, `src/consumer`, `src/index`), the error
 * classes, the enums and protocol constants, the small utilities. A spec reaching for anything
 * else (the broker, the cluster, the request queue, the fetch manager...) tests KafkaJS's
 * internals and gets an error that says so (`module-routes.ts`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as kafe from '../../src/kafkajs/index.js';
import { protocolErrorInfo } from '../../src/kafkajs/protocol-errors.js';
import { errorCodes as kafeErrorCodes } from '../../src/protocol/messages/error-codes.js';
import { type SpecCluster, specKafka, waitFor } from './test-helpers.js';

/**
 * KafkaJS's internal factories take `{ cluster, logger, instrumentationEmitter, ...config }`:
 * the config, on a kafe/kafkajs client of that "cluster" (which has its own logger and events).
 */
const factory =
  <C, T>(make: (kafka: kafe.Kafka, config: C) => T) =>
  ({
    cluster,
    logger: _l,
    instrumentationEmitter: _e,
    ...config
  }: C & { cluster: SpecCluster; logger?: unknown; instrumentationEmitter?: unknown }) =>
    make(specKafka(cluster), config as C);
const createAdmin = factory((kafka, config: kafe.AdminConfig) => kafka.admin(config));
const createProducer = factory((kafka, config: kafe.ProducerConfig) => kafka.producer(config));
const createConsumer = factory((kafka, config: kafe.ConsumerConfig) => kafka.consumer(config));

/** KafkaJS's error table (`protocol/error`), as kafe/kafkajs reports codes. */
const errorCodes = Object.values(kafeErrorCodes)
  .filter((e) => e.code !== 0)
  .map((e) => protocolErrorInfo(e.code));
const createErrorFromCode = (code: number) => new kafe.KafkaJSProtocolError(protocolErrorInfo(code));

/** The value of each KafkaJS module a spec may require, by its path under KafkaJS's `src/` (no `.js`). */
export const kafkajsModules: Record<string, unknown> = {
  index: kafe.Kafka,
  admin: createAdmin,
  'admin/index': createAdmin,
  producer: createProducer,
  'producer/index': createProducer,
  consumer: createConsumer,
  'consumer/index': createConsumer,
  'consumer/assignerProtocol': kafe.AssignerProtocol,
  'producer/partitioners': kafe.Partitioners,
  errors: {
    ...kafe,
    isRebalancing: (e: { type?: string }) =>
      e.type === 'REBALANCE_IN_PROGRESS' ||
      e.type === 'NOT_COORDINATOR_FOR_GROUP' ||
      e.type === 'ILLEGAL_GENERATION',
    isKafkaJSError: (e: unknown) => e instanceof kafe.KafkaJSError,
  },
  'protocol/error': { createErrorFromCode, errorCodes },
  'protocol/message/compression': { Types: kafe.CompressionTypes, Codecs: kafe.CompressionCodecs },
  'protocol/isolationLevel': { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 },
  'protocol/aclResourceTypes': kafe.AclResourceTypes,
  'protocol/aclOperationTypes': kafe.AclOperationTypes,
  'protocol/aclPermissionTypes': kafe.AclPermissionTypes,
  'protocol/resourcePatternTypes': kafe.ResourcePatternTypes,
  'protocol/configResourceTypes': kafe.ConfigResourceTypes,
  'protocol/configSource': kafe.ConfigSource,
  // KafkaJS's internal event bus, which its specs hand to the cluster and the client so that
  // network events reach the client's listeners: kafe/kafkajs clients have their own (the
  // factories above drop it), so a bus with nothing in it stands in.
  'instrumentation/emitter': class InstrumentationEventEmitter {},
  // KafkaJS's retrier as its specs call it: `fn` again while it throws, a few times.
  retry:
    ({ retries = 5 }: { retries?: number } = {}) =>
    async <T>(fn: (bail: (e: Error) => never, attempt: number) => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++)
        try {
          return await fn((e) => {
            throw e;
          }, attempt);
        } catch (error) {
          if (attempt >= retries) throw error;
          await sleep(100 * 2 ** attempt);
        }
    },
  'utils/sleep': (ms: number) => sleep(ms),
  'utils/waitFor': waitFor,
  'utils/seq': (count: number, f: (i: number) => unknown = (i) => i) =>
    Array.from({ length: count }, (_, i) => f(i)),
  'utils/uniq': <T>(list: T[]) => [...new Set(list)],
};
