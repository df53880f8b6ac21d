/**
 * A fake Kafka cluster for producer unit tests: fake brokers (`test/fake-broker/`) answering
 * Produce and InitProducerId like Kafka does for idempotent producers (per-partition logs,
 * producer id / epoch / sequence checks, duplicates answered with their first offset,
 * NOT_LEADER_OR_FOLLOWER from a broker that does not lead the partition), plus a
 * {@link ProducerCluster} whose cached metadata the test controls. Faults are scripted per
 * Produce partition: an error code, a lost producer state, a dropped connection.
 */
import type { PartitionInfo, TopicInfo } from '../../../src/cluster/metadata-cache.js';
import { Connection } from '../../../src/net/connection.js';
import type { ProducerCluster } from '../../../src/producer/producer-cluster.js';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import type { RecordBatch } from '../../../src/protocol/records/record-batch.js';
import { FakeBroker, type FakeRequest, type Reply } from '../../fake-broker/fake-broker.js';

/** One appended record as the fake log keeps it. */
export interface LoggedRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly producerEpoch: number;
  readonly sequence: number;
}

interface ProducerState {
  epoch: number;
  lastSequence: number;
  /** Recent batches: first sequence -> base offset (the broker keeps 5). */
  recent: Map<number, { last: number; offset: number }>;
}

/** What a fault hook may do with one partition of one Produce request. */
export type PartitionFault =
  | {
      errorCode: number;
      currentLeader?: { leaderId: number; leaderEpoch: number };
      /** The whole answer waits for this (requests that arrive meanwhile are still handled at once). */
      holdAnswerUntil?: Promise<void>;
    }
  | { appendThenError: number }
  | undefined;

/** A partition's log and its producer states. */
class PartitionLog {
  readonly records: LoggedRecord[] = [];
  producers = new Map<bigint, ProducerState>();

  constructor(private readonly cluster: { acceptUnknownProducers: boolean }) {}

  /** Kafka's `ProducerStateManager` checks, simplified to what a producer can observe. */
  append(batch: RecordBatch): { errorCode: number; baseOffset: number } {
    const pid = batch.producerId;
    if (pid >= 0n) {
      const state = this.producers.get(pid);
      const seq = batch.baseSequence;
      if (state === undefined) {
        if (seq !== 0 && !this.cluster.acceptUnknownProducers) return { errorCode: 59, baseOffset: -1 }; // UNKNOWN_PRODUCER_ID
      } else if (batch.producerEpoch < state.epoch) {
        return { errorCode: 47, baseOffset: -1 }; // INVALID_PRODUCER_EPOCH
      } else if (batch.producerEpoch > state.epoch) {
        if (seq !== 0) return { errorCode: 45, baseOffset: -1 };
      } else {
        const dup = state.recent.get(seq);
        if (dup !== undefined && dup.last === seq + batch.records.length - 1)
          return { errorCode: 0, baseOffset: dup.offset };
        if (seq !== state.lastSequence + 1) return { errorCode: 45, baseOffset: -1 }; // OUT_OF_ORDER_SEQUENCE_NUMBER
      }
    }
    const baseOffset = this.records.length;
    for (const [i, r] of batch.records.entries()) {
      this.records.push({
        offset: baseOffset + i,
        key: r.key === null ? null : r.key.toString(),
        value: r.value === null ? null : r.value.toString(),
        producerEpoch: batch.producerEpoch,
        sequence: batch.baseSequence < 0 ? -1 : batch.baseSequence + i,
      });
    }
    if (pid >= 0n) {
      const old = this.producers.get(pid);
      const state: ProducerState =
        old === undefined || old.epoch !== batch.producerEpoch
          ? { epoch: batch.producerEpoch, lastSequence: -1, recent: new Map() }
          : old;
      state.lastSequence = batch.baseSequence + batch.records.length - 1;
      state.recent.set(batch.baseSequence, { last: state.lastSequence, offset: baseOffset });
      if (state.recent.size > 5) state.recent.delete(state.recent.keys().next().value as number);
      this.producers.set(pid, state);
    }
    return { errorCode: 0, baseOffset };
  }
}

