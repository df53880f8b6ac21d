import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topicPartitionKey } from '../../../src/cluster/topic-partition.js';

describe('topicPartitionKey', () => {
  it('gives partitions whose topic and index concatenate alike different keys', () => {
    const keys = new Set([
      topicPartitionKey('a1', 1),
      topicPartitionKey('a', 11),
      topicPartitionKey('a.1', 1),
      topicPartitionKey('a', 1),
    ]);
    assert.equal(keys.size, 4);
  });
});
