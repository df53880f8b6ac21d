/**
 * The entry object: one {@link Kafka} per cluster a program talks to. It owns the cluster
 * layer (metadata, connections, routing) and hands out the clients: the admin client and the
 * producers share it, like the Java clients' shared `NetworkClient`, KafkaJS's `Kafka` and
 * franz-go's `kgo.Client`; each consumer gets a cluster layer of its own (see `consumer()`).
 * Closing it closes every connection; calls on it or its clients afterwards fail with
 * `ClientClosedError`.
 */
import { Admin } from './admin/admin.js';
import { Cluster, type ClusterOptions } from './cluster/cluster.js';
import { ClientClosedError } from './cluster/errors.js';
import { Consumer } from './consumer/consumer.js';
import type { ConsumerOptions } from './consumer/options.js';
import type { ClientScope } from './net/client-scope.js';
import { withHiddenSecrets } from './net/hidden-secrets.js';
import { Lifecycle } from './net/lifecycle.js';
import type { MetricsSnapshot } from './net/network-metrics.js';
import { clientScopeFor } from './observability/client-scope-for.js';
import type { ProducerOptions } from './producer/options.js';
import { Producer } from './producer/producer.js';
import type { ShareConsumerOptions } from './share/options.js';
import { ShareConsumer } from './share/share-consumer.js';

/**
 * Options of {@link Kafka}: the bootstrap `brokers` (`host:port` each) and, passed through to
 * every connection, `clientId`, `tls`, `sasl`, `connectTimeoutMs`, `requestTimeoutMs`,
 * `maxResponseSize`, `maxVersions`; plus cluster settings (`connectionsPerBroker`,
 * `retryBackoffMs` / `retryBackoffMaxMs`, `reconnectBackoffMs` / `reconnectBackoffMaxMs`,
 * `timeoutMs`, `metadataMaxAgeMs`). Names are Java's configuration keys in camelCase.
 */
export type KafkaOptions = ClusterOptions;

/**
 * A connection to one Kafka cluster.
 *
 * @example
 * ```ts
 * const kafka = new Kafka({ brokers: ['localhost:9092'], clientId: 'my-app' });
 * (await kafka.admin().createTopics([{ topic: 'events', partitions: 3, replicationFactor: 1 }])).throwIfFailed();
 * await kafka.close();
 * ```
 */
export class Kafka {
  /**
   * The escape hatch: the cluster layer the clients share (metadata cache, connections,
   * routing, retries), to send any Kafka API request kafe has no call for yet
   * (`cluster.send(api, request)`). Experimental: unlike the clients, its methods and the
   * generated request and response types may change in any 0.x minor release (README, "The
   * `cluster` escape hatch").
   */
  readonly cluster: Cluster;
  private adminClient: Admin | undefined;
  private readonly producers = new Set<Producer>();
  private readonly consumers = new Set<Consumer>();
  private readonly shareConsumers = new Set<ShareConsumer>();
  /** The options, with `sasl` and `tls` kept as copies that print `[hidden]` for secrets. */
  private readonly options: KafkaOptions;
  /**
   * Closed from the start of `close()`, not from its end: a client asked for while the others
   * close would otherwise be made after the sets were emptied and never be closed.
   */
  private readonly lifecycle: Lifecycle;
  /** Its client id and logger, shared by the cluster of every client it hands out. */
  private readonly scope: ClientScope;

  /**
   * Validates `options` (a `ConfigurationError` names a bad entry) without any I/O; the first
   * call connects.
   */
  constructor(options: KafkaOptions) {
    this.scope = clientScopeFor(options);
    this.cluster = new Cluster(options, this.scope);
    this.lifecycle = new Lifecycle({
      component: 'kafka',
      scope: this.scope,
      closedError: () => new ClientClosedError('Kafka client'),
    });
    this.options = withHiddenSecrets(options);
  }

  /** The admin client (one per `Kafka`, created on first use). */
  admin(): Admin {
    this.lifecycle.check();
    if (this.cluster.isClosed) throw new ClientClosedError('Kafka client');
    this.adminClient ??= new Admin(this.cluster);
    return this.adminClient;
  }

  /**
   * A new producer sending through this cluster (idempotent, acks=all by default; see
   * `ProducerOptions`). Each call returns a new one; `close()` closes them too.
   */
  producer(options?: ProducerOptions): Producer {
    this.lifecycle.check();
    if (this.cluster.isClosed) throw new ClientClosedError('Kafka client');
    const producer = new Producer(this.cluster, options);
    this.producers.add(producer);
    return producer;
  }

  /**
   * A new consumer (manual `assign()` or group `subscribe()`; see `ConsumerOptions`). Each call
   * returns a new one with its own connections, as each Java `KafkaConsumer` has: a JoinGroup
   * that the coordinator holds until the group has rejoined must not hold up another member's
   * heartbeats on a shared connection. `close()` closes them too.
   */
  consumer(options?: ConsumerOptions): Consumer {
    this.lifecycle.check();
    if (this.cluster.isClosed) throw new ClientClosedError('Kafka client');
    const consumer = new Consumer(new Cluster(this.options, this.scope.child()), options, {
      ownsCluster: true,
    });
    this.consumers.add(consumer);
    return consumer;
  }

  /**
   * A snapshot of the connection metrics of the cluster its admin client and producers share,
   * named and meant as the Java clients' (`connection-count`, `connection-creation-total`,
   * `request-total`, `request-rate`, `request-latency-avg` / `-max`, `outgoing-byte-rate`,
   * `incoming-byte-rate`, ...; rates per second over the last ~60 s, an average of nothing is
   * NaN). Each producer's and consumer's own metrics come from their `metrics()`.
   */
  metrics(): MetricsSnapshot {
    return this.scope.network.snapshot();
  }

  /**
   * A new share consumer, a member of the share group `options.groupId` (KIP-932, Kafka 4.2+;
   * see `ShareConsumerOptions`). Like a consumer, each has its own connections. `close()`
   * closes them too.
   */
  shareConsumer(options: ShareConsumerOptions): ShareConsumer {
    this.lifecycle.check();
    if (this.cluster.isClosed) throw new ClientClosedError('Kafka client');
    const consumer = new ShareConsumer(new Cluster(this.options, this.scope.child()), options);
    this.shareConsumers.add(consumer);
    return consumer;
  }

  /**
   * Closes the consumers (running handlers finish their current record or batch), the
   * producers (each sends what it accepted, within its close timeout), then every connection. Pending calls fail with `ClientClosedError`. Idempotent.
   */
  close(): Promise<void> {
    return this.lifecycle.close(async () => {
      await Promise.all([...this.consumers, ...this.shareConsumers].map((c) => c.close()));
      this.consumers.clear();
      this.shareConsumers.clear();
      await Promise.all([...this.producers].map((p) => p.close()));
      this.producers.clear();
      await this.cluster.close();
    });
  }

  /** `await using kafka = new Kafka(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
