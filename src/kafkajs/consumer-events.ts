/**
 * A KafkaJS consumer's instrumentation events, from kafe's tracing and event channels
 * (`kafe:consumer:join` / `sync` / `heartbeat` / `commit` / `fetch`)
 * filtered to the consumer's own client scope. A channel is subscribed only once someone
 * listens to an event that needs it, so an uninstrumented consumer pays nothing.
 */
import { groupByTopic } from '../cluster/topic-partition.js';
import {
  type CommitTraceContext,
  consumerTracing,
  type FetchTraceContext,
  type GroupTraceContext,
} from '../consumer/diagnostics.js';
import type { ClientScope } from '../net/client-scope.js';
import type { KafeTracingChannel } from '../net/tracing.js';
import { decodeAssignment } from '../protocol/consumer-protocol.js';
import type {
  InstrumentationEmitter,
  InstrumentationEvent,
  RemoveInstrumentationEventListener,
} from './instrumentation.js';
import type { TopicOffsets } from './metadata-types.js';
import { type ClientOn, RequestEvents } from './network-events.js';

/** The names of a consumer's instrumentation events. */
export type ConsumerEvents = {
  HEARTBEAT: 'consumer.heartbeat';
  COMMIT_OFFSETS: 'consumer.commit_offsets';
  GROUP_JOIN: 'consumer.group_join';
  FETCH_START: 'consumer.fetch_start';
  FETCH: 'consumer.fetch';
  START_BATCH_PROCESS: 'consumer.start_batch_process';
  END_BATCH_PROCESS: 'consumer.end_batch_process';
  CONNECT: 'consumer.connect';
  DISCONNECT: 'consumer.disconnect';
  STOP: 'consumer.stop';
  CRASH: 'consumer.crash';
  REBALANCING: 'consumer.rebalancing';
  RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics';
  REQUEST: 'consumer.network.request';
  REQUEST_TIMEOUT: 'consumer.network.request_timeout';
  REQUEST_QUEUE_SIZE: 'consumer.network.request_queue_size';
};

/** The event names, as KafkaJS spells them. */
export const CONSUMER_EVENTS: ConsumerEvents = {
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  GROUP_JOIN: 'consumer.group_join',
  FETCH_START: 'consumer.fetch_start',
  FETCH: 'consumer.fetch',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
  REQUEST: 'consumer.network.request',
  REQUEST_TIMEOUT: 'consumer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'consumer.network.request_queue_size',
};

/** A heartbeat was answered. */
export type ConsumerHeartbeatEvent = InstrumentationEvent<{
  groupId: string;
  memberId: string;
  groupGenerationId: number;
}>;
/** Offsets were committed. */
export type ConsumerCommitOffsetsEvent = InstrumentationEvent<{
  groupId: string;
  memberId: string;
  groupGenerationId: number;
  topics: TopicOffsets[];
}>;
/** Partitions per topic. */
export interface IMemberAssignment {
  [key: string]: number[];
}
/** The consumer joined its group and got its partitions. */
export type ConsumerGroupJoinEvent = InstrumentationEvent<{
  duration: number;
  groupId: string;
  isLeader: boolean;
  leaderId: string;
  groupProtocol: string;
  memberId: string;
  memberAssignment: IMemberAssignment;
}>;
/** A fetch request left for a broker. */
export type ConsumerFetchStartEvent = InstrumentationEvent<{ nodeId: number }>;
/** A fetch request's answer was applied. */
export type ConsumerFetchEvent = InstrumentationEvent<{
  numberOfBatches: number;
  duration: number;
  nodeId: number;
}>;
/** A batch's fields in the batch events. */
interface IBatchProcessEvent {
  topic: string;
  partition: number;
  highWatermark: string;
  offsetLag: string;
  offsetLagLow: string;
  batchSize: number;
  firstOffset: string;
  lastOffset: string;
}
/** The handler is about to get a batch. */
export type ConsumerStartBatchProcessEvent = InstrumentationEvent<IBatchProcessEvent>;
/** The handler finished a batch. */
export type ConsumerEndBatchProcessEvent = InstrumentationEvent<IBatchProcessEvent & { duration: number }>;
/** The consumer crashed (`restart`: it starts again). */
export type ConsumerCrashEvent = InstrumentationEvent<{ error: Error; groupId: string; restart: boolean }>;
/** The group is rebalancing. */
export type ConsumerRebalancingEvent = InstrumentationEvent<{ groupId: string; memberId: string }>;
/** Some members subscribe to topics this one does not. */
export type ConsumerReceivedUnsubcribedTopicsEvent = InstrumentationEvent<{
  groupId: string;
  generationId: number;
  memberId: string;
  assignedTopics: string[];
  topicsSubscribed: string[];
  topicsNotSubscribed: string[];
}>;

