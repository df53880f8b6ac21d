/**
 * Changing the KRaft quorum and the broker registrations through Kafka#admin() (KIP-853
 * addRaftVoter / removeRaftVoter, KIP-919 unregisterBroker), end to end. These change the
 * cluster itself, so the test starts its own: one node formatted `--standalone` (a dynamic
 * quorum, as Kafka's quickstart does), then a controller-only node that joins as an observer and
 * a broker-only node, each added by the harness. Checked both ways with `kafka-metadata-quorum`
 * and `kafka-cluster`. (The refusals on a static quorum run on every profile:
 * cluster-admin-checks.ts.)
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { clusterDir, KafkaCluster, type NodeState } from '../../../harness/cluster.js';
import { runKafkaTool } from '../../../harness/java-tools.js';
import type { Admin } from '../../../src/admin/admin.js';
import { Kafka } from '../../../src/kafka.js';
import { eventually } from '../cluster-under-test.js';
import { quorumStatus } from '../security-tools.js';

/** A voter as `kafka-metadata-quorum describe --status` prints it in CurrentVoters. */
interface PrintedVoter {
  id: number;
  directoryId: string;
  endpoints: string[];
}

describe('a dynamic KRaft quorum and broker registrations through Kafka#admin()', () => {
  const name = `quorum-${process.pid}`;
  let cluster: KafkaCluster;
  let kafka: Kafka;
  let admin: Admin;
  let controller: NodeState;

  before(async () => {
    cluster = await KafkaCluster.start({ name, version: '4', dynamicQuorum: true });
    kafka = new Kafka({ brokers: cluster.bootstrapFor('plaintext').split(','), clientId: 'kafe-quorum' });
    admin = kafka.admin();
    controller = await cluster.addNode('controller');
  });
  after(async () => {
    await kafka?.close();
    await cluster?.stop();
    await rm(clusterDir(name), { recursive: true, force: true });
  });

  const tool = async (args: string[]): Promise<string> => {
    const result = await runKafkaTool(cluster, 'metadata-quorum', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      ...args,
    ]);
    assert.equal(
      result.exitCode,
      0,
      `kafka-metadata-quorum ${args.join(' ')}:\n${result.stdout}${result.stderr}`,
    );
    return result.stdout;
  };
  const printedVoters = async (): Promise<PrintedVoter[]> =>
    JSON.parse(quorumStatus(await tool(['describe', '--status'])).get('CurrentVoters') ?? '[]');
  /** Waits until the quorum's voters are `ids`, as kafe reads them. */
  const votersBecome = (ids: number[]) =>
    eventually(`voters ${ids.join(',')}`, 30_000, async () => {
      const q = await admin.describeMetadataQuorum();
      return q.voters.map((v) => v.replicaId).join(',') === ids.join(',') ? q : undefined;
    });

  it('adds a controller that observes as a voter, kafka-metadata-quorum lists it with its endpoint, and removes it', async () => {
    const directoryId = cluster.directoryId(controller.id);
    await eventually('the new controller observes the metadata log', 60_000, async () =>
      (await admin.describeMetadataQuorum()).observers.find((o) => o.replicaId === controller.id),
    );
    const endpoint = { name: 'CONTROLLER', host: '127.0.0.1', port: controller.ports.controller };
    await admin.addRaftVoter(controller.id, directoryId, [endpoint], { clusterId: cluster.info.clusterId });
    const quorum = await votersBecome([1, controller.id]);
    assert.equal(quorum.voters.find((v) => v.replicaId === controller.id)?.replicaDirectoryId, directoryId);
    assert.deepEqual(quorum.nodes.get(controller.id), [endpoint]);
    assert.deepEqual(
      (await printedVoters()).find((v) => v.id === controller.id),
      {
        id: controller.id,
        directoryId,
        endpoints: [`CONTROLLER://127.0.0.1:${controller.ports.controller}`],
      },
    );

    await admin.removeRaftVoter(controller.id, directoryId);
    const after = await votersBecome([1]);
    assert.ok(
      after.observers.some((o) => o.replicaId === controller.id),
      'a removed voter observes again',
    );
    assert.deepEqual(
      (await printedVoters()).map((v) => v.id),
      [1],
    );
  });

  it('reads a voter kafka-metadata-quorum added, and removes it so that the tool sees it gone', async () => {
    await tool(['--command-config', controller.configFile, 'add-controller']);
    const quorum = await votersBecome([1, controller.id]);
    const directoryId = cluster.directoryId(controller.id);
    assert.equal(quorum.voters.find((v) => v.replicaId === controller.id)?.replicaDirectoryId, directoryId);
    await admin.removeRaftVoter(controller.id, directoryId);
    await votersBecome([1]);
    assert.deepEqual(
      (await printedVoters()).map((v) => v.id),
      [1],
    );
  });

  it('refuses to remove a node that is no voter, and to add a voter twice, typed', async () => {
    const directoryId = cluster.directoryId(controller.id);
    await assert.rejects(admin.removeRaftVoter(controller.id, directoryId), { code: 'VOTER_NOT_FOUND' });
    const [leader] = (await admin.describeMetadataQuorum()).voters;
    await assert.rejects(
      admin.addRaftVoter(leader!.replicaId, leader!.replicaDirectoryId, [
        { name: 'CONTROLLER', host: '127.0.0.1', port: cluster.info.nodes[0]!.ports.controller },
      ]),
      { code: 'DUPLICATE_VOTER' },
    );
  });

  it('unregisters a broker that stopped: describeCluster and kafka-cluster list-endpoints no longer show it', async () => {
    const broker = await cluster.addNode('broker');
    const listed = async (includeFencedBrokers: boolean) =>
      (await admin.describeCluster({ includeFencedBrokers })).brokers.find((b) => b.id === broker.id);
    assert.equal((await listed(false))?.isFenced, false);
    await cluster.stopBroker(broker.id);
    await eventually('the stopped broker is fenced', 60_000, async () =>
      (await listed(true))?.isFenced === true ? true : undefined,
    );
    assert.equal(await listed(false), undefined);

    await admin.unregisterBroker(broker.id);
    await eventually('the broker is no longer registered', 30_000, async () =>
      (await listed(true)) === undefined ? true : undefined,
    );
    const endpoints = await runKafkaTool(cluster, 'cluster', [
      'list-endpoints',
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      '--include-fenced-brokers',
    ]);
    assert.equal(endpoints.exitCode, 0, endpoints.stderr);
    assert.match(endpoints.stdout, /^1\s/m);
    assert.doesNotMatch(endpoints.stdout, new RegExp(`^${broker.id}\\s`, 'm'));
    await cluster.removeNode(broker.id);
  });
});
