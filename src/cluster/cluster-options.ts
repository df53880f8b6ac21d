/**
 * The options of a {@link Cluster} (and so of `Kafka` and `createKafe`) and their schema, checked
 * when the client is made (`option-schema.ts`): connection settings passed to every `net/`
 * connection, bootstrap, backoff and deadlines. Names are Java's configuration keys in
 * camelCase. SASL mechanism names are accepted in any case (KafkaJS users write `'plain'`).
 */
import { type Logger, type LogLevel, logLevels } from '../net/logger.js';
import { apiKeys } from '../protocol/messages/index.js';
import { parseBootstrap } from './broker-address.js';
import type { ConnectionSettings } from './broker-pool.js';
import { ConfigurationError } from './errors.js';
import {
  boolean,
  checkOptions,
  either,
  func,
  instanceOf,
  integer,
  type OptionRule,
  type OptionSchema,
  object,
  objectOf,
  oneOf,
  string,
} from './option-schema.js';

/** Options of a {@link Cluster}: where to start, how to connect, how long to try. */
export interface ClusterOptions extends ConnectionSettings {
  /** Bootstrap brokers, `host:port` each (IPv6 as `[::1]:9092`), or one comma-separated string. */
  brokers: readonly string[] | string;
  /** Connections per broker. Default 1. */
  connectionsPerBroker?: number;
  /** First delay before reconnecting to a broker after a failed connection, ms (Java `reconnect.backoff.ms`). Default 50. */
  reconnectBackoffMs?: number;
  /** Largest reconnect delay, ms; delays double up to it, with jitter (Java `reconnect.backoff.max.ms`). Default 1000. */
  reconnectBackoffMaxMs?: number;
  /** First delay before retrying a failed request, ms (Java `retry.backoff.ms`). Default 100. */
  retryBackoffMs?: number;
  /** Largest retry delay, ms; delays double up to it, with jitter (Java `retry.backoff.max.ms`, KIP-580). Default 1000. */
  retryBackoffMaxMs?: number;
  /** Deadline of an operation across its retries, unless the call gives one. Default 30000 ms. */
  timeoutMs?: number;
  /** Metadata is refreshed at least this often. Default 300000 ms (Java `metadata.max.age.ms`). */
  metadataMaxAgeMs?: number;
  /**
   * Where log lines go: any object with `debug`, `info`, `warn` and `error(message, fields)`
   * (winston, console; pino with its arguments swapped, see README). `null` logs nothing.
   * Default: warnings and errors to stderr. The producers, consumers and admin client of a
   * `Kafka` log to their `Kafka`'s logger.
   */
  logger?: Logger | null;
  /**
   * KIP-714: push the client's metrics to the brokers when they have a client-metrics
   * subscription for it (Java `enable.metrics.push`). Default true; brokers without a
   * subscription get nothing.
   */
  enableMetricsPush?: boolean;
  /** The least severe level logged. Default `info` with a `logger`, `warn` for the default stderr one. */
  logLevel?: LogLevel;
}

const USER_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

type Credentials = { mechanism: string; username: string; password: string; tokenAuthentication?: boolean };
const credentials: OptionSchema<Credentials> = {
  mechanism: string(),
  username: { ...string(), required: true },
  password: { ...string({ empty: true, secret: true }), required: true },
  tokenAuthentication: boolean,
};
const oauthBearer: OptionSchema<{ mechanism: string; tokenProvider: unknown }> = {
  mechanism: string(),
  tokenProvider: { ...func, required: true },
};

/** The `sasl` option: a built-in mechanism by name (any case) with what it needs, or a `SaslMechanism`. */
const sasl: OptionRule = {
  expected: `{ mechanism: ${[...USER_MECHANISMS, 'OAUTHBEARER'].join(' | ')} (any case), ... } or a SaslMechanism`,
  secret: true,
  accepts: (v, path) => {
    if (v === null || typeof v !== 'object') return false;
    const o = v as Record<string, unknown>;
    if (typeof o.authenticate === 'function') {
      if (typeof o.name !== 'string' || o.name === '')
        throw new ConfigurationError(`${path}.name: a SaslMechanism needs its name as a non-empty string`, {
          option: `${path}.name`,
        });
      return true;
    }
    const mechanism = typeof o.mechanism === 'string' ? o.mechanism.toUpperCase() : undefined;
    if (mechanism !== undefined && USER_MECHANISMS.includes(mechanism)) {
      checkOptions(o as Credentials, credentials, [], `${path}.`);
      // Delegation tokens authenticate over SCRAM only (KIP-48).
      if (mechanism === 'PLAIN' && o.tokenAuthentication !== undefined)
        throw new ConfigurationError(
          `${path}.tokenAuthentication: delegation tokens need a SCRAM mechanism`,
          {
            option: `${path}.tokenAuthentication`,
          },
        );
    } else if (mechanism === 'OAUTHBEARER') checkOptions(o, oauthBearer, [], `${path}.`);
    else
      throw new ConfigurationError(
        `${path}.mechanism: expected one of ${[...USER_MECHANISMS, 'OAUTHBEARER'].join(', ')} (any case)${
          typeof o.mechanism === 'string' ? `, got ${JSON.stringify(o.mechanism)}` : ''
        }, or an object with name and authenticate (a SaslMechanism)`,
        { option: `${path}.mechanism` },
      );
    return true;
  },
};

const apiNames = Object.keys(apiKeys) as (keyof typeof apiKeys)[];

/** The schema of {@link ClusterOptions}. */
export const clusterOptionSchema: OptionSchema<ClusterOptions> = {
  brokers: {
    expected: 'a non-empty list of "host:port" (or one comma-separated string)',
    accepts: (v) => parseBootstrap(v).length > 0,
    required: true,
  },
  clientId: either(string({ empty: true }), oneOf([null])),
  // Node's `tls.connect` options (`ca`, `cert`, `key`, `pfx`, `passphrase`, ...) are checked by Node.
  tls: { ...either(boolean, object), secret: true },
  sasl,
  connectTimeoutMs: integer(1),
  requestTimeoutMs: integer(1),
  maxResponseSize: integer(1),
  maxVersions: objectOf(
    Object.fromEntries(apiNames.map((n) => [n, integer(0, 32767)])) as OptionSchema<object>,
  ),
  clientSoftware: objectOf<{ name: string; version: string }>({
    name: { ...string(), required: true },
    version: { ...string(), required: true },
  }),
  signal: instanceOf(AbortSignal),
  connectionsPerBroker: integer(1),
  reconnectBackoffMs: integer(0),
  reconnectBackoffMaxMs: integer(0),
  retryBackoffMs: integer(0),
  retryBackoffMaxMs: integer(0),
  timeoutMs: integer(1),
  metadataMaxAgeMs: integer(1),
  logger: either(oneOf([null]), {
    expected: 'an object with debug, info, warn and error functions',
    accepts: (v) =>
      v !== null &&
      typeof v === 'object' &&
      ['debug', 'info', 'warn', 'error'].every(
        (m) => typeof (v as Record<string, unknown>)[m] === 'function',
      ),
  }),
  logLevel: oneOf(logLevels),
  enableMetricsPush: boolean,
};

/** Checks `options` (throws {@link ConfigurationError} naming the bad option). */
export function checkClusterOptions(options: ClusterOptions): void {
  checkOptions(options, clusterOptionSchema);
}
