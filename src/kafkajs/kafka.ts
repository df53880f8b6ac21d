/**
 * `Kafka`, KafkaJS's entry object, on kafe: it keeps the configuration and hands out
 * producers, consumers and admin clients. As in KafkaJS, each client connects on its own
 * (`connect()`: a kafe cluster of its own, with its own connections and client scope for logs
 * and diagnostics, closed by `disconnect()`), so `brokers` may be an async function, called at
 * each `connect()`.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { ClientScope } from '../net/client-scope.js';
import { Admin, type AdminConfig } from './admin.js';
import {
  type ClientContext,
  type ClientSettings,
  connectCluster,
  type KafkaConfig,
  type RetryOptions,
} from './client-config.js';
import { Consumer, type ConsumerConfig } from './consumer.js';
import { logLevel } from './enums.js';
import { KafkaJSNonRetriableError } from './errors.js';
import { consoleLogCreator, createLogger, type Logger } from './logger.js';
import { Producer, type ProducerConfig } from './producer.js';

/** A connection to one Kafka cluster, KafkaJS's way. */
export class Kafka implements ClientContext {
  private readonly config: KafkaConfig;
  private readonly rootLogger: Logger;

  constructor(config: KafkaConfig) {
    if (config === null || typeof config !== 'object')
      throw new KafkaJSNonRetriableError('Kafka: a config object is required');
    if (!Array.isArray(config.brokers) && typeof config.brokers !== 'function')
      throw new KafkaJSNonRetriableError('Failed to connect: expected brokers array and got nothing');
    this.config = { ...config };
    const level = config.logLevel ?? logLevel.INFO;
    this.rootLogger = createLogger((config.logCreator ?? consoleLogCreator)(level), level);
  }

  /** A new producer (connect it before sending). */
  producer(config?: ProducerConfig): Producer {
    return new Producer(this, config ?? {});
  }

  /** A new consumer of group `config.groupId` (connect, subscribe, then run). */
  consumer(config: ConsumerConfig): Consumer {
    return new Consumer(this, config);
  }

  /** A new admin client (connect it before use). */
  admin(config?: AdminConfig): Admin {
    return new Admin(this, config ?? {});
  }

  /** The client's logger (`logCreator` at `logLevel`). */
  logger(): Logger {
    return this.rootLogger;
  }

  /** The retry settings clients use unless they have their own. */
  get retry(): RetryOptions | undefined {
    return this.config.retry;
  }

  /** A connected kafe cluster for one of its clients. */
  connectCluster(settings: ClientSettings = {}, watch?: (scope: ClientScope) => void): Promise<Cluster> {
    return connectCluster(this.config, this.rootLogger, settings, watch);
  }
}
