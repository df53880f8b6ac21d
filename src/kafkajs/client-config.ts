/**
 * The configuration of KafkaJS's `Kafka` and what each client does with it: a kafe cluster of
 * its own per `connect()` (brokers, TLS, SASL, timeouts, retries, logging). The clients see
 * their `Kafka` through {@link ClientContext} only, so this folder's files do not import each
 * other in circles.
 */
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { Cluster } from '../cluster/cluster.js';
import type { ClusterOptions } from '../cluster/cluster-options.js';
import type { ClientScope } from '../net/client-scope.js';
import { clientScopeFor } from '../observability/client-scope-for.js';
import { logLevel } from './enums.js';
import { toKafkaJSError } from './error-mapping.js';
import { KafkaJSNonRetriableError } from './errors.js';
import { kafeLogger, kafeLogLevel, type Logger, type logCreator } from './logger.js';
import { kafeSasl, type Mechanism, type SASLOptions } from './sasl.js';

/** How KafkaJS retries: exponential backoff from `initialRetryTime` within `maxRetryTime`. */
export interface RetryOptions {
  /** The most time spent on an operation across its retries, ms (default 30000). */
  maxRetryTime?: number;
  /** The first delay, ms (default 300). */
  initialRetryTime?: number;
  /** Jitter, as a fraction of the delay (default 0.2). */
  factor?: number;
  /** Growth of the delay per retry (default 2). */
  multiplier?: number;
  /** How many times to retry (default 5). */
  retries?: number;
  /** Whether a consumer restarts after a crash (default: yes). */
  restartOnFailure?: (e: Error) => Promise<boolean>;
}

/** Makes the list of bootstrap brokers when a client connects. */
export type BrokersFunction = () => string[] | Promise<string[]>;

/** What a custom socket factory gets (KafkaJS's; kafe makes its own sockets and ignores it). */
export interface ISocketFactoryArgs {
  host: string;
  port: number;
  ssl: tls.ConnectionOptions;
  onConnect: () => void;
}

/** A custom socket factory (accepted for compatibility; kafe makes its own sockets). */
export type ISocketFactory = (args: ISocketFactoryArgs) => net.Socket;

/** The options of {@link Kafka}. */
export interface KafkaConfig {
  brokers: string[] | BrokersFunction;
  ssl?: tls.ConnectionOptions | boolean;
  sasl?: SASLOptions | Mechanism;
  clientId?: string;
  /** Connect timeout, ms (default 1000). */
  connectionTimeout?: number;
  authenticationTimeout?: number;
  reauthenticationThreshold?: number;
  /** Request timeout, ms (default 30000). */
  requestTimeout?: number;
  enforceRequestTimeout?: boolean;
  retry?: RetryOptions;
  socketFactory?: ISocketFactory;
  logLevel?: logLevel;
  logCreator?: logCreator;
}

/** Settings of one kafe `Kafka` a client adds to the shared ones. */
export type ClientSettings = Partial<
  Pick<ClusterOptions, 'metadataMaxAgeMs' | 'timeoutMs' | 'retryBackoffMs' | 'retryBackoffMaxMs'>
>;

/** kafe's retry settings for KafkaJS's (`timeoutMs` is the whole operation's bound). */
export function kafeRetry(retry: RetryOptions | undefined): ClientSettings {
  const initial = retry?.initialRetryTime ?? 300;
  const maxTime = retry?.maxRetryTime ?? 30_000;
  const growth = (retry?.multiplier ?? 2) ** Math.min(retry?.retries ?? 5, 30);
  return {
    timeoutMs: Math.max(1, Math.round(maxTime)),
    retryBackoffMs: Math.max(0, Math.round(initial)),
    retryBackoffMaxMs: Math.max(Math.round(initial), Math.round(Math.min(maxTime, initial * growth))),
  };
}

/** What a client needs of the `Kafka` that made it. */
export interface ClientContext {
  /** The client's parent logger. */
  logger(): Logger;
  /** The retry settings clients use unless they have their own. */
  readonly retry: RetryOptions | undefined;
  /** A connected kafe cluster for one client (see {@link connectCluster}). */
  connectCluster(settings?: ClientSettings, watch?: (scope: ClientScope) => void): Promise<Cluster>;
}

/**
 * A kafe cluster for one client, with `config` and the client's `settings`: the brokers (the
 * function called now), TLS, SASL, timeouts, retries, logging through `logger`. Its first
 * metadata request has been answered, so that `connect()` fails as KafkaJS's does when no
 * broker can be reached. `watch` gets the cluster's client scope before its first request, so
 * the client's REQUEST events include the connection's handshake (ApiVersions), as KafkaJS's do.
 */
export async function connectCluster(
  config: KafkaConfig,
  logger: Logger,
  settings: ClientSettings = {},
  watch?: (scope: ClientScope) => void,
): Promise<Cluster> {
  const c = config;
  const brokers = typeof c.brokers === 'function' ? await c.brokers() : c.brokers;
  if (!Array.isArray(brokers) || brokers.length === 0)
    throw new KafkaJSNonRetriableError('Failed to connect: brokers list is empty');
  const options: ClusterOptions = {
    brokers,
    clientId: c.clientId ?? 'kafkajs',
    connectTimeoutMs: c.connectionTimeout ?? 1000,
    requestTimeoutMs: c.requestTimeout ?? 30_000,
    ...kafeRetry(c.retry),
    ...settings,
    logger: kafeLogger(logger),
    logLevel: kafeLogLevel(c.logLevel ?? logLevel.INFO),
  };
  if (c.ssl !== undefined && c.ssl !== false) options.tls = c.ssl;
  if (c.sasl !== undefined) options.sasl = kafeSasl(c.sasl, logger);
  let cluster: Cluster;
  try {
    cluster = new Cluster(options, clientScopeFor(options));
  } catch (error) {
    throw toKafkaJSError(error);
  }
  watch?.(cluster.scope);
  try {
    await cluster.refreshTopics([]);
  } catch (error) {
    await cluster.close();
    throw toKafkaJSError(error);
  }
  return cluster;
}
