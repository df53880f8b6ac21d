/**
 * `FakeKafka`: an in-process Kafka cluster on loopback for tests, in the model of franz-go's
 * kfake. It speaks the real protocol (kafe's generated codecs, the versions Kafka 4.x serves),
 * so any client can use it; it keeps one shared state (brokers, topics, one log per partition,
 * groups, committed offsets) that every API's handler reads; and it lets a test fail, delay or
 * drop answers, close connections, kill and restart brokers, move leaders and truncate logs —
 * each fault with a handle that says how often it fired.
 */
import { type ApiName, apiKeys } from '../protocol/messages/index.js';
import { ControlRecordType, encodeTransactionMarker } from '../protocol/records/control-record.js';
import { encodeRecordBatch } from '../protocol/records/encode-record-batch.js';
import type { RecordInput } from '../protocol/records/write-records.js';
import type { ClusterBehaviour } from './behaviour.js';
import { BrokerServer } from './broker-server.js';
import {
  ClusterState,
  type FakeBrokerInfo,
  type FakePartition,
  type FakeTopic,
  type TopicSpec,
} from './cluster-state.js';
import { dispatch } from './dispatch.js';
import { type AppendOptions, defaults, type FakeKafkaOptions } from './fake-kafka-options.js';
import {
  type ControlHook,
  type FailOptions,
  type FaultHandle,
  type FaultMoment,
  FaultRegistry,
  type FaultScope,
} from './faults.js';
import type { CommittedOffset } from './group-coordinator.js';
import { handlers } from './handlers/index.js';
import { type FakeRecord, logRecords } from './log-records.js';
import type { FakeRequest } from './request.js';
import { splitBatches } from './stored-batch.js';
import type { FakeTransaction } from './transaction-coordinator.js';

/** An in-process fake Kafka cluster listening on 127.0.0.1. */
export class FakeKafka {
  /** Behaviour switches; change them at any time. */
  readonly behaviour: ClusterBehaviour;
  private readonly state: ClusterState;
  private readonly faults = new FaultRegistry();
  private readonly servers: (BrokerServer | undefined)[];
  private readonly observed: FakeRequest[] = [];
  private readonly listeners = new Set<(request: FakeRequest) => void>();
  private readonly advertised: Map<number, { min: number; max: number }>;
  private closed = false;

  private constructor(options: FakeKafkaOptions) {
    const { brokers = 1, topics: _t, racks, apiVersions: _a, controller = 0, ...behaviour } = options;
    if (!Number.isInteger(brokers) || brokers < 1)
      throw new RangeError(`brokers must be a positive integer, got ${brokers}`);
    this.behaviour = { ...defaults, ...behaviour };
    this.state = new ClusterState(brokers, this.behaviour, racks);
    this.state.controllerId = controller;
    this.state.groups.topics = () =>
      [...this.state.topics.values()].map((t) => ({
        name: t.name,
        topicId: t.topicId,
        partitions: t.partitions.length,
      }));
    this.servers = Array.from({ length: brokers }, () => undefined);
    this.advertised = new Map();
    for (const h of handlers.values()) this.advertised.set(apiKeyOf(h.api), h.versions);
    // Overrides may also advertise an API the fake has no handler for (a control hook serves it).
    for (const [api, range] of Object.entries(options.apiVersions ?? {}) as [
      ApiName,
      { min: number; max: number } | null,
    ][]) {
      if (range === null) this.advertised.delete(apiKeyOf(api));
      else this.advertised.set(apiKeyOf(api), range);
    }
  }

  /** Starts a cluster: every broker listening on a free loopback port, the topics created. */
  static async start(options: FakeKafkaOptions = {}): Promise<FakeKafka> {
    const fake = new FakeKafka(options);
    for (const t of options.topics ?? []) fake.createTopic(t);
    await Promise.all(fake.state.brokers.map((b) => fake.listen(b.nodeId, 0)));
    return fake;
  }

  /** `host:port` of every broker, for a client's bootstrap list. */
  get bootstrap(): string[] {
    return this.state.brokers.map((b) => `${b.host}:${b.port}`);
  }

  /** The brokers, with their ports and whether they run. */
  get brokers(): readonly Readonly<FakeBrokerInfo>[] {
    return this.state.brokers;
  }

  /** The cluster id answered in Metadata. */
  get clusterId(): string {
    return this.state.clusterId;
  }

  // Topics and logs

