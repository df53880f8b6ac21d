/**
 * The parts of kafe/kafkajs that must agree with KafkaJS 2.2.4 bit for bit, checked against
 * the real package (a devDependency): the partitioners (Java's murmur2 for the default, KafkaJS's
 * own lossy arithmetic for the legacy one), the consumer protocol's bytes, the error classes'
 * names and `retriable` defaults, the enums, and the logger's entries.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { DeadlineExceededError } from '../../../src/cluster/errors.js';
import { toKafkaJSError } from '../../../src/kafkajs/error-mapping.js';
import * as kafe from '../../../src/kafkajs/index.js';
import { ConnectionError } from '../../../src/net/errors.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { seeded } from '../../support/seeded-random.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');

/** Random keys: ASCII and multi-byte strings of every length up to 40, and raw bytes. */
function keys(count: number): (string | Buffer)[] {
  const random = seeded(16);
  return Array.from({ length: count }, (_, i) => {
    const length = i % 41;
    if (i % 3 === 2) return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
    return Array.from({ length }, () =>
      String.fromCodePoint(i % 2 === 0 ? 32 + Math.floor(random() * 95) : 0x400 + Math.floor(random() * 500)),
    ).join('');
  });
}

const partitionMetadata = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    partitionId: i,
    leader: i % 3,
    partitionErrorCode: 0,
    replicas: [i % 3],
    isr: [i % 3],
  }));

