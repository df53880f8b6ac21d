/**
 * Every option of `Kafka`, `createKafe`, the producer and the consumer is checked when the
 * client is made: each option is fed fixed and random values of every type, and a value is
 * refused with a `ConfigurationError` naming that option exactly when this file's own oracle
 * (written from the options' documentation, not from the schemas) says it is bad; good values
 * make a client. The oracle tables must list every option the schemas know, so a new option
 * cannot go untested. Cross-option rules, unknown names and SASL mechanisms have their cases.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clusterOptionSchema } from '../../src/cluster/cluster-options.js';
import { ConfigurationError } from '../../src/cluster/errors.js';
import { consumerOptionSchema } from '../../src/consumer/options.js';
import { createKafe } from '../../src/kafe.js';
import { Kafka } from '../../src/kafka.js';
import { producerOptionSchema } from '../../src/producer/options.js';
import { apiKeys } from '../../src/protocol/messages/index.js';
import { type ShareConsumerOptions, shareConsumerOptionSchema } from '../../src/share/options.js';
import { seeded } from '../support/seeded-random.js';

/** What a good value of one option is, plus values worth trying beside the common pool. */
interface Kind {
  readonly good: (v: unknown) => boolean;
  readonly samples?: readonly unknown[];
  /** Other options the value is tried with (e.g. `compression` for `compressionLevel`). */
  readonly base?: Record<string, unknown>;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const int = (min: number, max = 2 ** 31 - 1, extra: Partial<Kind> = {}): Kind => ({
  good: (v) => isInt(v) && v >= min && v <= max,
  samples: [min, max, min - 1, max + 1],
  ...extra,
});
const bool: Kind = { good: (v) => typeof v === 'boolean' };
const text: Kind = { good: (v) => typeof v === 'string' && v !== '' };
const anyText: Kind = { good: (v) => typeof v === 'string' };
const among = (...values: unknown[]): Kind => ({ good: (v) => values.includes(v), samples: values });
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const hostPort = (v: unknown) =>
  typeof v === 'string' && /^[a-z0-9.-]+:[1-9]\d{0,4}$/.test(v) && Number(v.split(':')[1]) <= 65535;

const saslGood = (v: unknown): boolean => {
  if (!isObject(v)) return false;
  if (typeof v.authenticate === 'function') return typeof v.name === 'string' && v.name !== '';
  const m = typeof v.mechanism === 'string' ? v.mechanism.toUpperCase() : '';
  const keys = Object.keys(v).sort().join();
  if (m === 'OAUTHBEARER') return keys === 'mechanism,tokenProvider' && typeof v.tokenProvider === 'function';
  // A delegation token authenticates over SCRAM only (KIP-48).
  const tokenKeys = m.startsWith('SCRAM-') && typeof v.tokenAuthentication === 'boolean';
  return (
    ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'].includes(m) &&
    (keys === 'mechanism,password,username' ||
      (tokenKeys && keys === 'mechanism,password,tokenAuthentication,username')) &&
    typeof v.username === 'string' &&
    v.username !== '' &&
    typeof v.password === 'string'
  );
};

const clusterKinds: Record<string, Kind> = {
  brokers: {
    good: (v) =>
      (Array.isArray(v) && v.length > 0 && v.every(hostPort)) ||
      (typeof v === 'string' && v.split(',').every(hostPort)),
    samples: [['a:1'], 'a:1,b:2', ['a'], ['a:0'], ['a:70000'], [], 'a:1,'],
  },
  clientId: { good: (v) => typeof v === 'string' || v === null },
  tls: { good: (v) => typeof v === 'boolean' || isObject(v), samples: [{ ca: 'x' }] },
  sasl: {
    good: saslGood,
    samples: [
      { mechanism: 'plain', username: 'u', password: 'p' },
      { mechanism: 'Scram-Sha-512', username: 'u', password: '' },
      { mechanism: 'PLAIN', username: 'u' },
      { mechanism: 'PLAIN', username: '', password: 'p' },
      { mechanism: 'PLAIN', username: 'u', password: 1 },
      { mechanism: 'PLAIN', username: 'u', password: 'p', pasword: 'p' },
      { mechanism: 'plian', username: 'u', password: 'p' },
      { mechanism: 'SCRAM-SHA-256', username: 'id', password: 'hmac', tokenAuthentication: true },
      { mechanism: 'SCRAM-SHA-256', username: 'id', password: 'hmac', tokenAuthentication: 'yes' },
      { mechanism: 'PLAIN', username: 'u', password: 'p', tokenAuthentication: true },
      { mechanism: 'oauthbearer', tokenProvider: async () => ({ value: 't' }) },
      { mechanism: 'OAUTHBEARER', tokenProvider: 'token' },
      { name: 'CUSTOM', authenticate: async () => {} },
      { authenticate: async () => {} },
    ],
  },
  connectTimeoutMs: int(1),
  requestTimeoutMs: int(1),
  maxResponseSize: int(1),
  maxVersions: {
    good: (v) =>
      isObject(v) && Object.entries(v).every(([k, n]) => k in apiKeys && isInt(n) && n >= 0 && n <= 32767),
    samples: [{ Produce: 9 }, { Produc: 9 }, { Fetch: -1 }, { Metadata: 1.5 }],
  },
  clientSoftware: {
    good: (v) =>
      isObject(v) &&
      Object.keys(v).sort().join() === 'name,version' &&
      typeof v.name === 'string' &&
      v.name !== '' &&
      typeof v.version === 'string' &&
      v.version !== '',
    samples: [{ name: 'app', version: '1' }, { name: 'app' }, { name: 'app', version: 1 }],
  },
  signal: { good: (v) => v instanceof AbortSignal, samples: [new AbortController().signal] },
  connectionsPerBroker: int(1),
  reconnectBackoffMs: int(0),
  reconnectBackoffMaxMs: int(0),
  retryBackoffMs: int(0),
  retryBackoffMaxMs: int(0),
  timeoutMs: int(1),
  metadataMaxAgeMs: int(1),
  logger: {
    good: (v) =>
      v === null ||
      (isObject(v) && ['debug', 'info', 'warn', 'error'].every((m) => typeof v[m] === 'function')),
    samples: [console, { info() {} }, { debug() {}, info() {}, warn() {}, error: 'x' }],
  },
  enableMetricsPush: bool,
  logLevel: {
    good: (v) => ['debug', 'info', 'warn', 'error', 'silent'].includes(v as string),
    samples: ['debug', 'silent', 'verbose', 'INFO'],
  },
};

const producerKinds: Record<string, Kind> = {
  acks: among('all', -1, 0, 1),
  idempotent: bool,
  compression: among('none', 'gzip', 'snappy', 'lz4', 'zstd'),
  compressionLevel: int(1, 9, { base: { compression: 'gzip' } }),
  batchSize: int(1),
  lingerMs: int(0),
  maxBatchSize: int(1),
  maxRequestSize: int(1024),
  bufferMemory: int(1024, Number.MAX_SAFE_INTEGER),
  deliveryTimeoutMs: int(1),
  requestTimeoutMs: int(1),
  retryBackoffMs: int(0),
  retryBackoffMaxMs: int(0),
  maxInFlightPerBroker: int(1, 5),
  metadataMaxWaitMs: int(0),
  partitioner: {
    good: (v) =>
      ['default', 'round-robin', 'sticky'].includes(v as string) ||
      typeof v === 'function' ||
      (isObject(v) && typeof v.partition === 'function'),
    samples: ['default', 'round-robin', 'sticky', 'murmur2', { partition: () => 0 }, { partition: 0 }],
  },
  allowAutoTopicCreation: bool,
  adaptivePartitioning: bool,
  partitionerAvailabilityTimeoutMs: int(0),
  transactionalId: text,
  transactionTimeoutMs: int(1),
};

const consumerKinds: Record<string, Kind> = {
  groupId: text,
  autoCommit: { ...bool, base: { groupId: 'g' } },
  autoCommitIntervalMs: int(1),
  groupInstanceId: { ...text, base: { groupId: 'g' } },
  // Below the default session timeout (45000), as Java requires.
  heartbeatIntervalMs: int(1, 44_999),
  // Above the default heartbeat interval (3000).
  sessionTimeoutMs: int(3001),
  maxPollIntervalMs: int(1),
  groupProtocol: among('classic', 'consumer'),
  serverAssignor: { ...text, base: { groupProtocol: 'consumer' } },
  assignors: {
    good: (v) =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every(
        (n) =>
          ['range', 'roundrobin', 'sticky', 'cooperative-sticky'].includes(n) ||
          (typeof n === 'object' && n !== null && n.name !== '' && typeof n.assign === 'function'),
      ),
    samples: [
      ['range', 'sticky'],
      ['cooperative-sticky'],
      ['Range'],
      [],
      [{ name: 'RoundRobinAssigner', assign: () => new Map() }, 'range'],
      [{ name: '', assign: () => new Map() }],
      [{ name: 'x' }],
    ],
  },
  autoOffsetReset: among('earliest', 'latest', 'none'),
  isolationLevel: among('read_uncommitted', 'read_committed'),
  maxWaitMs: int(0),
  minBytes: int(0),
  maxBytes: int(1),
  maxPartitionBytes: int(1),
  prefetchBytesPerPartition: int(1),
  clientRack: anyText,
  retryBackoffMs: int(0),
  checkCrcs: bool,
};

const shareConsumerKinds: Record<string, Kind> = {
  groupId: { good: (v) => typeof v === 'string' && v !== '' && v.length <= 32767 },
  shareAcknowledgementMode: among('implicit', 'explicit'),
  maxPollRecords: int(1),
  shareAcquireMode: among('batch_optimized', 'record_limit'),
  maxWaitMs: int(0),
  minBytes: int(0),
  maxBytes: int(1),
  clientRack: anyText,
  retryBackoffMs: int(0),
  checkCrcs: bool,
  onAcknowledgementCommit: { good: (v) => typeof v === 'function', samples: [() => undefined] },
};

/** Values every option is tried with. */
const pool: readonly unknown[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  1.5,
  100,
  4000,
  2 ** 31,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'all',
  'PLAIN',
  '5',
  [],
  ['range'],
  ['a:1'],
  {},
  () => 0,
  Symbol('s'),
  10n,
  new Date(0),
];

/** Random values of every type, the same on every run. */
function randomValues(count: number, seed: number): unknown[] {
  const random = seeded(seed);
  const scalar = (): unknown => {
    switch (Math.floor(random() * 6)) {
      case 0:
        return Math.floor((random() - 0.5) * 2 ** 34);
      case 1:
        return Math.floor(random() * 70_000);
      case 2:
        return (random() - 0.5) * 1e6;
      case 3:
        return random()
          .toString(36)
          .slice(2, 2 + Math.floor(random() * 8));
      case 4:
        return random() < 0.5;
      default:
        return undefined;
    }
  };
  return Array.from({ length: count }, () => {
    const r = random();
    if (r < 0.7) return scalar() ?? null;
    if (r < 0.85) return Array.from({ length: Math.floor(random() * 3) }, scalar);
    return { [String(scalar())]: scalar() };
  });
}

const bootstrap = { brokers: ['localhost:9092'] };
const holder = new Kafka(bootstrap);
after(() => holder.close());

/** Each options object: how a client is made from options and closed, and its oracle table. */
const clients = [
  {
    name: 'Kafka',
    schema: clusterOptionSchema,
    kinds: clusterKinds,
    make: async (o: Record<string, unknown>) => new Kafka({ ...bootstrap, ...o }).close(),
  },
  {
    name: 'createKafe',
    schema: { ...clusterOptionSchema, allowAutoTopicCreation: null },
    kinds: { ...clusterKinds, allowAutoTopicCreation: bool },
    make: async (o: Record<string, unknown>) => createKafe({ ...bootstrap, ...o }).close(),
  },
  {
    name: 'producer',
    schema: producerOptionSchema,
    kinds: producerKinds,
    make: async (o: Record<string, unknown>) => holder.producer(o).close(),
  },
  {
    name: 'consumer',
    schema: consumerOptionSchema,
    kinds: consumerKinds,
    make: async (o: Record<string, unknown>) => holder.consumer(o).close(),
  },
  {
    name: 'shareConsumer',
    schema: shareConsumerOptionSchema,
    kinds: shareConsumerKinds,
    // groupId is required: every other option is tried beside a good one.
    make: async (o: Record<string, unknown>) =>
      holder.shareConsumer({ groupId: 'g', ...o } as ShareConsumerOptions).close(),
  },
];

/** The outcome of making a client with `options`: undefined, or the option the error names. */
async function refusal(
  make: (o: Record<string, unknown>) => Promise<void>,
  options: Record<string, unknown>,
) {
  try {
    await make(options);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ConfigurationError, `${String(error)} is not a ConfigurationError`);
    return error.option ?? '(none)';
  }
}