  /** Creates a topic (by name with the default partition count, or by spec). Throws if it exists. */
  createTopic(topic: string | TopicSpec): FakeTopic {
    return this.state.createTopic(typeof topic === 'string' ? { name: topic } : topic);
  }

  /** Deletes a topic and the offsets committed for it. Returns whether it existed. */
  deleteTopic(name: string): boolean {
    this.state.groups.forgetTopic(name);
    return this.state.deleteTopic(name);
  }

  /** Sets topic configs (merged into the topic's), e.g. `max.message.bytes`. */
  configureTopic(name: string, configs: Readonly<Record<string, string>>): void {
    const topic = this.state.topics.get(name);
    if (topic === undefined) throw new RangeError(`no topic ${name}`);
    topic.configs = { ...topic.configs, ...configs };
  }

  /** A topic of the model (partitions, leaders, leader epochs, logs), if it exists. */
  topic(name: string): FakeTopic | undefined {
    return this.state.topics.get(name);
  }

  /** Names of every topic. */
  topicNames(): string[] {
    return [...this.state.topics.keys()];
  }

  /**
   * Appends records to a partition as its leader would (one uncompressed batch), for tests that
   * need data to consume; with `producerId` and `transactional`, as part of that producer's open
   * transaction (end it with {@link endTransaction}). Returns the base offset.
   */
  append(
    topic: string,
    partition: number,
    records: readonly RecordInput[],
    options: AppendOptions = {},
  ): bigint {
    const p = this.partitionOrThrow(topic, partition);
    const bytes = encodeRecordBatch(records, {
      partitionLeaderEpoch: p.leaderEpoch,
      ...(options.producerId === undefined
        ? {}
        : { producerId: options.producerId, producerEpoch: options.producerEpoch ?? 0 }),
      ...(options.transactional ? { isTransactional: true } : {}),
    });
    return this.appendBytes(p, bytes);
  }

  /**
   * Ends `producerId`'s open transaction on a partition with a commit or abort marker, as the
   * transaction coordinator's WriteTxnMarkers does; an aborted one is then left out by
   * read_committed consumers. Returns the marker's offset.
   */
  endTransaction(
    topic: string,
    partition: number,
    producerId: bigint,
    outcome: 'commit' | 'abort',
    producerEpoch = 0,
  ): bigint {
    const p = this.partitionOrThrow(topic, partition);
    const bytes = encodeTransactionMarker({
      type: outcome === 'commit' ? ControlRecordType.commit : ControlRecordType.abort,
      producerId,
      producerEpoch,
      coordinatorEpoch: 0,
      partitionLeaderEpoch: p.leaderEpoch,
    });
    return this.appendBytes(p, bytes);
  }

  /** Every record of a partition's log, decoded (what a consumer from the log start would read). */
  records(topic: string, partition: number): FakeRecord[] {
    return logRecords(this.partitionOrThrow(topic, partition).log);
  }

  /** The log start and end offsets of a partition. */
  offsets(topic: string, partition: number): { logStartOffset: bigint; logEndOffset: bigint } {
    const log = this.partitionOrThrow(topic, partition).log;
    return { logStartOffset: BigInt(log.logStartOffset), logEndOffset: BigInt(log.logEndOffset) };
  }

  /** The offset a group committed for a partition, if any. */
  committedOffset(groupId: string, topic: string, partition: number): bigint | undefined {
    return this.state.groups.committed(groupId, topic, partition)?.offset;
  }

  /** A transactional id's producer id, epoch and open transaction, if it ever initialized. */
  transaction(transactionalId: string): Readonly<FakeTransaction> | undefined {
    return this.state.transactions.get(transactionalId);
  }

  /**
   * Aborts `transactionalId`'s open transaction as the coordinator does when it outlives
   * `transactionTimeoutMs` (abort markers, epoch bumped: the producer is fenced). Returns
   * whether one was open.
   */
  expireTransaction(transactionalId: string): boolean {
    return this.state.transactions.expire(transactionalId);
  }

