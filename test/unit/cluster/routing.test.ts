import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationOf, routes } from '../../../src/cluster/routing.js';
import { apiKeys } from '../../../src/protocol/messages/index.js';

describe('routing table', () => {
  it('routes every generated API, and only those', () => {
    assert.deepEqual(Object.keys(routes).sort(), Object.keys(apiKeys).sort());
  });

  it('sends controller-only APIs nowhere and client APIs where Java does', () => {
    for (const [name, info] of Object.entries(apiKeys)) {
      if (info.listeners.length === 1 && info.listeners[0] === 'controller') {
        assert.equal(routes[name as keyof typeof routes], 'inter-broker', name);
      }
    }
    assert.equal(routes.Produce, 'leader');
    assert.equal(routes.OffsetCommit, 'group-coordinator');
    assert.equal(routes.InitProducerId, 'transaction-coordinator');
    assert.equal(routes.CreateTopics, 'controller');
  });

  it('turns a typed target into a destination', () => {
    assert.deepEqual(destinationOf('Fetch', { topic: 't', partition: 2 }), {
      kind: 'leader',
      topic: 't',
      partition: 2,
    });
    assert.deepEqual(destinationOf('Fetch', { nodeId: 3 }), { kind: 'node', nodeId: 3 });
    assert.deepEqual(destinationOf('JoinGroup', { group: 'g' }), {
      kind: 'coordinator',
      type: 'group',
      key: 'g',
    });
    assert.deepEqual(destinationOf('EndTxn', { transactionalId: 'x' }), {
      kind: 'coordinator',
      type: 'transaction',
      key: 'x',
    });
    assert.deepEqual(destinationOf('Metadata', undefined), { kind: 'any' });
    assert.deepEqual(destinationOf('DeleteTopics', undefined), { kind: 'controller' });
    // @ts-expect-error a leader-routed API needs a partition or a node
    destinationOf('Produce', undefined);
    // @ts-expect-error ApiVersions is sent by the connection itself, never routed
    destinationOf('ApiVersions', undefined);
  });
});
