/**
 * A fake cluster for consumer unit tests: {@link FakeCluster} (metadata, leaders, epochs) plus
 * per-partition logs of record batches answered to Fetch like Kafka does — whole batches from
 * the one holding the fetch offset, up to the partition's byte limit (at least one batch),
 * incremental fetch sessions (KIP-227: session ids, epochs, forgotten partitions, quiet
 * partitions left out), NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH from a broker that does
 * not lead or whose epoch differs, OFFSET_OUT_OF_RANGE, the aborted-transaction list under
 * read_committed — and ListOffsets (earliest / latest). Batches carry the partition's leader
 * epoch when written; OffsetsForLeaderEpoch answers from them like Kafka's leader epoch cache,
 * and a Fetch v12+ with a `lastFetchedEpoch` the log disagrees with gets a `divergingEpoch`
 * (KIP-320). {@link FakeFetchCluster.truncateFrom} plays an unclean leader election's truncation.
 */
import { Cluster } from '../../../src/cluster/cluster.js';
import { encodeTransactionMarker } from '../../../src/protocol/records/control-record.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { FakeCluster, type FakeClusterRequest } from '../../fake-broker/fake-cluster.js';

interface LoggedBatch {
  readonly baseOffset: number;
  readonly count: number;
  readonly bytes: Buffer;
  /** Leader epoch the batch was written in. */
  readonly epoch: number;
}

interface PartitionLog {
  batches: LoggedBatch[];
  next: number;
  logStart: number;
  /** Aborted transactions (producer id, first offset) for read_committed answers. */
  aborted: { producerId: bigint; firstOffset: bigint }[];
}

interface SessionPartition {
  topic: string;
  partition: number;
  fetchOffset: bigint;
  lastFetchedEpoch: number;
  currentLeaderEpoch: number;
  maxBytes: number;
}

interface Session {
  epoch: number;
  partitions: Map<string, SessionPartition>;
}

const k = (topic: string, partition: number) => `${topic}/${partition}`;

/** Fake brokers with partition logs, and a {@link Cluster} connected to them. */
export class FakeFetchCluster {
  readonly logs = new Map<string, PartitionLog>();
  private readonly sessions = new Map<number, Session>();
  private nextSessionId = 1;
  /** Per fetched partition: an error code to answer instead of data (undefined: none). */
  fault: (topic: string, partition: number, nodeId: number) => number | undefined = () => undefined;
  /** Whether brokers grant fetch sessions. */
  grantSessions = true;
  /** KIP-392: the replica the leader names to consumers that send a rack id (-1: none). */
  preferredReplica = -1;
  /** Longest a fetch without data is held, ms (the request's maxWaitMs when smaller). */
  holdMs = 20;
  /** Whether Fetch answers a `divergingEpoch` (v12+, when `lastFetchedEpoch` disagrees with the log). */
  answerDivergingEpoch = true;
  /** Per OffsetsForLeaderEpoch partition: an error code to answer instead (undefined: none). */
  epochFault: (topic: string, partition: number) => number | undefined = () => undefined;

  private constructor(readonly fake: FakeCluster) {
    fake.handle('Fetch', (r) => ({ body: this.fetch(r), delayMs: this.delayFor(r) }));
    fake.handle('ListOffsets', (r) => ({ body: this.listOffsets(r) }));
    fake.handle('OffsetCommit', (r) => ({ body: this.offsetCommit(r) }));
    fake.handle('OffsetFetch', (r) => ({ body: this.offsetFetch(r) }));
    fake.handle('OffsetForLeaderEpoch', (r) => ({ body: this.offsetForLeaderEpoch(r) }));
  }

  /** Committed leader epochs: group -> `topic/partition` -> epoch (OffsetCommit v6+). */
  readonly committedEpochs = new Map<string, Map<string, number>>();

  /** Committed offsets: group -> `topic/partition` -> offset. */
  readonly committed = new Map<string, Map<string, bigint>>();
  /** OffsetCommit requests received. */
  readonly commits: FakeClusterRequest[] = [];

