import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetadataCache } from '../../../src/cluster/metadata-cache.js';
import type { MetadataResponse } from '../../../src/protocol/messages/metadata.js';

const ID = 'bXlUb3BpY0lkMDAwMDAwMQ';

function response(leader: number, epoch: number, extra: Partial<MetadataResponse> = {}): MetadataResponse {
  return {
    throttleTimeMs: 0,
    brokers: [
      { nodeId: 1, host: 'h1', port: 1, rack: null },
      { nodeId: 2, host: 'h2', port: 2, rack: 'r2' },
    ],
    clusterId: 'c',
    controllerId: 2,
    clusterAuthorizedOperations: 0,
    errorCode: 0,
    topics: [
      {
        errorCode: 0,
        name: 't',
        topicId: ID,
        isInternal: false,
        topicAuthorizedOperations: 0,
        partitions: [
          {
            errorCode: 0,
            partitionIndex: 0,
            leaderId: leader,
            leaderEpoch: epoch,
            replicaNodes: [1, 2],
            isrNodes: [leader],
            offlineReplicas: [],
          },
        ],
      },
    ],
    ...extra,
  };
}

describe('MetadataCache', () => {
  it('keeps brokers, controller, topic ids and partition leaders', () => {
    const cache = new MetadataCache();
    cache.update(response(1, 5), ['t']);
    assert.equal(cache.controllerId, 2);
    assert.equal(cache.clusterId, 'c');
    assert.equal(cache.brokers.get(2)?.rack, 'r2');
    assert.equal(cache.topicName(ID), 't');
    assert.deepEqual(cache.leaderOf('t', 0), { nodeId: 1, host: 'h1', port: 1, rack: null });
    assert.deepEqual(cache.partition('t', 0)?.isr, [1]);
    assert.equal(cache.partition('t', 1), undefined);
  });

  it('never lets a leader epoch go backwards (KIP-320)', () => {
    const cache = new MetadataCache();
    cache.update(response(2, 7), ['t']);
    const change = cache.update(response(1, 6), ['t']);
    assert.equal(change.staleEpochs, 1);
    assert.equal(cache.partition('t', 0)?.leaderId, 2);
    assert.equal(cache.partition('t', 0)?.leaderEpoch, 7);
    cache.update(response(1, 8), ['t']);
    assert.equal(cache.partition('t', 0)?.leaderId, 1);
    assert.equal(cache.updateLeader('t', 0, 2, 8), false, 'same epoch is not newer');
    assert.equal(cache.updateLeader('t', 0, 2, 9), true);
    assert.equal(cache.leaderOf('t', 0)?.nodeId, 2);
  });

  it('accepts an older epoch when the topic was re-created with a new id', () => {
    const cache = new MetadataCache();
    cache.update(response(2, 7), ['t']);
    const recreated = response(1, 0);
    recreated.topics[0]!.topicId = 'bXlUb3BpY0lkMDAwMDAwMg';
    cache.update(recreated, ['t']);
    assert.equal(cache.partition('t', 0)?.leaderEpoch, 0);
    assert.equal(cache.topicName(ID), undefined);
  });

  it('reports removed brokers and forgets unknown topics', () => {
    const cache = new MetadataCache();
    cache.update(response(1, 1), ['t']);
    const gone = response(1, 1, {
      brokers: [{ nodeId: 1, host: 'h1', port: 1, rack: null }],
      topics: [
        {
          errorCode: 3,
          name: 't',
          topicId: ID,
          isInternal: false,
          topicAuthorizedOperations: 0,
          partitions: [],
        },
      ],
    });
    assert.deepEqual(cache.update(gone, ['t']).removedBrokers, [2]);
    assert.equal(cache.topic('t'), undefined);
    cache.update(response(1, 1), ['t']);
    cache.update(response(1, 1, { topics: [] }), null);
    assert.equal(cache.topic('t'), undefined, 'an all-topics answer without t forgets t');
  });
});
