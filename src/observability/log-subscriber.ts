/**
 * Log lines from kafe's own diagnostics channels: one subscriber per channel for the whole
 * process, installed when the first client with a logger is made, turns each message into at
 * most one line on the logger of the client that published it (`message.client`, a
 * `ClientScope`). So every event has one source, the channel, whether an APM agent, a logger or
 * both listen. Only channels of rare events are subscribed (never `kafe:net:request` /
 * `response`): logging costs nothing per request or record. Messages carry no secrets, and
 * errors are logged by message and code only.
 */
import diagnostics from 'node:diagnostics_channel';
import {
  clusterChannelNames,
  type GiveUpMessage,
  type MetadataMessage,
  type RetryMessage,
} from '../cluster/diagnostics.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { type RebalanceMessage, rebalanceChannelName } from '../consumer/diagnostics.js';
import { type OffsetResetMessage, offsetResetChannelName } from '../consumer/offset-reset.js';
import { type TruncationMessage, truncationChannelName } from '../consumer/position-validation.js';
import type { ClientScope } from '../net/client-scope.js';
import {
  type AuthenticateMessage,
  type CloseMessage,
  type ConnectMessage,
  channelNames,
  type LifecycleMessage,
  type ThrottleMessage,
} from '../net/diagnostics.js';
import type { LineLevel, LogFields } from '../net/logger.js';
import { type ProducerFatalMessage, producerFatalChannelName } from '../producer/diagnostics.js';
import { KafeError } from '../protocol/errors.js';

/** Leader moves listed in full in one line; a bigger move (a broker lost) is summarised. */
const MAX_LISTED_MOVES = 20;

/** The clients whose own lifecycle is worth a line at `info` (their parts log at `debug`). */
const CLIENT_COMPONENTS: ReadonlySet<string> = new Set(['kafka', 'producer', 'consumer', 'kafe']);

type Line = readonly [LineLevel, string, LogFields];

