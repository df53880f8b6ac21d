/**
 * The cluster layer: bootstrap, metadata cache, broker pool, routing per API (leader,
 * coordinators, controller, any broker), retries driven by the generated error table, and
 * requests split per broker with per-broker results. It imports only `net/` and `protocol/`;
 * producer, consumer and admin clients build on {@link Cluster}.
 */
export { type BrokerAddress, formatAddress, parseBootstrap, parseBrokerAddress } from './broker-address.js';
export { BrokerPool, type BrokerPoolOptions, type ConnectionSettings } from './broker-pool.js';
export {
  type CallOptions,
  Cluster,
  type ClusterOptions,
  type LeaderGroups,
  type SendOptions,
} from './cluster.js';
export {
  CoordinatorCache,
  type CoordinatorInfo,
  type CoordinatorLookup,
  findCoordinators,
  invalidatesCoordinator,
} from './coordinators.js';
export {
  clusterChannelNames,
  clusterChannels,
  type MetadataMessage,
  type RetryMessage,
} from './diagnostics.js';
export {
  type BrokerOutcome,
  ClientClosedError,
  ConfigurationError,
  DeadlineExceededError,
  InvalidArgumentError,
  OperationAbortedError,
  PartialFailureError,
} from './errors.js';
export {
  type BrokerInfo,
  MetadataCache,
  type MetadataChange,
  type PartitionInfo,
  type TopicInfo,
} from './metadata-cache.js';
export { type MetadataFetch, MetadataRefresher } from './metadata-refresh.js';
export {
  type Attempt,
  type BackoffOptions,
  backoffDelay,
  isRetriable,
  type RetryOptions,
  raceAbort,
  retry,
  sleep,
} from './retry.js';
export {
  type ClientRouteKind,
  CoordinatorType,
  type Destination,
  destinationOf,
  type RoutableApi,
  RouteKind,
  type RouteOf,
  routes,
  type TargetOf,
} from './routing.js';
export { type TopicPartition, topicPartitionKey } from './topic-partition.js';
