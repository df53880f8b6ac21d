/**
 * The admin fan-out driver and its routers on a fake cluster: resources batched per coordinator
 * and per leader, only the resources whose answer says they moved asked again (after the
 * coordinator or leader is found anew), resources still unanswered at the deadline failing alone
 * with DEADLINE_EXCEEDED, and the call rejecting as a whole only when nothing could be asked.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { answerOf, fanOut } from '../../../src/admin/fan-out.js';
import { anyBroker, coordinators, leaders } from '../../../src/admin/routers.js';
import { DeadlineExceededError, OperationAbortedError } from '../../../src/cluster/errors.js';
import type { TopicPartition } from '../../../src/cluster/topic-partition.js';
import { Kafka } from '../../../src/kafka.js';
import { UnsupportedVersionError } from '../../../src/net/errors.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';

const GROUP_ID_NOT_FOUND = errorCodes.GROUP_ID_NOT_FOUND.code;

describe('fanOut', () => {
  let fake: FakeKafka;
  let kafka: Kafka;

  beforeEach(async () => {
    fake = await FakeKafka.start({ brokers: 3 });
    kafka = new Kafka({ brokers: fake.bootstrap, timeoutMs: 3000, retryBackoffMs: 5, retryBackoffMaxMs: 20 });
  });
  afterEach(async () => {
    await kafka.close();
    await fake.close();
  });

  /** DescribeGroups about `groups`, routed to their coordinators; a group's value is its state. */
  const describeGroups = (groups: readonly string[], timeoutMs = 3000) =>
    fanOut(
      kafka.cluster,
      groups,
      {
        api: 'DescribeGroups',
        kind: 'group',
        nameOf: (g) => g,
        router: coordinators('group', (g) => g),
        request: (list) => ({ groups: [...list] }),
        answers: (response) =>
          new Map(
            response.groups.map((g) => [
              g.groupId,
              // An unknown group is Dead, not a failure, for this test.
              answerOf(
                g.errorCode === GROUP_ID_NOT_FOUND ? 0 : g.errorCode,
                g.errorMessage,
                () => g.groupState,
              ),
            ]),
          ),
      },
      { operation: 'describeGroups', timeoutMs },
    );

  it('looks up every coordinator with one FindCoordinator and sends each coordinator one request with its groups', async () => {
    const groups = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
    for (const [i, g] of groups.entries()) fake.moveCoordinator(g, i % 3);
    const results = await describeGroups(groups);
    assert.deepEqual(
      results.values(),
      groups.map(() => 'Dead'),
    );
    assert.deepEqual(
      fake.requests('FindCoordinator').map((r) => r.body.coordinatorKeys),
      [groups],
    );
    assert.deepEqual(
      fake
        .requests('DescribeGroups')
        .map((r) => [r.nodeId, r.body.groups])
        .sort(),
      [
        [0, ['g0', 'g3']],
        [1, ['g1', 'g4']],
        [2, ['g2', 'g5']],
      ],
    );
  });

  it('asks again only the group whose coordinator moved, after looking up that one coordinator', async () => {
    const groups = ['a', 'b', 'c'];
    for (const g of groups) fake.moveCoordinator(g, 0);
    await describeGroups(groups);
    fake.moveCoordinator('b', 2);
    fake.clearRequests();
    const results = await describeGroups(groups);
    assert.ok(results.ok);
    assert.deepEqual(
      fake.requests('DescribeGroups').map((r) => [r.nodeId, r.body.groups]),
      [
        [0, ['a', 'b', 'c']],
        [2, ['b']],
      ],
    );
    assert.deepEqual(
      fake.requests('FindCoordinator').map((r) => r.body.coordinatorKeys),
      [['b']],
    );
  });

  it('asks again only the partition whose leader moved, after refreshing metadata', async () => {
    fake.createTopic({ name: 't', partitions: 3 });
    const partitions: TopicPartition[] = [0, 1, 2].map((partition) => ({ topic: 't', partition }));
    const listOffsets = () =>
      fanOut(
        kafka.cluster,
        partitions,
        {
          api: 'ListOffsets',
          kind: 'partition',
          nameOf: (p) => `${p.topic}/${p.partition}`,
          router: leaders(),
          request: (list) => ({
            replicaId: -1,
            topics: [
              { name: 't', partitions: list.map((p) => ({ partitionIndex: p.partition, timestamp: -1n })) },
            ],
          }),
          answers: (response) =>
            new Map(
              response.topics.flatMap((t) =>
                t.partitions.map((p) => [
                  `${t.name}/${p.partitionIndex}`,
                  answerOf(p.errorCode, null, () => p.offset),
                ]),
              ),
            ),
        },
        { operation: 'listOffsets' },
      );
    await listOffsets();
    const before = fake.topic('t')!.partitions[1]!.leader;
    const after = (before + 1) % 3;
    fake.moveLeader('t', 1, after);
    fake.clearRequests();
    const results = await listOffsets();
    assert.deepEqual(results.values(), [0n, 0n, 0n]);
    const sent = fake
      .requests('ListOffsets')
      .map((r) => [
        r.nodeId,
        r.body.topics[0].partitions.map((p: { partitionIndex: number }) => p.partitionIndex),
      ]);
    assert.deepEqual(sent.at(-1), [after, [1]]);
    assert.equal(sent.filter(([, list]) => (list as number[]).includes(0)).length, 1);
  });

  it('fails alone, with DEADLINE_EXCEEDED and the last answer as cause, a group still loading at the deadline', async () => {
    fake.control('DescribeGroups', (request, serve) => {
      const groups = (request.body as { groups: string[] }).groups;
      if (!groups.includes('loading')) return undefined;
      return serve().then((body) => ({
        body: {
          ...(body as object),
          groups: (body as { groups: { groupId: string }[] }).groups.map((g) =>
            g.groupId === 'loading' ? { ...g, errorCode: errorCodes.COORDINATOR_LOAD_IN_PROGRESS.code } : g,
          ),
        },
      }));
    });
    // Long enough for 'ready' to be answered on a loaded machine; 'loading' never is.
    const results = await describeGroups(['ready', 'loading'], 1500);
    assert.equal(results.get('ready'), 'Dead');
    const error = results.error('loading');
    assert.equal(error?.code, 'DEADLINE_EXCEEDED');
    const deadline = error?.cause;
    assert.ok(deadline instanceof DeadlineExceededError);
    assert.match(String(deadline.cause), /COORDINATOR_LOAD_IN_PROGRESS/);
  });

  it('rejects as a whole when no request could be sent (the broker does not serve the API)', async () => {
    await assert.rejects(
      fanOut(
        kafka.cluster,
        ['t'],
        {
          api: 'DescribeConfigs',
          kind: 'config-resource',
          nameOf: (t) => t,
          router: anyBroker(),
          request: (list) => ({
            resources: list.map((resourceName) => ({
              resourceType: 2,
              resourceName,
              configurationKeys: null,
            })),
          }),
          answers: () => new Map(),
        },
        { operation: 'describeConfigs' },
      ),
      (e: unknown) => e instanceof UnsupportedVersionError && /DescribeConfigs/.test(e.message),
    );
  });
  it('an aborted call rejects with REQUEST_ABORTED while its requests are in flight', async () => {
    fake.delayResponses('DescribeGroups', 60_000);
    const controller = new AbortController();
    const stop = fake.onRequest((r) => {
      if (r.api === 'DescribeGroups') controller.abort(new Error('caller gave up'));
    });
    try {
      await assert.rejects(
        fanOut(
          kafka.cluster,
          ['g'],
          {
            api: 'DescribeGroups',
            kind: 'group',
            nameOf: (g) => g,
            router: coordinators('group', (g) => g),
            request: (list) => ({ groups: [...list] }),
            answers: () => new Map(),
          },
          { operation: 'describeGroups', signal: controller.signal },
        ),
        (e: unknown) => e instanceof OperationAbortedError && e.code === 'REQUEST_ABORTED',
      );
    } finally {
      stop();
    }
  });
});