  /** What a group committed for a partition (offset, leader epoch, metadata), if anything. */
  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.state.groups.committed(groupId, topic, partition);
  }

  /** Stores a committed offset for a group, as an OffsetCommit would (e.g. left by an earlier run). */
  commitOffset(groupId: string, topic: string, partition: number, offset: bigint, leaderEpoch = -1): void {
    this.state.groups.commit(groupId, topic, partition, { offset, leaderEpoch, metadata: '' });
  }

  /**
   * Starts a rebalance of a classic group, as a member joining would: every member learns it
   * from its next heartbeat and must rejoin.
   */
  rebalance(groupId: string): void {
    const group = this.state.groups.classicGroup(groupId);
    if (group.memberIds().length > 0) group.prepareRebalance();
  }

  /** Member ids of a group (classic, or KIP-848 if it has members). */
  groupMembers(groupId: string): string[] {
    const consumer = this.state.groups.consumerGroup(groupId).memberIds();
    return consumer.length > 0 ? consumer : this.state.groups.classicGroup(groupId).memberIds();
  }

  // Faults

  /**
   * Fails the next `count` (default 1) requests of `api` with `errorCode`: the whole request, or
   * for a partition-level API (Produce, Fetch, ListOffsets, OffsetCommit, OffsetFetch,
   * OffsetForLeaderEpoch, Metadata, CreateTopics, DeleteTopics) the partitions of `topic` /
   * `partition` (all when not given).
   */
  failNext(api: ApiName, options: FailOptions): FaultHandle {
    return this.faults.failNext(api, options);
  }

  /** Holds the answers to the next `count` (default 1) requests of `api` for `ms` milliseconds. */
  delayResponses(api: ApiName, ms: number, scope?: FaultScope): FaultHandle {
    return this.faults.delay(api, ms, scope);
  }

  /**
   * Never answers the next `count` (default 1) requests of `api`. By default they take effect
   * first (`'after-handling'`: a Produce is appended and the answer lost), as when the broker
   * wrote but the response never arrived.
   */
  dropResponses(api: ApiName, scope?: FaultScope & { readonly moment?: FaultMoment }): FaultHandle {
    return this.faults.drop(api, scope);
  }

  /** Closes the connection that sends the next `count` (default 1) requests of `api`, before serving them by default. */
  closeConnectionOn(api: ApiName, scope?: FaultScope & { readonly moment?: FaultMoment }): FaultHandle {
    return this.faults.close(api, scope);
  }

  /**
   * Installs a control hook on `api` (kfake's `ControlKey`): it sees every request of that API
   * and may answer it itself — a body, raw bytes, a delay, no answer or a close — or return
   * `undefined` to let the fake serve it. It stays until removed unless `count` is given.
   */
  control(api: ApiName, hook: ControlHook, scope?: FaultScope): FaultHandle {
    return this.faults.control(api, hook, scope);
  }

  /** Removes every fault and control hook. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Kills broker `nodeId`: its connections close, it stops listening, Metadata leaves it out. */
  async killBroker(nodeId: number): Promise<void> {
    const broker = this.brokerOrThrow(nodeId);
    const server = this.servers[nodeId];
    this.servers[nodeId] = undefined;
    broker.running = false;
    this.state.fetchSessions.forgetBroker(nodeId);
    this.state.shareGroups.forgetSessions(nodeId);
    await server?.close();
  }

  /** Starts a killed broker again on its old port. */
  async restartBroker(nodeId: number): Promise<void> {
    const broker = this.brokerOrThrow(nodeId);
    if (broker.running) return;
    await this.listen(nodeId, broker.port);
  }

  /** Closes every open connection of broker `nodeId` (every broker when not given); they may reconnect. */
  dropConnections(nodeId?: number): void {
    for (const [id, s] of this.servers.entries())
      if (nodeId === undefined || id === nodeId) s?.dropConnections();
  }

  /** Forgets the fetch sessions of broker `nodeId` (every broker when not given), as a full session cache evicts them. */
  forgetFetchSessions(nodeId?: number): void {
    for (const b of this.state.brokers)
      if (nodeId === undefined || b.nodeId === nodeId) this.state.fetchSessions.forgetBroker(b.nodeId);
  }

  /** Stops reading from every connection (clients' writes back up); {@link resumeReading} undoes it. */
  pauseReading(): void {
    for (const s of this.servers) s?.pauseReading();
  }

  /** Reads again after {@link pauseReading}. */
  resumeReading(): void {
    for (const s of this.servers) s?.resumeReading();
  }

  /** How many connections broker `nodeId` accepted since it last started. */
  connectionCount(nodeId: number): number {
    return this.servers[nodeId]?.connections ?? 0;
  }

  /**
   * Elects a new leader for a partition (default: the next replica), bumping its leader epoch
   * (KIP-320): the old leader answers NOT_LEADER_OR_FOLLOWER, clients naming the old epoch are
   * fenced. Moving to the same broker only bumps the epoch.
   */
  moveLeader(topic: string, partition: number, nodeId?: number): void {
    const p = this.partitionOrThrow(topic, partition);
    const next = nodeId ?? p.replicas[(p.replicas.indexOf(p.leader) + 1) % p.replicas.length] ?? p.leader;
    this.brokerOrThrow(next);
    if (!p.replicas.includes(next)) p.replicas = [...p.replicas, next];
    if (!p.isr.includes(next)) p.isr = [...p.isr, next];
    p.leader = next;
    p.leaderEpoch++;
    p.log.wake();
  }

  /**
   * Truncates a partition's log from `offset` on, as an uncleanly elected leader loses what the
   * old one had (a batch spanning `offset` goes too). Consumers past the new end see
   * OFFSET_OUT_OF_RANGE or, with KIP-320, a diverging epoch.
   */
  truncate(topic: string, partition: number, offset: bigint): void {
    const p = this.partitionOrThrow(topic, partition);
    p.log.truncateFrom(Number(offset));
    p.log.wake();
  }

  /**
   * Forgets the idempotent producers' state of a partition, as when retention removed all their
   * batches: their next batch is judged as from a producer the partition never saw.
   */
  forgetProducerState(topic: string, partition: number): void {
    this.partitionOrThrow(topic, partition).log.producers.clear();
  }

  /** Deletes records below `offset` (retention, DeleteRecords): the log start offset moves up. */
  deleteRecordsBefore(topic: string, partition: number, offset: bigint): void {
    this.partitionOrThrow(topic, partition).log.deleteBefore(Number(offset));
  }

  /** Makes broker `nodeId` the controller that Metadata names. */
  moveController(nodeId: number): void {
    this.brokerOrThrow(nodeId);
    this.state.controllerId = nodeId;
  }

  /** Makes broker `nodeId` the coordinator of a group (key type 0) or transactional id (1). */
  moveCoordinator(key: string, nodeId: number, keyType = 0): void {
    this.brokerOrThrow(nodeId);
    this.state.pinnedCoordinators.set(`${keyType}:${key}`, nodeId);
  }

  /** The broker coordinating a group (key type 0) or transactional id (1). */
  coordinatorOf(key: string, keyType = 0): number {
    return this.state.coordinatorFor(keyType, key);
  }

  // Observation

  /** Every request received so far (of `api` only, if given), in arrival order, with decoded bodies. */
  requests(api?: ApiName): FakeRequest[] {
    return api === undefined ? [...this.observed] : this.observed.filter((r) => r.api === api);
  }

  /** Forgets the requests recorded so far. */
  clearRequests(): void {
    this.observed.length = 0;
  }

  /** Calls `listener` with every request as it arrives; returns a function that stops it. */
  onRequest(listener: (request: FakeRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every broker; held fetches and joins end. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.faults.clear();
    this.state.closing.abort();
    await Promise.all(this.servers.map((s) => s?.close()));
    this.servers.fill(undefined);
    for (const b of this.state.brokers) b.running = false;
  }

  /** `await using fake = await FakeKafka.start()` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async listen(nodeId: number, port: number): Promise<void> {
    const deps = {
      state: this.state,
      faults: this.faults,
      handlers,
      advertised: this.advertised,
      observe: (r: FakeRequest) => {
        this.observed.push(r);
        for (const l of this.listeners) l(r);
      },
    };
    const server = await BrokerServer.listen(nodeId, port, (r) => dispatch(deps, r));
    const broker = this.brokerOrThrow(nodeId);
    broker.port = server.port;
    broker.running = true;
    this.servers[nodeId] = server;
  }

  private appendBytes(p: FakePartition, bytes: Buffer): bigint {
    const result = p.log.append(splitBatches(bytes) ?? [], p.leaderEpoch);
    return BigInt(result.baseOffset);
  }

  private brokerOrThrow(nodeId: number): FakeBrokerInfo {
    const b = this.state.brokers[nodeId];
    if (b === undefined)
      throw new RangeError(`no broker ${nodeId} (the cluster has ${this.state.brokers.length})`);
    return b;
  }

  private partitionOrThrow(topic: string, partition: number) {
    const p = this.state.partition(topic, partition);
    if (p === undefined) throw new RangeError(`no partition ${topic}/${partition}`);
    return p;
  }
}

function apiKeyOf(api: ApiName): number {
  return apiKeys[api].key;
}