describe('options are checked when a client is made', () => {
  for (const client of clients) {
    it(`${client.name}: the oracle lists every option the schema knows`, () => {
      assert.deepEqual(Object.keys(client.kinds).sort(), Object.keys(client.schema).sort());
    });

    it(`${client.name}: every option, fed every type, is refused naming it exactly when bad`, async () => {
      let seed = 1;
      for (const [option, kind] of Object.entries(client.kinds)) {
        for (const value of [...pool, ...(kind.samples ?? []), ...randomValues(40, seed++)]) {
          if (value === undefined || (option === 'brokers' && value === null)) continue;
          const refused = await refusal(client.make, { ...kind.base, [option]: value });
          const shown =
            typeof value === 'symbol'
              ? 'a symbol'
              : JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
          if (kind.good(value))
            assert.equal(refused, undefined, `${client.name} ${option}: ${shown} is good`);
          else
            assert.ok(
              refused === option || refused?.startsWith(`${option}.`) || refused?.startsWith(`${option}[`),
              `${client.name} ${option}: ${shown} refused naming ${refused}`,
            );
        }
      }
    });
  }

  it('an unknown option name is refused, with the option it was probably meant to be', async () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => holder.producer({ lingerMS: 5 } as never), 'lingerMS', /did you mean lingerMs\?/],
      [() => holder.consumer({ groupID: 'g' } as never), 'groupID', /did you mean groupId\?/],
      [
        () => new Kafka({ ...bootstrap, retry: { retries: 5 } } as never),
        'retry',
        /unknown option; known: brokers/,
      ],
      [() => new Kafka({ ...bootstrap, clientID: 'a' } as never), 'clientID', /did you mean clientId\?/],
      [
        () => createKafe({ ...bootstrap, allowAutoTopicCreations: false } as never),
        'allowAutoTopicCreations',
        /did you mean allowAutoTopicCreation\?/,
      ],
      [
        () => new Kafka({ ...bootstrap, sasl: { mechanism: 'plain', username: 'u', pasword: 'p' } } as never),
        'sasl.pasword',
        /did you mean sasl\.password\?/,
      ],
    ];
    for (const [make, option, message] of cases)
      assert.throws(
        make,
        (e: unknown) => e instanceof ConfigurationError && e.option === option && message.test(e.message),
      );
  });

  it('options that are not an object are refused', () => {
    for (const make of [
      () => new Kafka('localhost:9092' as never),
      () => createKafe(null as never),
      () => holder.producer(null as never),
      () => holder.consumer(['g'] as never),
    ])
      assert.throws(
        make,
        (e: unknown) => e instanceof ConfigurationError && /^options: expected an object/.test(e.message),
      );
  });

  it('cross-option rules name the option to change and say why', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => holder.producer({ acks: 1, idempotent: true }), 'idempotent', /needs acks 'all'/],
      [
        () => holder.producer({ compression: 'snappy', compressionLevel: 3 }),
        'compressionLevel',
        /'snappy' has no levels/,
      ],
      [
        () => holder.producer({ compression: 'lz4', compressionLevel: 18 }),
        'compressionLevel',
        /lz4 takes levels 1 to 17/,
      ],
      [() => holder.producer({ compressionLevel: 3 }), 'compressionLevel', /'none' has no levels/],
      [
        () => holder.producer({ transactionalId: 't', idempotent: false }),
        'idempotent',
        /transactional producer/,
      ],
      [() => holder.producer({ transactionalId: 't', acks: 0 }), 'acks', /needs acks 'all'/],
      [() => holder.consumer({ autoCommit: true }), 'autoCommit', /needs a groupId/],
      [() => holder.consumer({ groupInstanceId: 'i' }), 'groupInstanceId', /needs a groupId/],
      [
        () => holder.consumer({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 6000 }),
        'heartbeatIntervalMs',
        /less than sessionTimeoutMs \(6000\)/,
      ],
      [
        () => holder.consumer({ serverAssignor: 'uniform' }),
        'serverAssignor',
        /groupProtocol 'consumer' only/,
      ],
    ];
    for (const [make, option, message] of cases)
      assert.throws(
        make,
        (e: unknown) => e instanceof ConfigurationError && e.option === option && message.test(e.message),
        option,
      );
    // The same values in a consistent combination are accepted.
    holder.producer({ acks: 'all', idempotent: true, compression: 'zstd', compressionLevel: -5 });
    holder.consumer({
      groupId: 'g',
      groupInstanceId: 'i',
      groupProtocol: 'consumer',
      serverAssignor: 'uniform',
    });
  });
});