/** Each subscribed channel and how a message becomes a line (undefined: no line). */
const lines: Record<string, (message: never) => Line | undefined> = {
  [channelNames.connect]: (m: ConnectMessage) => [
    'info',
    'connected to broker',
    { broker: m.broker, tls: m.tls, saslMechanism: m.saslMechanism },
  ],
  [channelNames.close]: (m: CloseMessage) =>
    m.error === undefined
      ? ['debug', 'disconnected from broker', { broker: m.broker }]
      : m.established
        ? ['info', 'disconnected from broker', { broker: m.broker, ...errorFields(m.error) }]
        : ['warn', 'could not connect to broker', { broker: m.broker, ...errorFields(m.error) }],
  [channelNames.authenticate]: (m: AuthenticateMessage) =>
    m.error === undefined
      ? [
          m.reauthentication ? 'debug' : 'info',
          m.reauthentication ? 're-authenticated' : 'authenticated',
          { broker: m.broker, mechanism: m.mechanism, sessionLifetimeMs: m.sessionLifetimeMs },
        ]
      : [
          'error',
          'authentication failed',
          {
            broker: m.broker,
            mechanism: m.mechanism,
            reauthentication: m.reauthentication,
            ...errorFields(m.error),
          },
        ],
  [channelNames.throttle]: (m: ThrottleMessage) => [
    'info',
    'throttled by broker (quota)',
    { broker: m.broker, api: m.api, throttleTimeMs: m.throttleTimeMs },
  ],
  [channelNames.lifecycle]: (m: LifecycleMessage) => {
    if (m.component === 'connection') return undefined; // kafe:net:connect / close say it with reasons
    const fields = { component: m.component, ...(m.name === undefined ? {} : { name: m.name }) };
    if (m.state === 'destroyed')
      return ['error', `${m.component} failed`, { ...fields, ...errorFields(m.error) }];
    if (m.state === 'opening' || m.state === 'closing') return undefined;
    return [CLIENT_COMPONENTS.has(m.component) ? 'info' : 'debug', `${m.component} ${m.state}`, fields];
  },
  [clusterChannelNames.metadata]: (m: MetadataMessage) => {
    // A failed refresh is retried: `retries exhausted` is the warning if it never succeeds.
    if (m.error !== undefined) return ['debug', 'metadata refresh failed', errorFields(m.error)];
    if (m.leaderChanges.length > 0)
      return [
        'info',
        'partition leaders moved',
        {
          moved: m.leaderChanges.length,
          leaders: m.leaderChanges
            .slice(0, MAX_LISTED_MOVES)
            .map((c) => ({ topic: c.topic, partition: c.partition, from: c.from, to: c.to })),
          ...(m.removedBrokers.length > 0 ? { removedBrokers: m.removedBrokers } : {}),
        },
      ];
    if (m.removedBrokers.length > 0)
      return ['info', 'brokers left the cluster', { removedBrokers: m.removedBrokers, brokers: m.brokers }];
    return ['debug', 'metadata refreshed', { brokers: m.brokers, topics: m.topics }];
  },
  [clusterChannelNames.retry]: (m: RetryMessage) => [
    'debug',
    'retrying',
    { operation: m.operation, attempt: m.attempt, code: m.code, delayMs: m.delayMs },
  ],
  [clusterChannelNames.giveUp]: (m: GiveUpMessage) => [
    'warn',
    'retries exhausted',
    { operation: m.operation, attempts: m.attempts, timeoutMs: m.timeoutMs, ...errorFields(m.error) },
  ],
  [rebalanceChannelName]: (m: RebalanceMessage) => {
    const fields = {
      group: m.group,
      memberId: m.memberId,
      generation: m.generationId,
      partitions: byTopic(m.partitions),
    };
    switch (m.event) {
      case 'assigned':
        return ['info', 'partitions assigned', fields];
      case 'revoked':
        return ['info', 'partitions revoked', fields];
      case 'lost':
        return ['warn', 'partitions lost', fields];
      case 'fenced':
        return ['error', 'group member fenced', { ...fields, ...errorFields(m.error) }];
    }
  },
  [truncationChannelName]: (m: TruncationMessage) => [
    'warn',
    'log truncation detected',
    { topic: m.topic, partition: m.partition, offset: m.offset, endOffset: m.endOffset, action: m.action },
  ],
  [offsetResetChannelName]: (m: OffsetResetMessage) => [
    'warn',
    'fetch position out of range, reset',
    {
      topic: m.topic,
      partition: m.partition,
      from: m.from,
      to: m.to,
      policy: m.policy,
      // Records the consumer never saw: the log start passed its position (retention, deleteRecords).
      ...(m.to > m.from ? { skipped: m.to - m.from } : {}),
    },
  ],
  [producerFatalChannelName]: (m: ProducerFatalMessage) => ['error', 'producer failed', errorFields(m.error)],
};

let installed = false;

/** Subscribes the log lines to their channels, once per process. */
export function installLogSubscriber(): void {
  if (installed) return;
  installed = true;
  for (const [name, line] of Object.entries(lines)) {
    diagnostics.subscribe(name, (message) => {
      const client = (message as { client?: ClientScope }).client;
      if (client === undefined) return;
      const built = line(message as never);
      if (built !== undefined && client.logs(built[0])) client.log(built[0], built[1], built[2]);
    });
  }
}

/** `{ topic: [partitions] }`: compact, and structured for log queries. */
function byTopic(partitions: readonly TopicPartition[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const p of partitions) {
    const list = out[p.topic] ?? [];
    list.push(p.partition);
    out[p.topic] = list;
  }
  return out;
}

/** An error as fields: its message and code, never its object (whose `cause` chain may hold anything). */
function errorFields(error: Error | undefined): LogFields {
  if (error === undefined) return {};
  return { error: error.message, ...(error instanceof KafeError ? { code: error.code } : {}) };
}
