/** AdminResults: lookups by key or name, the all-or-nothing shortcuts, and errors naming their resource. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminResults,
  FailedResourcesError,
  type Outcome,
  ResourceError,
} from '../../../src/admin/results.js';
import { type TopicPartition, topicPartitionKey } from '../../../src/cluster/topic-partition.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';

const nameOf = (p: TopicPartition) => `${p.topic}/${p.partition}`;
const failed = (key: TopicPartition, code: number): Outcome<TopicPartition, bigint> => ({
  key,
  name: nameOf(key),
  error: new ResourceError({ kind: 'partition', name: nameOf(key) }, new BrokerError(code)),
});

describe('AdminResults', () => {
  const a = { topic: 't', partition: 0 };
  const b = { topic: 't', partition: 1 };
  const c = { topic: 'u', partition: 0 };
  const results = new AdminResults<TopicPartition, bigint>(
    'partition',
    [
      { key: a, name: nameOf(a), value: 5n },
      failed(b, errorCodes.NOT_LEADER_OR_FOLLOWER.code),
      failed(c, errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code),
      { key: a, name: nameOf(a), value: 9n },
    ],
    nameOf,
  );

  it('keeps the first outcome of a resource and looks it up by key or by name', () => {
    assert.equal(results.size, 3);
    assert.equal(results.get({ topic: 't', partition: 0 }), 5n);
    assert.equal(results.get('t/0'), 5n);
    assert.equal(results.error(b)?.code, 'NOT_LEADER_OR_FOLLOWER');
    assert.equal(results.error(b)?.errorCode, 6);
    assert.equal(results.error(b)?.retriable, true);
    assert.match(results.error(c)?.message ?? '', /^partition u\/0: UNKNOWN_TOPIC_OR_PARTITION \(3\)/);
    assert.throws(
      () => results.get(c),
      (e: unknown) => e === results.error(c),
    );
    assert.throws(() => results.get('v/0'), /partition v\/0 was not part of this call/);
    assert.equal(results.has('v/0'), false);
    assert.deepEqual(results.succeeded, [{ key: a, value: 5n }]);
    assert.equal(results.ok, false);
  });

  it('values() and throwIfFailed() throw one FailedResourcesError naming the first failure and keeping all', () => {
    assert.throws(
      () => results.values(),
      (e: unknown) =>
        e instanceof FailedResourcesError &&
        e.code === 'NOT_LEADER_OR_FOLLOWER' &&
        e.retriable === true &&
        e.cause === results.error(b) &&
        e.failures.length === 2 &&
        e.results === results &&
        /^partition t\/1: .* \(and 1 more failed, see failures\)$/.test(e.message),
    );
    assert.throws(() => results.throwIfFailed(), FailedResourcesError);
  });

  it('map() changes values and keeps errors; an all-successful result gives its values in order', () => {
    const doubled = results.map((v, key) => `${topicPartitionKey(key.topic, key.partition)}=${v * 2n}`);
    assert.equal(doubled.get(a), `${topicPartitionKey('t', 0)}=10`);
    assert.equal(doubled.error(b), results.error(b));
    const fine = new AdminResults<string, number>(
      'topic',
      [
        { key: 'x', name: 'x', value: 1 },
        { key: 'y', name: 'y', value: 2 },
      ],
      (k) => k,
    );
    assert.deepEqual(fine.values(), [1, 2]);
    assert.equal(fine.throwIfFailed(), fine);
    assert.deepEqual(
      [...fine].map((o) => o.name),
      ['x', 'y'],
    );
  });
});