/** Options of {@link FakeProduceCluster.start}. */
export interface FakeClusterOptions {
  brokers?: number;
  /** Topics and their partition counts; leaders spread round-robin over the brokers. */
  topics?: Record<string, number>;
  /** Produce versions the brokers advertise. Default 3-12. */
  produceVersions?: { min: number; max: number };
}

/** Fake brokers plus the {@link ProducerCluster} view a producer uses. */
export class FakeProduceCluster implements ProducerCluster {
  readonly logs = new Map<string, PartitionLog>();
  /** The truth: leaders per partition. `refreshTopics` copies it into the cache. */
  readonly leaders = new Map<string, number[]>();
  private readonly cache = new Map<string, TopicInfo>();
  private readonly connections = new Map<number, Connection>();
  /** Called for each partition of each Produce request, before the log sees it. */
  fault: (topic: string, partition: number, request: FakeRequest) => PartitionFault = () => undefined;
  /**
   * Kafka 2.5+ (`ProducerAppendInfo#checkSequence`): a producer the partition has no state for
   * may start at any sequence. Off: such a batch gets UNKNOWN_PRODUCER_ID, as from older brokers.
   */
  acceptUnknownProducers = false;
  /** Delay of every Produce answer, ms. */
  produceDelayMs = 0;
  refreshes = 0;
  /**
   * Partitions of a topic created when a refresh allows auto-creation (as a broker with
   * `auto.create.topics.enable`); undefined: never created.
   */
  autoCreatePartitions: number | undefined;
  /** Topics refreshes asked to auto-create, in order. */
  readonly autoCreateAsked: string[] = [];
  /** The error code of the next InitProducerId answer (0: success). */
  initProducerIdError: () => number = () => 0;
  initProducerIdRequests: FakeRequest[] = [];
  private nextProducerId = 1000n;
  private readonly epochs = new Map<bigint, number>();

  private constructor(readonly brokers: FakeBroker[]) {}

  static async start(options: FakeClusterOptions = {}): Promise<FakeProduceCluster> {
    const brokers = await Promise.all(
      Array.from({ length: options.brokers ?? 1 }, () =>
        // Produce v13 names topics by id; the fake metadata has none, so stay at v12.
        FakeBroker.start({ advertise: { Produce: options.produceVersions ?? { min: 3, max: 12 } } }),
      ),
    );
    const cluster = new FakeProduceCluster(brokers);
    brokers.forEach((b, nodeId) => {
      b.handle('Produce', (r) => cluster.produce(nodeId, r));
      b.handle('InitProducerId', (r) => cluster.initProducerId(r));
    });
    for (const [topic, count] of Object.entries(options.topics ?? {})) cluster.createTopic(topic, count);
    return cluster;
  }

  /** Creates a topic (visible after the next refresh). */
  createTopic(topic: string, partitions: number): void {
    this.leaders.set(
      topic,
      Array.from({ length: partitions }, (_, p) => p % this.brokers.length),
    );
  }

  /** Moves a partition's leadership (visible after the next refresh). */
  moveLeader(topic: string, partition: number, nodeId: number): void {
    (this.leaders.get(topic) as number[])[partition] = nodeId;
  }

  /** Forgets every producer state of a partition (as after retention removed its batches). */
  loseProducerState(topic: string, partition: number): void {
    this.log(topic, partition).producers = new Map();
  }

  /** The records in a partition's log. */
  records(topic: string, partition: number): readonly LoggedRecord[] {
    return this.log(topic, partition).records;
  }