type Listen<K extends keyof ConsumerEvents, Ev> = (
  eventName: ConsumerEvents[K],
  listener: (event: Ev) => void,
) => RemoveInstrumentationEventListener<ConsumerEvents[K]>;

/** A consumer's `on()`: KafkaJS's overloads for its own events, then those every client has. */
export type ConsumerOn = Listen<'HEARTBEAT', ConsumerHeartbeatEvent> &
  Listen<'COMMIT_OFFSETS', ConsumerCommitOffsetsEvent> &
  Listen<'GROUP_JOIN', ConsumerGroupJoinEvent> &
  Listen<'FETCH_START', ConsumerFetchStartEvent> &
  Listen<'FETCH', ConsumerFetchEvent> &
  Listen<'START_BATCH_PROCESS', ConsumerStartBatchProcessEvent> &
  Listen<'END_BATCH_PROCESS', ConsumerEndBatchProcessEvent> &
  Listen<'STOP', InstrumentationEvent<null>> &
  Listen<'CRASH', ConsumerCrashEvent> &
  Listen<'REBALANCING', ConsumerRebalancingEvent> &
  Listen<'RECEIVED_UNSUBSCRIBED_TOPICS', ConsumerReceivedUnsubcribedTopicsEvent> &
  ClientOn<ConsumerEvents>;

type Handlers<C> = { start?: (c: C) => void; asyncEnd?: (c: C) => void; error?: (c: C) => void };

/** The channel subscriptions behind one consumer's events. */
export class ConsumerEventSource {
  private scope: ClientScope | undefined;
  private readonly unsubscribes = new Map<string, () => void>();
  /** Event types someone listens to (their channels are subscribed again after a reconnect). */
  private readonly wanted = new Set<string>();
  private readonly started = new WeakMap<object, number>();
  private joined: { leader: string; protocol: string; startedAt: number } | undefined;
  private readonly requests: RequestEvents;

  /**
   * @param member the consumer's member id and generation now (for the commit event, whose
   *   channel does not carry them).
   */
  constructor(
    private readonly emitter: InstrumentationEmitter,
    private readonly groupId: string,
    private readonly member: () => { memberId: string; generationId: number },
  ) {
    this.requests = new RequestEvents(emitter, CONSUMER_EVENTS);
  }

  /** Events are taken from the clients of `scope` from now on. */
  follow(scope: ClientScope): void {
    this.scope = scope;
    this.requests.follow(scope);
    for (const type of this.wanted) this.need(type);
  }