  private offsetCommit(r: FakeClusterRequest): unknown {
    this.commits.push(r);
    const group = this.committed.get(r.body.groupId) ?? new Map<string, bigint>();
    this.committed.set(r.body.groupId, group);
    const epochs = this.committedEpochs.get(r.body.groupId) ?? new Map<string, number>();
    this.committedEpochs.set(r.body.groupId, epochs);
    return {
      topics: r.body.topics.map(
        (t: {
          name: string;
          partitions: { partitionIndex: number; committedOffset: bigint; committedLeaderEpoch?: number }[];
        }) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            group.set(k(t.name, p.partitionIndex), p.committedOffset);
            epochs.set(k(t.name, p.partitionIndex), p.committedLeaderEpoch ?? -1);
            return { partitionIndex: p.partitionIndex, errorCode: 0 };
          }),
        }),
      ),
    };
  }

  private offsetFetch(r: FakeClusterRequest): unknown {
    const group = this.committed.get(r.body.groupId);
    return {
      errorCode: 0,
      topics: r.body.topics.map((t: { name: string; partitionIndexes: number[] }) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({
          partitionIndex,
          committedOffset: group?.get(k(t.name, partitionIndex)) ?? -1n,
          committedLeaderEpoch:
            this.committedEpochs.get(r.body.groupId)?.get(k(t.name, partitionIndex)) ?? -1,
          metadata: '',
          errorCode: 0,
        })),
      })),
    };
  }

  static async start(brokers: number, topics: Record<string, number>): Promise<FakeFetchCluster> {
    const fake = await FakeCluster.start(brokers);
    for (const [name, n] of Object.entries(topics)) fake.addTopic(name, n);
    return new FakeFetchCluster(fake);
  }

  /** A new client of the fake cluster, with short backoffs. */
  client(): Cluster {
    return new Cluster({
      brokers: this.fake.bootstrap,
      retryBackoffMs: 5,
      retryBackoffMaxMs: 20,
      reconnectBackoffMs: 5,
      reconnectBackoffMaxMs: 20,
    });
  }

  /** Appends one batch of `values` to a partition; returns its base offset. */
  append(
    topic: string,
    partition: number,
    values: readonly string[],
    options: { producerId?: bigint; transactional?: boolean } = {},
  ): number {
    const log = this.log(topic, partition);
    const baseOffset = log.next;
    const epoch = this.leaderEpoch(topic, partition);
    const bytes = encodeRecordBatch(
      values.map((v) => ({ key: null, value: Buffer.from(v), timestamp: 1_700_000_000_000 })),
      {
        baseOffset: BigInt(baseOffset),
        partitionLeaderEpoch: epoch,
        ...(options.producerId === undefined
          ? {}
          : { producerId: options.producerId, producerEpoch: 0, baseSequence: 0 }),
        ...(options.transactional ? { isTransactional: true } : {}),
      },
    );
    log.batches.push({ baseOffset, count: values.length, bytes, epoch });
    log.next += values.length;
    return baseOffset;
  }

  /** Appends a transaction marker (commit or abort) of `producerId`; an abort is listed as aborted from `firstOffset`. */
  endTransaction(
    topic: string,
    partition: number,
    producerId: bigint,
    commit: boolean,
    firstOffset: number,
  ): void {
    const log = this.log(topic, partition);
    const epoch = this.leaderEpoch(topic, partition);
    const bytes = encodeTransactionMarker({
      partitionLeaderEpoch: epoch,
      type: commit ? 1 : 0,
      producerId,
      producerEpoch: 0,
      coordinatorEpoch: 0,
      baseOffset: BigInt(log.next),
    });
    log.batches.push({ baseOffset: log.next, count: 1, bytes, epoch });
    if (!commit) log.aborted.push({ producerId, firstOffset: BigInt(firstOffset) });
    log.next += 1;
  }

  /** Deletes batches below `offset` (retention). */
  truncateBefore(topic: string, partition: number, offset: number): void {
    const log = this.log(topic, partition);
    log.batches = log.batches.filter((b) => b.baseOffset + b.count > offset);
    log.logStart = offset;
  }

  /**
   * Drops the batches from `offset` on, as a new leader elected uncleanly replaces what the old
   * one had beyond its own log end (`offset` must be a batch boundary).
   */
  truncateFrom(topic: string, partition: number, offset: number): void {
    const log = this.log(topic, partition);
    log.batches = log.batches.filter((b) => b.baseOffset < offset);
    log.next = offset;
  }

  /** Re-elects the partition's leader in place: a new leader epoch, the same broker (metadata not refreshed by clients). */
  bumpLeaderEpoch(topic: string, partition: number): void {
    const p = this.fake.topics.get(topic)?.partitions[partition];
    if (p === undefined) throw new Error(`no partition ${topic}/${partition}`);
    p.leaderEpoch++;
  }

  /** OffsetForLeaderEpoch requests received (all brokers). */
  epochRequests(): FakeClusterRequest[] {
    return this.fake.requestsOf('OffsetForLeaderEpoch');
  }

  /**
   * Where the log's `requested` epoch ends (Kafka `LeaderEpochFileCache#endOffsetFor`): the
   * current epoch ends at the log end; an older one at the start of the next epoch written,
   * answered with the largest epoch at most `requested`; an unknown one is undefined (-1, -1).
   */
  endOffsetFor(topic: string, partition: number, requested: number): { epoch: number; endOffset: bigint } {
    const log = this.log(topic, partition);
    const current = this.leaderEpoch(topic, partition);
    if (requested === current) return { epoch: current, endOffset: BigInt(log.next) };
    if (requested < 0 || requested > current) return { epoch: -1, endOffset: -1n };
    // Epoch start offsets: each epoch's first batch, and the current epoch at the log end if unwritten.
    const starts = new Map<number, number>();
    for (const b of log.batches) if (!starts.has(b.epoch)) starts.set(b.epoch, b.baseOffset);
    if (!starts.has(current)) starts.set(current, log.next);
    const higher = [...starts].filter(([e]) => e > requested).sort((a, b) => a[0] - b[0])[0];
    const floor = [...starts].filter(([e]) => e <= requested).sort((a, b) => b[0] - a[0])[0];
    if (higher === undefined) return { epoch: -1, endOffset: -1n };
    return { epoch: floor?.[0] ?? requested, endOffset: BigInt(higher[1]) };
  }

  /** Fetch requests received (all brokers). */
  fetchRequests(): FakeClusterRequest[] {
    return this.fake.requestsOf('Fetch');
  }

  stop(): Promise<void> {
    return this.fake.stop();
  }

  private leaderEpoch(topic: string, partition: number): number {
    return this.fake.topics.get(topic)?.partitions[partition]?.leaderEpoch ?? 0;
  }

  private offsetForLeaderEpoch(r: FakeClusterRequest): unknown {
    return {
      topics: r.body.topics.map(
        (t: {
          topic: string;
          partitions: { partition: number; currentLeaderEpoch: number; leaderEpoch: number }[];
        }) => ({
          topic: t.topic,
          partitions: t.partitions.map((p) => {
            const model = this.fake.topics.get(t.topic)?.partitions[p.partition];
            const fault = this.epochFault(t.topic, p.partition);
            const error = (errorCode: number) => ({
              errorCode,
              partition: p.partition,
              leaderEpoch: -1,
              endOffset: -1n,
            });
            if (fault !== undefined) return error(fault);
            if (model === undefined || model.leader !== r.nodeId) return error(6);
            if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < model.leaderEpoch) return error(74);
            if (p.currentLeaderEpoch > model.leaderEpoch) return error(75);
            const end = this.endOffsetFor(t.topic, p.partition, p.leaderEpoch);
            return { errorCode: 0, partition: p.partition, leaderEpoch: end.epoch, endOffset: end.endOffset };
          }),
        }),
      ),
    };
  }

  private log(topic: string, partition: number): PartitionLog {
    let log = this.logs.get(k(topic, partition));
    if (log === undefined) {
      log = { batches: [], next: 0, logStart: 0, aborted: [] };
      this.logs.set(k(topic, partition), log);
    }
    return log;
  }

  private topicName(t: { topic: string; topicId: string }, version: number): string {
    if (version < 13) return t.topic;
    for (const [name, topic] of this.fake.topics) if (topic.topicId === t.topicId) return name;
    return '';
  }

  private delayFor(r: FakeClusterRequest): number {
    const hasData = this.requestedPartitions(r, false).some((p) => {
      const log = this.log(p.topic, p.partition);
      return Number(p.fetchOffset) < log.next;
    });
    return hasData ? 0 : Math.min(this.holdMs, r.body.maxWaitMs);
  }

  /** The partitions a request covers: its own list, or its session's after applying it. */
  private requestedPartitions(r: FakeClusterRequest, apply: boolean): SessionPartition[] {
    const own: SessionPartition[] = [];
    for (const t of r.body.topics)
      for (const p of t.partitions)
        own.push({
          topic: this.topicName(t, r.apiVersion),
          partition: p.partition,
          fetchOffset: p.fetchOffset,
          lastFetchedEpoch: p.lastFetchedEpoch,
          currentLeaderEpoch: p.currentLeaderEpoch,
          maxBytes: p.partitionMaxBytes,
        });
    const session = this.sessions.get(r.body.sessionId);
    if (r.body.sessionId === 0 || session === undefined) return own;
    const parts = apply ? session.partitions : new Map(session.partitions);
    for (const p of own) parts.set(k(p.topic, p.partition), p);
    for (const t of r.body.forgottenTopicsData)
      for (const p of t.partitions) parts.delete(k(this.topicName(t, r.apiVersion), p));
    return [...parts.values()];
  }

  private fetch(r: FakeClusterRequest): unknown {
    const { sessionId, sessionEpoch } = r.body;
    let newSession = 0;
    let incremental = false;
    if (sessionId !== 0) {
      const s = this.sessions.get(sessionId);
      if (s === undefined) return { errorCode: 70, sessionId: 0, responses: [] };
      if (s.epoch !== sessionEpoch) return { errorCode: 71, sessionId: 0, responses: [] };
      s.epoch++;
      incremental = true;
    }
    const parts = this.requestedPartitions(r, true);
    if (sessionId === 0 && sessionEpoch === 0 && this.grantSessions) {
      newSession = this.nextSessionId++;
      this.sessions.set(newSession, {
        epoch: 1,
        partitions: new Map(parts.map((p) => [k(p.topic, p.partition), p])),
      });
    }
    const byTopic = new Map<string, unknown[]>();
    let budget: number = r.body.maxBytes;
    for (const p of parts) {
      const answer = this.answerPartition(r, p, budget);
      if (answer === undefined) continue;
      // Kafka's `CachedPartition#maybeUpdateResponseData`: quiet partitions are left out, a diverging one never.
      if (
        incremental &&
        answer.errorCode === 0 &&
        answer.records.length === 0 &&
        !('divergingEpoch' in answer)
      )
        continue;
      budget -= answer.records.length;
      const list = byTopic.get(p.topic) ?? [];
      list.push(answer);
      byTopic.set(p.topic, list);
    }
    return {
      errorCode: 0,
      sessionId: incremental ? sessionId : newSession,
      responses: [...byTopic].map(([topic, partitions]) => ({
        topic,
        topicId: this.fake.topics.get(topic)?.topicId,
        partitions,
      })),
    };
  }

  private answerPartition(r: FakeClusterRequest, p: SessionPartition, budget: number) {
    const model = this.fake.topics.get(p.topic)?.partitions[p.partition];
    const log = this.log(p.topic, p.partition);
    const base = {
      partitionIndex: p.partition,
      highWatermark: BigInt(log.next),
      lastStableOffset: BigInt(log.next),
      logStartOffset: BigInt(log.logStart),
      abortedTransactions: r.body.isolationLevel === 1 ? [] : null,
      preferredReadReplica: -1,
      records: Buffer.alloc(0),
    };
    const fault = this.fault(p.topic, p.partition, r.nodeId);
    if (fault !== undefined) return { ...base, errorCode: fault };
    const follower = r.body.rackId !== '' && this.preferredReplica === r.nodeId;
    if (model === undefined || (model.leader !== r.nodeId && !follower)) return { ...base, errorCode: 6 };
    // KIP-320: a consumer naming an older leader epoch is fenced, a newer one is ahead of this broker.
    if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < model.leaderEpoch)
      return { ...base, errorCode: 74 };
    if (p.currentLeaderEpoch > model.leaderEpoch) return { ...base, errorCode: 75 };
    // The leader points a rack-aware consumer at its preferred replica instead of answering data.
    if (r.body.rackId !== '' && this.preferredReplica >= 0 && !follower)
      return { ...base, errorCode: 0, preferredReadReplica: this.preferredReplica };
    const offset = Number(p.fetchOffset);
    // Kafka checks the last fetched epoch before the offset range (`Partition#readRecords`).
    if (this.answerDivergingEpoch && r.apiVersion >= 12 && p.lastFetchedEpoch >= 0) {
      const end = this.endOffsetFor(p.topic, p.partition, p.lastFetchedEpoch);
      // An epoch the leader does not know: Kafka answers OFFSET_OUT_OF_RANGE.
      if (end.epoch < 0) return { ...base, errorCode: 1 };
      if (end.epoch < p.lastFetchedEpoch || end.endOffset < p.fetchOffset)
        return { ...base, errorCode: 0, divergingEpoch: end };
    }
    if (offset < log.logStart || offset > log.next) return { ...base, errorCode: 1 };
    const chosen: Buffer[] = [];
    let size = 0;
    for (const b of log.batches) {
      if (b.baseOffset + b.count <= offset) continue;
      if (chosen.length > 0 && (size + b.bytes.length > p.maxBytes || size + b.bytes.length > budget)) break;
      chosen.push(b.bytes);
      size += b.bytes.length;
    }
    const aborted =
      r.body.isolationLevel === 1
        ? log.aborted.map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset }))
        : null;
    return { ...base, errorCode: 0, abortedTransactions: aborted, records: Buffer.concat(chosen) };
  }

  private listOffsets(r: FakeClusterRequest): unknown {
    return {
      topics: r.body.topics.map(
        (t: { name: string; partitions: { partitionIndex: number; timestamp: bigint }[] }) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            const log = this.log(t.name, p.partitionIndex);
            return {
              partitionIndex: p.partitionIndex,
              errorCode: 0,
              timestamp: -1n,
              offset: BigInt(p.timestamp === -2n ? log.logStart : log.next),
              leaderEpoch: 0,
            };
          }),
        }),
      ),
    };
  }
}
