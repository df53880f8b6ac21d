/**
 * `net/Connection` against Kafka 3.9: the broker does not know kafe's newest ApiVersions
 * version, answers UNSUPPORTED_VERSION with its own range, and the connection retries with
 * that (KIP-511); every other API then uses the highest version 3.9 supports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connection } from '../../../src/net/connection.js';
import { apiKeys } from '../../../src/protocol/messages/index.js';
import { firstBroker } from '../broker-address.js';
import { clusterUnderTest } from '../cluster-under-test.js';

describe('Connection on Kafka 3.9', () => {
  const cluster = clusterUnderTest();

  it('falls back to the ApiVersions version 3.9 supports and negotiates below kafe newest', async () => {
    const connection = await Connection.connect(firstBroker(cluster));
    try {
      const theirs = connection.negotiated.broker.get(apiKeys.ApiVersions.key)!;
      assert.ok(theirs.max < apiKeys.ApiVersions.maxVersion, `3.9 announces ApiVersions up to ${theirs.max}`);
      assert.equal(connection.versionFor('ApiVersions'), theirs.max);
      const metadata = connection.negotiated.broker.get(apiKeys.Metadata.key)!;
      assert.equal(connection.versionFor('Metadata'), Math.min(metadata.max, apiKeys.Metadata.maxVersion));
      assert.ok(connection.versionFor('Metadata') < apiKeys.Metadata.maxVersion);
      const response = await connection.send('Metadata', { topics: null });
      assert.equal(response.brokers.length, 1);
    } finally {
      await connection.close();
    }
  });

  it('names an API 3.9 does not have', async () => {
    const connection = await Connection.connect(firstBroker(cluster));
    try {
      // ShareGroupHeartbeat (KIP-932) came after 3.9.
      assert.throws(() => connection.versionFor('ShareGroupHeartbeat'), /ShareGroupHeartbeat cannot be used/);
    } finally {
      await connection.close();
    }
  });
});