  /** Subscribes the channels `type` needs (once). */
  need(type: string): void {
    this.requests.need(type);
    this.wanted.add(type);
    if (this.scope === undefined) return;
    const E = CONSUMER_EVENTS;
    if (type === E.HEARTBEAT)
      this.trace('heartbeat', consumerTracing.heartbeat, {
        asyncEnd: (c: GroupTraceContext) =>
          this.emitter.emit(E.HEARTBEAT, {
            groupId: c.group,
            memberId: c.memberId,
            groupGenerationId: c.generationId,
          }),
      });
    if (type === E.COMMIT_OFFSETS)
      this.trace('commit', consumerTracing.commit, {
        asyncEnd: (c: CommitTraceContext) =>
          this.emitter.emit(E.COMMIT_OFFSETS, {
            groupId: c.group,
            memberId: this.member().memberId,
            groupGenerationId: this.member().generationId,
            topics: groupByTopic(c.offsets).map(([topic, list]) => ({
              topic,
              // KafkaJS reports the partition as a decimal string here (its declarations say a
              // number): listeners written against KafkaJS see what they saw.
              partitions: list.map((p) => ({
                partition: String(p.partition) as unknown as number,
                offset: String(p.offset),
              })),
            })),
          }),
      });
    if (type === E.FETCH_START || type === E.FETCH)
      this.trace('fetch', consumerTracing.fetch, {
        start: (c: FetchTraceContext) => {
          this.started.set(c, Date.now());
          this.emitter.emit(E.FETCH_START, { nodeId: nodeIdOf(c) });
        },
        asyncEnd: (c: FetchTraceContext) =>
          this.emitter.emit(E.FETCH, {
            numberOfBatches: c.partitions,
            duration: Date.now() - (this.started.get(c) ?? Date.now()),
            nodeId: nodeIdOf(c),
          }),
      });
    if (type === E.GROUP_JOIN || type === E.REBALANCING) {
      this.trace('join', consumerTracing.join, {
        start: (c: GroupTraceContext) => {
          this.joined = { leader: '', protocol: '', startedAt: Date.now() };
          if (c.generationId >= 0)
            this.emitter.emit(E.REBALANCING, { groupId: c.group, memberId: c.memberId });
        },
        asyncEnd: (c: GroupTraceContext) => {
          const result = c.result as { leader?: string; protocolName?: string | null } | undefined;
          if (this.joined === undefined) return;
          this.joined.leader = result?.leader ?? '';
          this.joined.protocol = result?.protocolName ?? '';
        },
      });
      // After every SyncGroup that succeeded, with the member's whole assignment (empty too),
      // as KafkaJS's GROUP_JOIN.
      this.trace('sync', consumerTracing.sync, {
        asyncEnd: (c: GroupTraceContext) => {
          const result = c.result as { errorCode?: number; assignment?: Uint8Array } | undefined;
          if (c.group !== this.groupId || result?.errorCode !== 0 || result.assignment === undefined) return;
          const assignment: IMemberAssignment = {};
          const partitions =
            result.assignment.length === 0 ? [] : decodeAssignment(result.assignment).partitions;
          for (const { topic, partitions: list } of partitions) assignment[topic] = [...list];
          this.emitter.emit(E.GROUP_JOIN, {
            duration: Date.now() - (this.joined?.startedAt ?? Date.now()),
            groupId: c.group,
            isLeader: this.joined?.leader === c.memberId,
            leaderId: this.joined?.leader ?? '',
            groupProtocol: this.joined?.protocol ?? '',
            memberId: c.memberId,
            memberAssignment: assignment,
          });
        },
      });
    }
  }

  /** Stops listening to every channel (until the next {@link follow}). */
  close(): void {
    this.scope = undefined;
    this.requests.close();
    for (const off of this.unsubscribes.values()) off();
    this.unsubscribes.clear();
  }

  private trace<C extends { client: ClientScope | undefined }>(
    name: string,
    channel: KafeTracingChannel<C>,
    handlers: Handlers<C>,
  ): void {
    if (this.unsubscribes.has(name)) return;
    const mine = (f: ((c: C) => void) | undefined) => (c: C) => {
      if (f !== undefined && c.client !== undefined && c.client === this.scope) f(c);
    };
    const subscriber = {
      start: mine(handlers.start),
      end: () => {},
      asyncStart: () => {},
      asyncEnd: mine(handlers.asyncEnd),
      error: mine(handlers.error),
    };
    channel.subscribe(subscriber);
    this.unsubscribes.set(name, () => channel.unsubscribe(subscriber));
  }
}

/**
 * A fetch's broker id as KafkaJS reports it at run time: a decimal string (its declarations say a
 * number), so listeners written against KafkaJS see what they saw.
 */
function nodeIdOf(c: FetchTraceContext): number {
  return String(c.nodeId) as unknown as number;
}