describe('kafe/kafkajs agrees with KafkaJS 2.2.4', () => {
  for (const name of ['DefaultPartitioner', 'LegacyPartitioner', 'JavaCompatiblePartitioner'] as const)
    it(`${name} puts every key on KafkaJS's partition`, () => {
      const ours = kafe.Partitioners[name]();
      const theirs = kafkajs.Partitioners[name]();
      for (const count of [1, 3, 7, 64])
        for (const key of keys(500)) {
          const args = {
            topic: 't',
            partitionMetadata: partitionMetadata(count),
            message: { key, value: null },
          };
          assert.equal(ours(args), theirs(args), `${name} key ${JSON.stringify(key)} over ${count}`);
        }
    });

  it("the legacy partitioner differs from the default one for most keys (KafkaJS 1's hash)", () => {
    const legacy = kafe.Partitioners.LegacyPartitioner();
    const java = kafe.Partitioners.DefaultPartitioner();
    const differ = keys(200).filter((key) => {
      const args = { topic: 't', partitionMetadata: partitionMetadata(64), message: { key, value: null } };
      return legacy(args) !== java(args);
    });
    assert.ok(differ.length > 150, `${differ.length} of 200`);
  });

  it("encodes and decodes the consumer protocol's member metadata and assignment as KafkaJS does", () => {
    const metadata = { version: 0, topics: ['a', 'bé'], userData: Buffer.from([1, 2]) };
    const assignment = { version: 0, assignment: { a: [0, 2], bé: [1] }, userData: Buffer.alloc(0) };
    const theirs = kafkajs.AssignerProtocol;
    const ours = kafe.AssignerProtocol;
    assert.deepEqual(ours.MemberMetadata.encode(metadata), theirs.MemberMetadata.encode(metadata));
    assert.deepEqual(ours.MemberAssignment.encode(assignment), theirs.MemberAssignment.encode(assignment));
    assert.deepEqual(ours.MemberMetadata.decode(theirs.MemberMetadata.encode(metadata)), metadata);
    assert.deepEqual(ours.MemberAssignment.decode(theirs.MemberAssignment.encode(assignment)), assignment);
  });

  it('exports the enums with KafkaJS names and codes', () => {
    const pairs = [
      ['logLevel', kafe.logLevel, kafkajs.logLevel],
      ['CompressionTypes', kafe.CompressionTypes, kafkajs.CompressionTypes],
      ['ConfigResourceTypes', kafe.ConfigResourceTypes, kafkajs.ConfigResourceTypes],
      ['AclResourceTypes', kafe.AclResourceTypes, kafkajs.AclResourceTypes],
      ['AclOperationTypes', kafe.AclOperationTypes, kafkajs.AclOperationTypes],
      ['AclPermissionTypes', kafe.AclPermissionTypes, kafkajs.AclPermissionTypes],
      ['ResourcePatternTypes', kafe.ResourcePatternTypes, kafkajs.ResourcePatternTypes],
      ['ConfigSource', kafe.ConfigSource, kafkajs.ConfigSource],
    ] as const;
    for (const [name, ours, theirs] of pairs) assert.deepEqual({ ...ours }, { ...theirs }, name);
  });

  it('exports every KafkaJS error class, named and retriable as KafkaJS names them', () => {
    const theirs = Object.entries(kafkajs as Record<string, unknown>).filter(
      (e): e is [string, new (...a: never[]) => Error] =>
        typeof e[1] === 'function' && e[1].prototype instanceof Error,
    );
    assert.ok(theirs.length >= 25, `${theirs.length} KafkaJS error classes`);
    const ours = kafe as unknown as Record<
      string,
      new (
        m: string,
        meta?: object,
      ) => Error & { retriable?: boolean }
    >;
    for (const [name, theirClass] of theirs) {
      const ourClass = ours[name];
      assert.ok(ourClass !== undefined, `${name} is not exported`);
      if (name === 'KafkaJSDeleteTopicRecordsError' || name === 'KafkaJSFetcherRebalanceError') continue;
      const meta = {
        topic: 't',
        partition: 0,
        retryCount: 0,
        retryTime: 0,
        broker: 'b',
        apiKey: 0,
        apiName: 'x',
      };
      const theirError = new (
        theirClass as unknown as new (
          m: string,
          meta: object,
        ) => Error & { retriable?: boolean }
      )('boom', meta);
      const ourError = new ourClass('boom', meta);
      assert.equal(ourError.name, theirError.name, name);
      assert.equal(ourError.retriable, theirError.retriable, `${name}.retriable`);
      assert.equal(
        ourError instanceof kafe.KafkaJSError,
        theirError instanceof kafkajs.KafkaJSError,
        `${name} instanceof`,
      );
    }
  });

  it("maps kafe's errors to KafkaJS's, keeping kafe's as the cause", () => {
    const broker = new BrokerError(3);
    const protocol = toKafkaJSError(broker);
    assert.ok(protocol instanceof kafe.KafkaJSProtocolError);
    assert.equal(protocol.type, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.equal(protocol.code, 3);
    assert.equal(protocol.retriable, true);
    assert.equal(protocol.cause, broker);
    const lost = new ConnectionError('h:9092', 'refused', { code: 'ECONNREFUSED' });
    const retries = toKafkaJSError(new DeadlineExceededError('Metadata', 100, 3, lost));
    assert.ok(retries instanceof kafe.KafkaJSNumberOfRetriesExceeded);
    assert.equal(retries.retryCount, 3);
    assert.ok(retries.cause instanceof kafe.KafkaJSConnectionError);
    assert.equal((retries.cause as kafe.KafkaJSConnectionError).broker, 'h:9092');
    const own = new Error('from a handler');
    assert.equal(toKafkaJSError(own), own);
  });

  it("names every error code and words its message as KafkaJS's table does, whatever the broker said", () => {
    const theirs = require('kafkajs/src/protocol/error.js') as {
      errorCodes: { type: string; code: number; retriable: boolean; message: string }[];
    };
    for (const e of theirs.errorCodes) {
      const ours = toKafkaJSError(
        new BrokerError(e.code, 'the broker own words'),
      ) as kafe.KafkaJSProtocolError;
      assert.deepEqual(
        { type: ours.type, code: ours.code, retriable: ours.retriable, message: ours.message },
        { type: e.type, code: e.code, retriable: e.retriable, message: e.message },
        `code ${e.code}`,
      );
    }
  });

  it("writes log entries through logCreator at and below the level, kafe's own under the kafe namespace", () => {
    const entries: kafe.LogEntry[] = [];
    const kafka = new kafe.Kafka({
      brokers: ['localhost:1'],
      logLevel: kafe.logLevel.WARN,
      logCreator: () => (entry) => void entries.push(entry),
    });
    kafka.logger().info('not written');
    kafka.logger().namespace('Test').warn('written', { extra: 1 });
    kafka.logger().setLogLevel(kafe.logLevel.DEBUG);
    kafka.logger().debug('now written');
    assert.deepEqual(
      entries.map((e) => [e.namespace, e.label, e.log.message, e.log.extra]),
      [
        ['Test', 'WARN', 'written', 1],
        ['', 'DEBUG', 'now written', undefined],
      ],
    );
    assert.ok(entries.every((e) => !Number.isNaN(Date.parse(e.log.timestamp))));
  });
});
