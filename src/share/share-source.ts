/**
 * One broker's side of a share consumer (franz-go's `source`, Java's per-node handling in
 * `ShareConsumeRequestManager`): the assigned partitions this broker leads, their share session
 * (`share-session.ts`), the acknowledgements waiting for it, and one request in flight at a time
 * (the session's epochs must arrive in order).
 *
 * What it sends next:
 * - acknowledgements with ShareAcknowledge when `commit()` or a renewal asks for them now, or
 *   when they concern partitions no longer fetched here (listing those in a ShareFetch would
 *   put them back in the session);
 * - otherwise a ShareFetch, with the waiting acknowledgements piggybacked, once everything the
 *   previous fetch acquired was handed to the application (the backpressure: an application that
 *   stops taking records stops the acquiring, and no lock runs out in a buffer).
 * The session's first request (epoch 0) cannot carry acknowledgements; they go with the next.
 */
import type { Cluster } from '../cluster/cluster.js';
import { ShareGroupsUnsupportedError } from '../cluster/errors.js';
import { groupByTopic, type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import type { Connection } from '../net/connection.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { type BrokerError, errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { ShareFetchResponsePartitionData } from '../protocol/messages/share-fetch.js';
import { decodeRecordBatchesAsync } from '../protocol/records/decode-record-batch.js';
import {
  type AcknowledgementOutcome,
  AcknowledgeType,
  acknowledgementBatches,
  type PartitionAcknowledgements,
  PendingAcknowledgements,
} from './acknowledgements.js';
import type { ResolvedShareConsumerOptions } from './options.js';
import { type AcquiredRecord, acquiredShareRecords, type RecordAcknowledger } from './share-record.js';
import { SessionEpoch, ShareSession } from './share-session.js';

/** What a source needs from its share consumer. */
export interface ShareSourceContext {
  readonly cluster: Cluster;
  readonly options: ResolvedShareConsumerOptions;
  readonly memberId: string;
  /** Aborted when the consumer is destroyed: requests in flight are abandoned. */
  readonly signal: AbortSignal;
  readonly acknowledger: RecordAcknowledger;
  /** Hands acquired records to the application's queue. */
  deliver(records: AcquiredRecord[]): void;
  /** Partitions whose leader moved: refresh metadata and place them again. */
  leaderMoved(topics: readonly string[]): void;
  /** An error the application must see (the consumer stops). */
  fail(error: KafeError): void;
  /** Every answer to acknowledgements (callback and diagnostics). */
  answered(nodeId: number, outcomes: readonly AcknowledgementOutcome[]): void;
}

/** The answer to acknowledgements sent together. */
export interface FlushResult {
  readonly outcomes: readonly AcknowledgementOutcome[];
  /** The lock duration the broker reported (ShareFetch v1+, ShareAcknowledge v2+), or -1. */
  readonly lockTimeoutMs: number;
  /** When the request was sent (for lock deadlines). */
  readonly sentAt: number;
}

type Waiter = (result: FlushResult) => void;

/** Errors of a partition's fetch after which its leader must be looked up again. */
const LEADER_MOVED = new Set<number>([
  errorCodes.NOT_LEADER_OR_FOLLOWER.code,
  errorCodes.FENCED_LEADER_EPOCH.code,
  errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
  errorCodes.UNKNOWN_TOPIC_ID.code,
  errorCodes.LEADER_NOT_AVAILABLE.code,
  errorCodes.KAFKA_STORAGE_ERROR.code,
]);

/** Top-level errors that end only the session: the next request opens a new one. */
const SESSION_ERRORS = new Set<string>([
  errorCodes.SHARE_SESSION_NOT_FOUND.name,
  errorCodes.INVALID_SHARE_SESSION_EPOCH.name,
]);

/** One broker's fetching and acknowledging for a share consumer. */
export class ShareSource {
  private wanted: TopicPartition[] = [];
  private wantedKeys = new Set<string>();
  private readonly session = new ShareSession();
  private readonly pending = new PendingAcknowledgements();
  /** Waiting for the acknowledgements pending now to be answered. */
  private waiters: Waiter[] = [];
  /** Waiting for the acknowledgements of the request in flight. */
  private inFlightWaiters: Waiter[] | undefined;
  private busy: Promise<void> | undefined;
  private buffered = 0;
  private backoffUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly nodeId: number,
    private readonly ctx: ShareSourceContext,
  ) {}

  /** The partitions to fetch from this broker. */
  fetch(partitions: readonly TopicPartition[]): void {
    this.wanted = [...partitions];
    this.wantedKeys = new Set(partitions.map((p) => topicPartitionKey(p.topic, p.partition)));
    this.kick();
  }

  /** Records of this source's last fetch were taken by the application. */
  taken(count: number): void {
    this.buffered -= count;
    if (this.buffered <= 0) this.kick();
  }

  /** Adds one acknowledgement; it goes with the next request. */
  acknowledge(record: AcquiredRecord, type: number): void {
    this.pending.add(record.topic, record.partition, record.offset, type);
  }

  /** Sends what is waiting now (ShareAcknowledge unless a fetch takes it first) and resolves with the answer. */
  flush(): Promise<FlushResult> {
    if (this.pending.size === 0) {
      if (this.inFlightWaiters !== undefined)
        return new Promise((resolve) => this.inFlightWaiters?.push(resolve));
      return Promise.resolve({ outcomes: [], lockTimeoutMs: -1, sentAt: Date.now() });
    }
    const p = new Promise<FlushResult>((resolve) => this.waiters.push(resolve));
    this.kick();
    return p;
  }

  /**
   * Stops fetching, waits for the request in flight, then closes the session with a
   * ShareAcknowledge at epoch -1 carrying what is waiting: the broker applies it and releases
   * every record the session still holds (KIP-932, "Share sessions").
   */
  async close(): Promise<FlushResult> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.busy;
    const sentAt = Date.now();
    if (this.session.epoch === SessionEpoch.open) {
      const outcomes = this.unanswered(
        this.pending.take(),
        new KafeError(
          'SHARE_SESSION_NOT_FOUND',
          'no share session is open with this broker; the locks run out instead',
        ),
      );
      return this.settle(this.waiters.splice(0), { outcomes, lockTimeoutMs: -1, sentAt });
    }
    return this.acknowledgeNow(SessionEpoch.close);
  }

  /** Plans the next request (coalesced). */
  kick(): void {
    if (this.stopped || this.busy !== undefined || this.timer !== undefined) return;
    const wait = this.backoffUntil - Date.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.step();
      },
      Math.max(0, wait),
    );
  }

  private step(): void {
    if (this.stopped || this.busy !== undefined) return;
    const open = this.session.epoch !== SessionEpoch.open;
    const acks = this.pending.size > 0;
    const elsewhere = this.pending
      .partitions()
      .some((p) => !this.wantedKeys.has(topicPartitionKey(p.topic, p.partition)));
    let work: (() => Promise<unknown>) | undefined;
    if (
      open &&
      acks &&
      (this.waiters.length > 0 || this.pending.hasRenewals || elsewhere || this.wanted.length === 0)
    )
      work = () => this.acknowledgeNow(this.session.epoch);
    else if (this.wanted.length > 0 && (this.buffered <= 0 || (!open && this.waiters.length > 0)))
      work = () => this.fetchNow();
    else if (!open && this.waiters.length > 0 && this.wanted.length === 0) {
      // Nothing to open a session with: what waits cannot be sent; the locks will run out.
      const outcomes = this.unanswered(
        this.pending.take(),
        new KafeError(
          'SHARE_SESSION_NOT_FOUND',
          'no share session is open with this broker; the locks run out instead',
        ),
      );
      this.settle(this.waiters.splice(0), { outcomes, lockTimeoutMs: -1, sentAt: Date.now() });
    }
    if (work === undefined) return;
    this.busy = work().finally(() => {
      this.busy = undefined;
      this.kick();
    }) as Promise<void>;
  }

  private async connection(): Promise<Connection> {
    return this.ctx.cluster.connection(this.nodeId, this.ctx.signal);
  }

  private async fetchNow(): Promise<void> {
    const { ctx, session } = this;
    const { options, cluster } = ctx;
    const withAcks = session.epoch !== SessionEpoch.open && this.pending.size > 0;
    const taken = withAcks ? this.pending.take() : [];
    const waiters = withAcks ? this.waiters.splice(0) : [];
    this.inFlightWaiters = waiters;
    const sentAt = Date.now();
    let outcomes: AcknowledgementOutcome[] = [];
    let lockTimeoutMs = -1;
    const fetched = session.nextFetch(this.wanted);
    try {
      const connection = await this.connection();
      const version = connection.versionFor('ShareFetch');
      const byTopic = new Map<string, Map<number, PartitionAcknowledgements | undefined>>();
      for (const tp of fetched.added) this.slot(byTopic, tp.topic).set(tp.partition, undefined);
      for (const p of taken) this.slot(byTopic, p.topic).set(p.partition, p);
      const response = await connection.send(
        'ShareFetch',
        {
          groupId: options.groupId,
          memberId: ctx.memberId,
          shareSessionEpoch: fetched.epoch,
          maxWaitMs: options.maxWaitMs,
          minBytes: options.minBytes,
          maxBytes: options.maxBytes,
          maxRecords: options.maxPollRecords,
          batchSize: options.maxPollRecords,
          shareAcquireMode: version >= 2 && options.shareAcquireMode === 'record_limit' ? 1 : 0,
          isRenewAck: false,
          topics: [...byTopic].map(([topic, partitions]) => ({
            topicId: cluster.metadata.topic(topic)?.topicId ?? '',
            partitions: [...partitions].map(([partitionIndex, acks]) => ({
              partitionIndex,
              acknowledgementBatches: acks === undefined ? [] : acknowledgementBatches(acks.offsets),
            })),
          })),
          forgottenTopicsData: this.byTopicIds(fetched.forgotten),
        },
        { version, signal: ctx.signal, timeoutMs: options.maxWaitMs + 30_000 },
      );
      const top = errorForCode(response.errorCode, response.errorMessage);
      if (top !== undefined) {
        outcomes = this.unanswered(taken, top);
        this.topLevelError(top);
        return;
      }
      session.answered();
      lockTimeoutMs = response.acquisitionLockTimeoutMs;
      const answered = new Set<string>();
      const jobs: Promise<void>[] = [];
      for (const t of response.responses) {
        const topic = cluster.metadata.topicName(t.topicId);
        if (topic === undefined) continue;
        for (const pd of t.partitions) {
          const key = topicPartitionKey(topic, pd.partitionIndex);
          const acks = taken.find((p) => topicPartitionKey(p.topic, p.partition) === key);
          if (acks !== undefined) {
            answered.add(key);
            outcomes.push({
              topic,
              partition: pd.partitionIndex,
              offsets: [...acks.offsets.keys()],
              error: errorForCode(pd.acknowledgeErrorCode, pd.acknowledgeErrorMessage),
            });
          }
          jobs.push(this.apply(topic, pd, sentAt + lockTimeoutMs));
        }
      }
      outcomes.push(
        ...this.unanswered(
          taken.filter((p) => !answered.has(topicPartitionKey(p.topic, p.partition))),
          new KafeError('ACKNOWLEDGEMENT_UNANSWERED', 'the broker did not answer for this partition'),
        ),
      );
      await Promise.all(jobs);
    } catch (error) {
      outcomes = this.unanswered(taken, asKafe(error));
      this.requestFailed(error, 'ShareFetch');
    } finally {
      this.inFlightWaiters = undefined;
      this.settle(waiters, { outcomes, lockTimeoutMs, sentAt });
    }
  }

  private async acknowledgeNow(epoch: number): Promise<FlushResult> {
    const { ctx, session } = this;
    const renew = this.pending.hasRenewals;
    const taken = this.pending.take();
    const waiters = this.waiters.splice(0);
    this.inFlightWaiters = waiters;
    const sentAt = Date.now();
    let outcomes: AcknowledgementOutcome[] = [];
    let lockTimeoutMs = -1;
    try {
      const connection = await this.connection();
      const version = connection.versionFor('ShareAcknowledge');
      if (renew && version < 2)
        throw new UnsupportedVersionError(
          'ShareAcknowledge',
          `renewing an acquisition lock needs ShareAcknowledge v2 (KIP-1222); broker ${this.nodeId} offers v${version}`,
        );
      const response = await connection.send(
        'ShareAcknowledge',
        {
          groupId: ctx.options.groupId,
          memberId: ctx.memberId,
          shareSessionEpoch: epoch,
          isRenewAck: renew,
          topics: groupByTopic(taken).map(([topic, list]) => ({
            topicId: ctx.cluster.metadata.topic(topic)?.topicId ?? '',
            partitions: list.map((p) => ({
              partitionIndex: p.partition,
              acknowledgementBatches: acknowledgementBatches(p.offsets),
            })),
          })),
        },
        { version, signal: ctx.signal },
      );
      const top = errorForCode(response.errorCode, response.errorMessage);
      if (top !== undefined) {
        outcomes = this.unanswered(taken, top);
        this.topLevelError(top);
      } else {
        if (epoch === SessionEpoch.close) session.reset();
        else session.answered();
        lockTimeoutMs = response.acquisitionLockTimeoutMs ?? -1;
        const codes = new Map<string, BrokerError | undefined>();
        for (const t of response.responses) {
          const topic = ctx.cluster.metadata.topicName(t.topicId);
          if (topic === undefined) continue;
          for (const pd of t.partitions) {
            codes.set(
              topicPartitionKey(topic, pd.partitionIndex),
              errorForCode(pd.errorCode, pd.errorMessage),
            );
            if (LEADER_MOVED.has(pd.errorCode)) ctx.leaderMoved([topic]);
          }
        }
        outcomes = taken.map((p) => {
          const key = topicPartitionKey(p.topic, p.partition);
          return {
            topic: p.topic,
            partition: p.partition,
            offsets: [...p.offsets.keys()],
            error: codes.has(key)
              ? codes.get(key)
              : new KafeError('ACKNOWLEDGEMENT_UNANSWERED', 'the broker did not answer for this partition'),
          };
        });
      }
    } catch (error) {
      outcomes = this.unanswered(taken, asKafe(error));
      this.requestFailed(error, 'ShareAcknowledge');
    } finally {
      this.inFlightWaiters = undefined;
    }
    return this.settle(waiters, { outcomes, lockTimeoutMs, sentAt });
  }

  /** Applies one partition's fetch answer: its leader, its records. */
  private async apply(
    topic: string,
    pd: ShareFetchResponsePartitionData,
    lockDeadline: number,
  ): Promise<void> {
    const { ctx } = this;
    if (pd.errorCode !== 0) {
      if (LEADER_MOVED.has(pd.errorCode)) {
        if (pd.currentLeader.leaderId >= 0)
          ctx.cluster.updateLeader(
            topic,
            pd.partitionIndex,
            pd.currentLeader.leaderId,
            pd.currentLeader.leaderEpoch,
          );
        ctx.leaderMoved([topic]);
        return;
      }
      const error = errorForCode(pd.errorCode, pd.errorMessage);
      if (error !== undefined && !error.retriable) ctx.fail(error);
      else this.backOff();
      return;
    }
    if (pd.acquiredRecords.length === 0) return;
    let batches: Awaited<ReturnType<typeof decodeRecordBatchesAsync>>['batches'] = [];
    try {
      if (pd.records !== null && pd.records.length > 0)
        ({ batches } = await decodeRecordBatchesAsync(pd.records, { verifyCrc: ctx.options.checkCrcs }));
    } catch (error) {
      // Records that cannot be decoded can never be processed: reject them, as Java's
      // ShareCompletedFetch does with a corrupt batch, and tell the application.
      for (const r of pd.acquiredRecords)
        for (let o = r.firstOffset; o <= r.lastOffset; o++)
          this.pending.add(topic, pd.partitionIndex, o, AcknowledgeType.reject);
      ctx.fail(asKafe(error));
      return;
    }
    const { records, gaps, unreturned } = acquiredShareRecords(batches, pd.acquiredRecords, {
      topic,
      partition: pd.partitionIndex,
      nodeId: this.nodeId,
      lockDeadline,
      acknowledger: ctx.acknowledger,
    });
    for (const offset of gaps) this.pending.add(topic, pd.partitionIndex, offset, AcknowledgeType.gap);
    // Acquired but not sent (cut off by the response's size): back to the group at once.
    for (const offset of unreturned)
      this.pending.add(topic, pd.partitionIndex, offset, AcknowledgeType.release);
    if (records.length === 0) return;
    this.buffered += records.length;
    ctx.deliver(records);
  }

  private topLevelError(error: KafeError): void {
    this.session.reset();
    if (error.code === 'UNSUPPORTED_VERSION') {
      this.ctx.fail(new ShareGroupsUnsupportedError('ShareFetch', error.message));
      return;
    }
    if (!SESSION_ERRORS.has(error.code)) this.backOff();
    if (!error.retriable && error.code.endsWith('AUTHORIZATION_FAILED')) this.ctx.fail(error);
  }

  private requestFailed(error: unknown, api: string): void {
    if (this.ctx.signal.aborted) return;
    this.session.reset();
    if (
      error instanceof UnsupportedVersionError &&
      !(error instanceof ShareGroupsUnsupportedError) &&
      api === 'ShareFetch'
    ) {
      this.ctx.fail(new ShareGroupsUnsupportedError(api, error.message));
      return;
    }
    // Connection lost, timeout, ...: the broker may be gone; look again after a backoff.
    this.backOff();
    this.ctx.leaderMoved([...new Set(this.wanted.map((p) => p.topic))]);
  }

  private backOff(): void {
    this.backoffUntil = Date.now() + this.ctx.options.retryBackoffMs;
  }

  private unanswered(
    taken: readonly PartitionAcknowledgements[],
    error: KafeError,
  ): AcknowledgementOutcome[] {
    return taken.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      offsets: [...p.offsets.keys()],
      error,
    }));
  }

  private settle(waiters: readonly Waiter[], result: FlushResult): FlushResult {
    if (result.outcomes.length > 0) this.ctx.answered(this.nodeId, result.outcomes);
    for (const w of waiters) w(result);
    return result;
  }

  private slot<V>(m: Map<string, Map<number, V>>, topic: string): Map<number, V> {
    let s = m.get(topic);
    if (s === undefined) {
      s = new Map();
      m.set(topic, s);
    }
    return s;
  }

  private byTopicIds(list: readonly TopicPartition[]): { topicId: string; partitions: number[] }[] {
    return groupByTopic(list).map(([topic, ps]) => ({
      topicId: this.ctx.cluster.metadata.topic(topic)?.topicId ?? '',
      partitions: ps.map((p) => p.partition),
    }));
  }
}

function asKafe(error: unknown): KafeError {
  return error instanceof KafeError
    ? error
    : new KafeError('UNKNOWN', error instanceof Error ? error.message : String(error), { cause: error });
}
