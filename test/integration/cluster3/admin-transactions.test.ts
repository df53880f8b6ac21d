/**
 * The transaction admin calls on three brokers: three open transactions whose coordinators are
 * three different brokers, each writing to a partition led by a different broker.
 * listTransactions asks every broker (each lists its own ids, as `kafka-transactions.sh list`
 * shows them); describeTransactions sends one FindCoordinator and one DescribeTransactions per
 * coordinator; describeProducers and abortTransaction go to each partition's leader; fencing
 * goes to each id's coordinator.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { channelNames, type RequestMessage } from '../../../src/net/diagnostics.js';
import type { Producer } from '../../../src/producer/producer.js';
import { transactionsWithTool } from '../admin-tools.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('transaction admin on three brokers', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-txn-admin-3', timeoutMs: 60_000 });
  const admin = kafka.admin();
  // A client of its own for describeTransactions: no coordinator cached before it.
  const describer = kafkaUnderTest({ clientId: 'kafe-txn-admin-3-describer', timeoutMs: 60_000 }).admin();

  it('routes to every coordinator and leader, as kafka-transactions sees them', async () => {
    const cluster = clusterUnderTest();
    const brokerIds = cluster.info.nodes.map((n) => n.id);
    const topic = uniqueTopic('txn-admin-3');
    (await admin.createTopics([{ topic, partitions: 3, replicationFactor: 3 }])).throwIfFailed();
    // One transactional id per coordinator: candidates until every broker coordinates one.
    const idOn = new Map<number, string>();
    const prefix = uniqueTopic('txn-3');
    for (let i = 0; i < 200 && idOn.size < brokerIds.length; i++) {
      const id = `${prefix}-${i}`;
      // COORDINATOR_NOT_AVAILABLE until the first lookup has made the transaction log.
      const { nodeId } = await eventually('a transaction coordinator', 60_000, () =>
        kafka.cluster.coordinatorOf('transaction', id),
      );
      if (!idOn.has(nodeId)) idOn.set(nodeId, id);
    }
    assert.equal(idOn.size, brokerIds.length, 'an id on every coordinator');
    const leaders = (await admin.describeTopics([topic])).get(topic).partitions.map((p) => p.leader);
    assert.equal(new Set(leaders).size, brokerIds.length, 'a leader on every broker');

    const ids = [...idOn.values()];
    const producers: Producer[] = [];
    try {
      for (const [partition, transactionalId] of ids.entries()) {
        const producer = kafka.producer({ transactionalId });
        producers.push(producer);
        await producer.initTransactions();
        producer.beginTransaction();
        await producer.send({ topic, partition, value: transactionalId });
      }

      const listed = (await admin.listTransactions({ states: ['Ongoing'] })).filter((t) =>
        ids.includes(t.transactionalId),
      );
      assert.deepEqual(
        listed.map((t) => [t.transactionalId, t.coordinator]).sort(),
        [...idOn].map(([node, id]) => [id, node]).sort(),
      );
      const tool = (await transactionsWithTool(cluster, ['list'])).filter((row) =>
        ids.includes(row.TransactionalId ?? ''),
      );
      assert.deepEqual(
        tool.map((row) => [row.TransactionalId, row.Coordinator, row.ProducerId]).sort(),
        listed.map((t) => [t.transactionalId, String(t.coordinator), String(t.producerId)]).sort(),
      );

      const sent: RequestMessage[] = [];
      const onRequest = (m: unknown) => sent.push(m as RequestMessage);
      diagnostics.subscribe(channelNames.request, onRequest);
      let described: Awaited<ReturnType<typeof describer.describeTransactions>>;
      try {
        described = await describer.describeTransactions(ids);
      } finally {
        diagnostics.unsubscribe(channelNames.request, onRequest);
      }
      const count = (api: string) => sent.filter((m) => m.api === api).length;
      assert.equal(count('FindCoordinator'), 1);
      assert.equal(count('DescribeTransactions'), brokerIds.length);
      assert.deepEqual(
        ids.map((id) => [described.get(id).coordinator, described.get(id).topicPartitions]),
        ids.map((id, partition) => [[...idOn].find(([, i]) => i === id)?.[0], [{ topic, partition }]]),
      );

      const partitions = ids.map((_, partition) => ({ topic, partition }));
      const states = await admin.describeProducers(partitions);
      for (const p of partitions) {
        const [open] = states.get(p).filter((s) => s.currentTransactionStartOffset !== undefined);
        assert.ok(open !== undefined, `${topic}/${p.partition} has an open transaction`);
        await admin.abortTransaction({
          ...p,
          producerId: open.producerId,
          producerEpoch: open.producerEpoch,
          coordinatorEpoch: open.coordinatorEpoch ?? 0,
        });
      }
      const after = await admin.describeProducers(partitions);
      assert.ok(
        partitions.every((p) => after.get(p).every((s) => s.currentTransactionStartOffset === undefined)),
      );
      const committed = await admin.listOffsets(
        partitions.map((p) => ({ ...p, spec: 'latest' as const })),
        { isolationLevel: 'read_committed' },
      );
      const end = await admin.listOffsets(partitions.map((p) => ({ ...p, spec: 'latest' as const })));
      assert.deepEqual(
        committed.values().map((o) => o.offset),
        end.values().map((o) => o.offset),
      );

      const fenced = await admin.fenceProducers(ids);
      assert.ok(ids.every((id) => fenced.get(id).producerEpoch > described.get(id).producerEpoch));
    } finally {
      for (const p of producers) await p.close();
    }
  });
});
