import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Cluster, type ClusterOptions } from '../../../src/cluster/cluster.js';
import {
  clusterChannelNames,
  type MetadataMessage,
  type RetryMessage,
} from '../../../src/cluster/diagnostics.js';
import {
  ClientClosedError,
  ConfigurationError,
  DeadlineExceededError,
  OperationAbortedError,
} from '../../../src/cluster/errors.js';
import { BrokerError, errorForCode } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { until } from '../../support/until.js';

const fastRetry = {
  retryBackoffMs: 5,
  retryBackoffMaxMs: 20,
  reconnectBackoffMs: 5,
  reconnectBackoffMaxMs: 20,
};

function listOffsets(topic: string, partition: number) {
  return {
    replicaId: -1,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp: -1n }] }],
  };
}

function listOffsetsAnswer(topic: string, partition: number, errorCode: number) {
  return {
    body: { topics: [{ name: topic, partitions: [{ partitionIndex: partition, errorCode, offset: 42n }] }] },
  };
}

describe('Cluster against a fake 3-broker cluster', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  const open = (options: Partial<ClusterOptions> = {}) =>
    new Cluster({
      brokers: fake.bootstrap,
      requestTimeoutMs: 2000,
      timeoutMs: 5000,
      ...fastRetry,
      ...options,
    });

  beforeEach(async () => {
    // ListGroups is not served by the fake: advertised for the control hook of the per-broker test.
    fake = await FakeKafka.start({
      brokers: 3,
      topics: [{ name: 't', partitions: 3 }],
      apiVersions: { ListGroups: { min: 0, max: 5 } },
    });
    cluster = open();
  });
  afterEach(async () => {
    await cluster.close();
    await fake.close();
  });

  it('sends a partition request to its leader', async () => {
    fake.control('ListOffsets', (_r) => listOffsetsAnswer('t', 1, 0));
    await cluster.send('ListOffsets', listOffsets('t', 1), { to: { topic: 't', partition: 1 } });
    assert.deepEqual(
      fake.requests('ListOffsets').map((r) => r.nodeId),
      [1],
    );
    assert.equal(cluster.metadata.partition('t', 1)?.leaderId, 1);
  });

  it('passes connection options through and opens connectionsPerBroker connections, lazily', async () => {
    await cluster.close();
    cluster = open({ clientId: 'cluster-test', connectionsPerBroker: 2 });
    fake.control('ListOffsets', () => listOffsetsAnswer('t', 1, 0));
    assert.equal(fake.connectionCount(1), 0, 'nothing opened before the first request');
    for (let i = 0; i < 4; i++) {
      await cluster.send('ListOffsets', listOffsets('t', 1), { to: { topic: 't', partition: 1 } });
    }
    const sent = fake.requests('ListOffsets').filter((r) => r.nodeId === 1);
    assert.deepEqual(new Set(sent.map((r) => r.clientId)), new Set(['cluster-test']));
    assert.deepEqual(new Set(sent.map((r) => r.connection)).size, 2, 'spread over two connections');
  });

  it('keeps one connection per broker: the bootstrap connection becomes the node connection', async () => {
    await cluster.close();
    cluster = open({ brokers: [fake.bootstrap[0]!] });
    fake.control('ListOffsets', () => listOffsetsAnswer('t', 0, 0));
    await cluster.refreshMetadata(['t']);
    await cluster.send('ListOffsets', listOffsets('t', 0), { to: { topic: 't', partition: 0 } });
    assert.equal(fake.connectionCount(0), 1);
  });

  it('builds the request for the version chosen from the broker connection', async () => {
    fake.control('Heartbeat', () => ({ body: { errorCode: 0 } }));
    const seen: number[] = [];
    await cluster.send(
      'Heartbeat',
      (version) => {
        seen.push(version);
        return { groupId: 'g', generationId: 1, memberId: 'm' };
      },
      { to: { group: 'g' }, version: (c) => c.negotiated.broker.get(12)!.min + 1 },
    );
    assert.deepEqual(seen, [1]);
    assert.deepEqual(
      fake.requests('Heartbeat').map((r) => r.apiVersion),
      [1],
    );
  });

  it('refreshes metadata on an error that invalidates it and resends to the new leader', async () => {
    fake.control('ListOffsets', (r) =>
      listOffsetsAnswer('t', 0, r.nodeId === 0 ? errorCodes.NOT_LEADER_OR_FOLLOWER.code : 0),
    );
    await cluster.refreshMetadata(['t']);
    fake.moveLeader('t', 0, 2);
    const before = fake.requests('Metadata').length;
    const retries: RetryMessage[] = [];
    const refreshes: MetadataMessage[] = [];
    const onRetry = (m: unknown) => retries.push(m as RetryMessage);
    const onMetadata = (m: unknown) => refreshes.push(m as MetadataMessage);
    diagnostics.subscribe(clusterChannelNames.retry, onRetry);
    diagnostics.subscribe(clusterChannelNames.metadata, onMetadata);
    const response = await cluster
      .send('ListOffsets', listOffsets('t', 0), {
        to: { topic: 't', partition: 0 },
        errorOf: (r) => errorForCode(r.topics[0]?.partitions[0]?.errorCode ?? 0),
      })
      .finally(() => {
        diagnostics.unsubscribe(clusterChannelNames.retry, onRetry);
        diagnostics.unsubscribe(clusterChannelNames.metadata, onMetadata);
      });
    assert.deepEqual(
      retries.map((m) => [m.operation, m.attempt, m.code]),
      [['ListOffsets', 1, 'NOT_LEADER_OR_FOLLOWER']],
    );
    assert.ok(refreshes.some((m) => m.topics?.includes('t') && m.error === undefined));
    assert.equal(response.topics[0]?.partitions[0]?.offset, 42n);
    assert.deepEqual(
      fake.requests('ListOffsets').map((r) => r.nodeId),
      [0, 2],
    );
    assert.ok(fake.requests('Metadata').length > before, 'metadata was refreshed');
    assert.equal(cluster.metadata.partition('t', 0)?.leaderEpoch, 1);
  });

  it('a non-retriable broker error is thrown as a BrokerError with its name, without retries', async () => {
    fake.control('ListOffsets', () => listOffsetsAnswer('t', 0, errorCodes.TOPIC_AUTHORIZATION_FAILED.code));
    await assert.rejects(
      cluster.send('ListOffsets', listOffsets('t', 0), {
        to: { topic: 't', partition: 0 },
        errorOf: (r) => errorForCode(r.topics[0]?.partitions[0]?.errorCode ?? 0),
      }),
      (e: unknown) => e instanceof BrokerError && e.code === 'TOPIC_AUTHORIZATION_FAILED',
    );
    assert.equal(fake.requests('ListOffsets').length, 1);
  });

  it('refreshes metadata every metadataMaxAgeMs, and when a broker connection is lost', async () => {
    await cluster.close();
    cluster = open({ metadataMaxAgeMs: 20 });
    await cluster.refreshMetadata([]);
    let seen = fake.requests('Metadata').length;
    await until('a metadata refresh after metadataMaxAgeMs', () => fake.requests('Metadata').length > seen);
    await cluster.close();
    cluster = open();
    fake.control('ListOffsets', () => listOffsetsAnswer('t', 2, 0));
    await cluster.send('ListOffsets', listOffsets('t', 2), { to: { topic: 't', partition: 2 } });
    // Counted on the brokers that stay up (a stopped broker's request log goes with it).
    const survivors = () => fake.requests('Metadata').filter((r) => r.nodeId !== 2).length;
    seen = survivors();
    await fake.killBroker(2);
    await until('a metadata refresh after the broker stopped', () => survivors() > seen);
    await until('broker 2 gone from the metadata', () => !cluster.metadata.brokers.has(2));
  });

  it('coalesces concurrent refreshes into few Metadata requests', async () => {
    await cluster.refreshMetadata([]);
    const before = fake.requests('Metadata').length;
    await Promise.all(Array.from({ length: 20 }, () => cluster.refreshTopics(['t'])));
    const sent = fake.requests('Metadata').length - before;
    assert.ok(sent >= 1 && sent <= 2, `${sent} Metadata requests for 20 refreshes`);
  });

  it('keeps the newer leader when a broker answers with an older leader epoch', async () => {
    fake.moveLeader('t', 0, 1);
    fake.moveLeader('t', 0, 2);
    await cluster.refreshMetadata(['t']);
    assert.equal(cluster.metadata.partition('t', 0)?.leaderEpoch, 2);
    fake.control('Metadata', async (_r, serve) => {
      const body = (await serve()) as {
        topics: { partitions: { leaderId: number; leaderEpoch: number }[] }[];
      };
      for (const t of body.topics)
        for (const p of t.partitions) Object.assign(p, { leaderId: 0, leaderEpoch: 1 });
      return { body };
    });
    await cluster.refreshMetadata(['t']);
    assert.equal(cluster.metadata.partition('t', 0)?.leaderId, 2);
    assert.equal(cluster.metadata.partition('t', 0)?.leaderEpoch, 2);
  });

  it('looks coordinators up in one batched FindCoordinator (v4+) and caches them', async () => {
    fake.moveCoordinator('g1', 1);
    fake.moveCoordinator('g2', 2);
    fake.moveCoordinator('g3', 0);
    fake.control('Heartbeat', () => ({ body: { errorCode: 0 } }));
    const heartbeat = (group: string) =>
      cluster.send('Heartbeat', { groupId: group, generationId: 1, memberId: 'm' }, { to: { group } });
    await Promise.all([heartbeat('g1'), heartbeat('g2'), heartbeat('g3')]);
    const lookups = fake.requests('FindCoordinator');
    assert.equal(lookups.length, 1);
    assert.ok(lookups[0]!.apiVersion >= 4);
    assert.deepEqual([...lookups[0]!.body.coordinatorKeys].sort(), ['g1', 'g2', 'g3']);
    assert.deepEqual(
      fake
        .requests('Heartbeat')
        .map((r) => `${r.body.groupId}@${r.nodeId}`)
        .sort(),
      ['g1@1', 'g2@2', 'g3@0'],
    );
    await heartbeat('g1');
    assert.equal(fake.requests('FindCoordinator').length, 1, 'cached');
  });

  it('uses single-key FindCoordinator on brokers older than v4', async () => {
    await cluster.close();
    cluster = open({ maxVersions: { FindCoordinator: 3 } });
    fake.moveCoordinator('g2', 2);
    fake.control('Heartbeat', () => ({ body: { errorCode: 0 } }));
    await Promise.all(
      ['g1', 'g2'].map((group) =>
        cluster.send('Heartbeat', { groupId: group, generationId: 1, memberId: 'm' }, { to: { group } }),
      ),
    );
    const lookups = fake.requests('FindCoordinator');
    assert.deepEqual(lookups.map((r) => [r.apiVersion, r.body.key]).sort(), [
      [3, 'g1'],
      [3, 'g2'],
    ]);
  });

  it('forgets the coordinator on NOT_COORDINATOR and finds the new one', async () => {
    fake.moveCoordinator('g', 1);
    let moved = false;
    fake.control('Heartbeat', (r) => ({
      body: { errorCode: moved && r.nodeId === 1 ? errorCodes.NOT_COORDINATOR.code : 0 },
    }));
    const heartbeat = () =>
      cluster.send(
        'Heartbeat',
        { groupId: 'g', generationId: 1, memberId: 'm' },
        { to: { group: 'g' }, errorOf: (r) => errorForCode(r.errorCode) },
      );
    await heartbeat();
    moved = true;
    fake.moveCoordinator('g', 2);
    await heartbeat();
    assert.deepEqual(
      fake.requests('Heartbeat').map((r) => r.nodeId),
      [1, 1, 2],
    );
    assert.equal(fake.requests('FindCoordinator').length, 2);
  });

  it('splits per broker: one broker failing does not hide the others answers', async () => {
    fake.control('ListGroups', (r) => ({
      body: { errorCode: 0, groups: [{ groupId: `g-of-${r.nodeId}`, protocolType: 'consumer' }] },
    }));
    await cluster.refreshMetadata([]);
    await fake.killBroker(2);
    const outcomes = await cluster.sendPerBroker('ListGroups', new Map([0, 1, 2].map((id) => [id, {}])), {
      timeoutMs: 300,
    });
    assert.deepEqual(
      outcomes.map((o) => [o.nodeId, o.response?.groups[0]?.groupId ?? o.error?.name]),
      [
        [0, 'g-of-0'],
        [1, 'g-of-1'],
        [2, outcomes[2]!.error?.name],
      ],
    );
    assert.ok(outcomes[2]!.error !== undefined, 'node 2 failed');
    assert.ok(
      outcomes[2]!.error.code === 'DEADLINE_EXCEEDED' || outcomes[2]!.error.code === 'BROKER_NOT_AVAILABLE',
    );
  });

  it('moves on when a leader broker stops: metadata names the new leader and the request succeeds', async () => {
    fake.control('ListOffsets', () => listOffsetsAnswer('t', 1, 0));
    await cluster.send('ListOffsets', listOffsets('t', 1), { to: { topic: 't', partition: 1 } });
    await fake.killBroker(1);
    fake.moveLeader('t', 1, 0);
    await cluster.send('ListOffsets', listOffsets('t', 1), { to: { topic: 't', partition: 1 } });
    assert.deepEqual(
      fake.requests('ListOffsets').map((r) => r.nodeId),
      [1, 0],
      'the retry went to node 0',
    );
    await fake.restartBroker(1);
    fake.moveLeader('t', 1, 1);
    await cluster.refreshMetadata(['t']);
    await cluster.send('ListOffsets', listOffsets('t', 1), { to: { topic: 't', partition: 1 } });
    assert.equal(
      fake.requests('ListOffsets').filter((r) => r.nodeId === 1).length,
      2,
      'reconnected to the restarted broker',
    );
  });

  it('fails within the deadline with DeadlineExceededError when every broker is down', async () => {
    await cluster.refreshMetadata(['t']);
    await fake.close();
    const error = await cluster
      .send('ListOffsets', listOffsets('t', 0), { to: { topic: 't', partition: 0 }, timeoutMs: 300 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof DeadlineExceededError, String(error));
    assert.ok(error.attempts >= 1);
  });

  it('stops on abort with OperationAbortedError', async () => {
    fake.control('ListOffsets', () => ({ noResponse: true }));
    const controller = new AbortController();
    const pending = cluster.send('ListOffsets', listOffsets('t', 0), {
      to: { topic: 't', partition: 0 },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      pending,
      (e: unknown) => e instanceof OperationAbortedError && e.code === 'REQUEST_ABORTED',
    );
  });

  it('a closed cluster fails pending and new calls with ClientClosedError', async () => {
    fake.control('ListOffsets', () => ({ noResponse: true }));
    const pending = cluster.send('ListOffsets', listOffsets('t', 0), { to: { topic: 't', partition: 0 } });
    const settled = pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    const closing = cluster.close();
    assert.equal(cluster.close(), closing, 'every close() returns the same promise');
    await closing;
    assert.ok((await settled) instanceof ClientClosedError);
    await assert.rejects(
      cluster.refreshMetadata(['t']),
      (e: unknown) => e instanceof ClientClosedError && e.code === 'CLIENT_CLOSED',
    );
  });
});

describe('Cluster configuration', () => {
  it('rejects a bad bootstrap entry and bad numbers with ConfigurationError', () => {
    assert.throws(
      () => new Cluster({ brokers: ['localhost:9092', 'localhost'] }),
      /brokers\[1\]: "localhost"/,
    );
    assert.throws(() => new Cluster({ brokers: ['localhost:9092'], timeoutMs: -1 }), ConfigurationError);
  });

  it('an unreachable bootstrap broker fails within the deadline, naming the address', async () => {
    const cluster = new Cluster({ brokers: ['127.0.0.1:1'], timeoutMs: 500, ...fastRetry });
    try {
      await assert.rejects(
        cluster.refreshMetadata([]),
        (e: unknown) =>
          e instanceof DeadlineExceededError && /127\.0\.0\.1:1/.test(String((e.cause as Error).message)),
      );
    } finally {
      await cluster.close();
    }
  });
});
