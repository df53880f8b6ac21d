import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrokerPool } from '../../../src/cluster/broker-pool.js';
import { ClientClosedError } from '../../../src/cluster/errors.js';
import { ConnectionClosedError, RequestTimeoutError } from '../../../src/net/errors.js';
import { FakeKafka } from '../../../src/testing/index.js';

const metadataRequest = (name: string) => ({ topics: [{ name, topicId: undefined }] });

describe('BrokerPool after a connection closed by a request timeout', () => {
  let broker: FakeKafka;
  before(async () => {
    broker = await FakeKafka.start();
    // Topic "hang" is never answered; anything else is.
    broker.control('Metadata', (r) =>
      r.body.topics[0].name === 'hang'
        ? { noResponse: true }
        : { body: { throttleTimeMs: 0, brokers: [], controllerId: 7, topics: [] } },
    );
  });
  after(() => broker.close());

  // Bounded: a connection that stayed open after the timeout would leave `closed` pending.
  it('reports the loss and opens a new connection on next use', { timeout: 10_000 }, async () => {
    const lost: [string, Error][] = [];
    const pool = new BrokerPool({
      reconnectBackoffMs: 1,
      reconnectBackoffMaxMs: 1,
      onConnectionLost: (key, error) => lost.push([key, error]),
    });
    try {
      const address = { host: '127.0.0.1', port: broker.brokers[0]!.port };
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

      const connections = broker.connectionCount(0);
      const second = await pool.get('node-1', address);
      assert.notEqual(second, first);
      assert.equal(second.isClosed, false);
      assert.equal(broker.connectionCount(0), connections + 1);
      assert.equal((await second.send('Metadata', metadataRequest('ok'))).controllerId, 7);
      assert.equal(pool.connected('node-1'), second);
    } finally {
      await pool.close();
    }
  });
});

describe('BrokerPool close', () => {
  let broker: FakeKafka;
  before(async () => {
    broker = await FakeKafka.start();
  });
  after(() => broker.close());

  it('closes every connection once, returns one promise to every call and refuses later gets', async () => {
    const pool = new BrokerPool();
    const address = { host: '127.0.0.1', port: broker.brokers[0]!.port };
    const connection = await pool.get('node-1', address);
    const closing = pool.close();
    assert.equal(pool.close(), closing);
    await closing;
    assert.equal(connection.isClosed, true);
    assert.equal(await connection.closed, undefined);
    await assert.rejects(pool.get('node-1', address), ClientClosedError);
  });
});
