/**
 * What KafkaJS's spec files `require` from KafkaJS's own source tree, made of kafe/kafkajs: the
 * client factories (`src/admin`, `src/producer`, `src/consumer`, `src/index`), the error
 * classes, the enums and protocol constants, the small utilities. A spec reaching for anything
 * else (the broker, the cluster, the request queue, the fetch manager...) tests KafkaJS's
 * internals and gets an error that says so (`module-routes.ts`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as kafe from '../../src/kafkajs/index.js';
import { errorCodeInfo, errorCodes as kafeErrorCodes } from '../../src/protocol/messages/error-codes.js';
import { type SpecCluster, specKafka, waitFor } from './test-helpers.js';

/** KafkaJS's internal factories take `{ cluster, logger, ...config }`: the config, on kafe/kafkajs. */
type FactoryArgs<C> = C & { cluster: SpecCluster; logger?: unknown };

const createAdmin = ({ cluster, logger: _logger, ...config }: FactoryArgs<kafe.AdminConfig>) =>
  specKafka(cluster).admin(config);
const createProducer = ({ cluster, logger: _logger, ...config }: FactoryArgs<kafe.ProducerConfig>) =>
  specKafka(cluster).producer(config);
const createConsumer = ({ cluster, logger: _logger, ...config }: FactoryArgs<kafe.ConsumerConfig>) =>
  specKafka(cluster).consumer(config);

/** KafkaJS's error table, from kafe's (KafkaJS's older names for codes Kafka renamed). */
const RENAMED: Record<string, string> = {
  NOT_LEADER_OR_FOLLOWER: 'NOT_LEADER_FOR_PARTITION',
  COORDINATOR_LOAD_IN_PROGRESS: 'GROUP_LOAD_IN_PROGRESS',
  COORDINATOR_NOT_AVAILABLE: 'GROUP_COORDINATOR_NOT_AVAILABLE',
  NOT_COORDINATOR: 'NOT_COORDINATOR_FOR_GROUP',
};
const errorCodes = Object.values(kafeErrorCodes).map((e) => ({
  type: RENAMED[e.name] ?? e.name,
  code: e.code,
  retriable: e.retriable,
  message: e.message,
}));
const createErrorFromCode = (code: number) => {
  const info = errorCodeInfo(code);
  return new kafe.KafkaJSProtocolError({
    type: info === undefined ? 'KAFKAJS_UNKNOWN_ERROR_CODE' : (RENAMED[info.name] ?? info.name),
    code,
    retriable: info?.retriable ?? false,
    message: info?.message ?? `Unknown error code ${code}`,
  });
};

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
  'utils/sleep': (ms: number) => sleep(ms),
  'utils/waitFor': waitFor,
  'utils/seq': (count: number, f: (i: number) => unknown = (i) => i) =>
    Array.from({ length: count }, (_, i) => f(i)),
  'utils/uniq': <T>(list: T[]) => [...new Set(list)],
};