  /** Produce requests received by any broker. */
  produceRequests(): FakeRequest[] {
    return this.brokers.flatMap((b) => b.requestsOf('Produce'));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close()));
    await Promise.all(this.brokers.map((b) => b.stop()));
  }

  // ProducerCluster

  cachedTopic(topic: string): TopicInfo | undefined {
    return this.cache.get(topic);
  }

  async refreshTopics(
    topics: readonly string[],
    _signal?: AbortSignal,
    options: { readonly allowAutoTopicCreation?: boolean } = {},
  ): Promise<void> {
    this.refreshes++;
    for (const topic of topics) {
      if (options.allowAutoTopicCreation === true && !this.leaders.has(topic)) {
        this.autoCreateAsked.push(topic);
        if (this.autoCreatePartitions !== undefined) this.createTopic(topic, this.autoCreatePartitions);
      }
      const leaders = this.leaders.get(topic);
      if (leaders === undefined) continue;
      const partitions: PartitionInfo[] = leaders.map((leaderId, partition) => ({
        topic,
        partition,
        leaderId,
        leaderEpoch: 0,
        replicas: [leaderId],
        isr: [leaderId],
        offlineReplicas: [],
        errorCode: 0,
      }));
      this.cache.set(topic, {
        name: topic,
        topicId: '00000000-0000-0000-0000-000000000000',
        isInternal: false,
        partitions,
      });
    }
  }

  async connection(nodeId: number): Promise<Connection> {
    const existing = this.connections.get(nodeId);
    if (existing !== undefined && !existing.isClosed) return existing;
    const broker = this.brokers[nodeId];
    if (broker === undefined) throw new Error(`no broker ${nodeId}`);
    const c = await Connection.connect({ host: '127.0.0.1', port: broker.port, requestTimeoutMs: 5000 });
    this.connections.set(nodeId, c);
    return c;
  }

  anyConnection(): Promise<Connection> {
    return this.connection(0);
  }

  // Broker behaviour

  private log(topic: string, partition: number): PartitionLog {
    const key = `${topic}/${partition}`;
    let log = this.logs.get(key);
    if (log === undefined) {
      log = new PartitionLog(this);
      this.logs.set(key, log);
    }
    return log;
  }

  private initProducerId(r: FakeRequest): Reply {
    this.initProducerIdRequests.push(r);
    const errorCode = this.initProducerIdError();
    if (errorCode !== 0) return { body: { errorCode, producerId: -1n, producerEpoch: -1 } };
    const asked: bigint = r.body.producerId;
    if (asked >= 0n && this.epochs.has(asked)) {
      const epoch = (this.epochs.get(asked) as number) + 1;
      this.epochs.set(asked, epoch);
      return { body: { errorCode: 0, producerId: asked, producerEpoch: epoch } };
    }
    const id = this.nextProducerId++;
    this.epochs.set(id, 0);
    return { body: { errorCode: 0, producerId: id, producerEpoch: 0 } };
  }

  private produce(nodeId: number, r: FakeRequest): Reply | Promise<Reply> {
    const responses = [];
    const holds: Promise<void>[] = [];
    let close = false;
    for (const t of r.body.topicData) {
      const partitionResponses = [];
      for (const p of t.partitionData) {
        const leader = this.leaders.get(t.name)?.[p.index];
        const fault = this.fault(t.name, p.index, r);
        if (leader !== nodeId) {
          partitionResponses.push({ index: p.index, errorCode: 6, baseOffset: -1n });
          continue;
        }
        if (fault !== undefined && 'errorCode' in fault) {
          if (fault.holdAnswerUntil !== undefined) holds.push(fault.holdAnswerUntil);
          partitionResponses.push({
            index: p.index,
            errorCode: fault.errorCode,
            baseOffset: -1n,
            currentLeader: fault.currentLeader,
          });
          continue;
        }
        const { batches } = decodeRecordBatches(p.records);
        let result = { errorCode: 0, baseOffset: -1 };
        for (const batch of batches) result = this.log(t.name, p.index).append(batch);
        if (fault !== undefined && 'appendThenError' in fault) {
          // Written, but the producer learns nothing: the connection drops before the answer.
          if (fault.appendThenError < 0) close = true;
          partitionResponses.push({ index: p.index, errorCode: fault.appendThenError, baseOffset: -1n });
          continue;
        }
        partitionResponses.push({
          index: p.index,
          errorCode: result.errorCode,
          baseOffset: BigInt(result.baseOffset),
        });
      }
      responses.push({ name: t.name, partitionResponses });
    }
    if (r.body.acks === 0) return { noResponse: true };
    if (close) return { close: true };
    const reply = { body: { responses, throttleTimeMs: 0 }, delayMs: this.produceDelayMs };
    return holds.length === 0 ? reply : Promise.all(holds).then(() => reply);
  }
}
