import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrokerPool } from '../../../src/cluster/broker-pool.js';
import { ConnectionClosedError, RequestTimeoutError } from '../../../src/net/errors.js';
import { FakeBroker } from '../../fake-broker/fake-broker.js';

const metadataRequest = (name: string) => ({ topics: [{ name, topicId: undefined }] });

describe('BrokerPool after a connection closed by a request timeout', () => {
  let broker: FakeBroker;
  before(async () => {
    broker = await FakeBroker.start();
    // Topic "hang" is never answered; anything else is.
    broker.handle('Metadata', (r) =>
      r.body.topics[0].name === 'hang'
        ? { noResponse: true }
        : { body: { throttleTimeMs: 0, brokers: [], controllerId: 7, topics: [] } },
    );
  });
  after(() => broker.stop());

  // Bounded: a connection that stayed open after the timeout would leave `closed` pending.
  it('reports the loss and opens a new connection on next use', { timeout: 10_000 }, async () => {
    const lost: [string, Error][] = [];
    const pool = new BrokerPool({
      reconnectBackoffMs: 1,
      reconnectBackoffMaxMs: 1,
      onConnectionLost: (key, error) => lost.push([key, error]),
    });
    try {
      const address = { host: '127.0.0.1', port: broker.port };
      const first = await pool.get('node-1', address);
      await assert.rejects(
        first.send('Metadata', metadataRequest('hang'), { timeoutMs: 30 }),
        RequestTimeoutError,
      );
      assert.ok((await first.closed) instanceof ConnectionClosedError);
      assert.equal(pool.connected('node-1'), undefined);
      assert.deepEqual(
        lost.map(([key, error]) => [key, error instanceof ConnectionClosedError]),
        [['node-1', true]],
      );

      const connections = broker.connections;
      const second = await pool.get('node-1', address);
      assert.notEqual(second, first);
      assert.equal(second.isClosed, false);
      assert.equal(broker.connections, connections + 1);
      assert.equal((await second.send('Metadata', metadataRequest('ok'))).controllerId, 7);
      assert.equal(pool.connected('node-1'), second);
    } finally {
      await pool.close();
    }
  });
});
