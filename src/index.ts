/**
 * kafe: an Apache Kafka client for Node.js.
 *
 * This entry point re-exports the public API. Layers, from the bottom: `protocol/` (pure
 * encoding and decoding), `net/` (one connection), `cluster/` (routing), then the clients.
 */

export * from './admin/index.js';
export type { CallOptions, Cluster, ClusterOptions, SendOptions } from './cluster/cluster.js';
export {
  type BrokerOutcome,
  ClientClosedError,
  ConfigurationError,
  DeadlineExceededError,
  InvalidArgumentError,
  OperationAbortedError,
  PartialFailureError,
} from './cluster/errors.js';
export type { BrokerInfo, PartitionInfo, TopicInfo } from './cluster/metadata-cache.js';
export * from './consumer/index.js';
export type * from './kafe/types.js';
export { createKafe, type Kafe, type KafeOptions } from './kafe.js';
export { Kafka, type KafkaOptions } from './kafka.js';
export type { ClientScope } from './net/client-scope.js';
export {
  AuthenticationError,
  ConnectionClosedError,
  ConnectionError,
  FrameTooLargeError,
  RequestAbortedError,
  RequestTimeoutError,
  TlsCertificateError,
  TlsClientCertificateError,
  UnsupportedVersionError,
} from './net/errors.js';
export { type LogFields, type Logger, type LogLevel, logLevels } from './net/logger.js';
export type { MetricsSnapshot } from './net/network-metrics.js';
export type { SaslMechanism } from './net/sasl/mechanism.js';
export type { SaslOptions } from './net/sasl/options.js';
export { type PrometheusOptions, prometheusText } from './observability/prometheus.js';
export {
  type ClientFactory,
  type ExactlyOnceCommit,
  type ExactlyOnceOptions,
  runExactlyOnce,
} from './pipeline/exactly-once.js';
export * from './producer/index.js';
export { BrokerError } from './protocol/broker-error.js';
export { DecodeError, EncodeError, KafeError, type KafeErrorOptions } from './protocol/errors.js';
export * from './share/index.js';
