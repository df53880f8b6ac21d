/**
 * Cluster and quota administration every single-broker profile runs (Kafka 4.x and 3.9):
 * describeCluster, describeFeatures, describeMetadataQuorum, unregisterBroker's refusal, the
 * refusals of addRaftVoter / removeRaftVoter by the harness's static quorum (KIP-853), and
 * client quotas set and read both ways with `kafka-configs`; each cross-checked with Kafka's
 * own tool. Entities are this run's own, so no other test is throttled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { ClientQuotaEntity } from '../../src/admin/client-quota.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';
import { describedConfigs, describedFeatures, quorumStatus, runTool } from './security-tools.js';

/**
 * Polls `read` until it returns `expected`: a broker answers describeClientQuotas from its copy
 * of the metadata log, which applies a committed change shortly after the controller answered.
 */
async function settles<T>(what: string, read: () => Promise<T>, expected: T): Promise<void> {
  const seen = await eventually(what, 10_000, async () => {
    const value = await read();
    return isDeepStrictEqual(value, expected) ? value : undefined;
  }).catch(async () => read());
  assert.deepEqual(seen, expected);
}

/** Registers the suite under `label`. */
export function clusterAdminChecks(label: string): void {
  describe(`cluster and quota administration through Kafka#admin() on ${label}`, () => {
    const cluster = clusterUnderTest();
    const admin = kafkaUnderTest({ clientId: 'kafe-cluster-admin', timeoutMs: 20_000 }).admin();

    it('describes the cluster: its id, its broker and the controller', async () => {
      const described = await admin.describeCluster();
      assert.equal(described.clusterId, cluster.info.clusterId);
      assert.deepEqual(
        described.brokers.map((b) => [b.id, b.host, b.port, b.rack, b.isFenced]),
        cluster.info.nodes.map((n) => [n.id, '127.0.0.1', n.ports.plaintext, null, false]),
      );
      assert.equal(described.controller?.id, cluster.info.nodes[0]?.id);
      assert.equal(described.authorizedOperations, undefined);
    });

    it('describes the features kafka-features describes', async () => {
      const tool = describedFeatures(await runTool(cluster, 'features', ['describe']));
      const kafe = await admin.describeFeatures();
      assert.deepEqual(Object.keys(kafe.supportedFeatures).sort(), [...tool.keys()].sort());
      for (const [name, printed] of tool) {
        // metadata.version is printed by release name (4.4-IV2), the others by level.
        if (name === 'metadata.version') continue;
        const supported = kafe.supportedFeatures[name];
        assert.deepEqual([supported?.minVersion, supported?.maxVersion].map(String), [
          printed.supportedMin,
          printed.supportedMax,
        ]);
        // A feature at level 0 is not finalized: ApiVersions leaves it out.
        assert.equal(String(kafe.finalizedFeatures[name]?.maxVersionLevel ?? 0), printed.finalized, name);
      }
      assert.ok((kafe.finalizedFeatures['metadata.version']?.maxVersionLevel ?? 0) > 0);
    });

    it('describes the metadata quorum as kafka-metadata-quorum does', async () => {
      const tool = quorumStatus(await runTool(cluster, 'metadata-quorum', ['describe', '--status']));
      const kafe = await admin.describeMetadataQuorum();
      assert.equal(String(kafe.leaderId), tool.get('LeaderId'));
      assert.equal(String(kafe.leaderEpoch), tool.get('LeaderEpoch'));
      // Asked after the tool: the high watermark only grows.
      assert.ok(kafe.highWatermark >= BigInt(tool.get('HighWatermark') ?? 'x'));
      const voters = JSON.parse(tool.get('CurrentVoters') ?? '[]') as (number | { id: number })[];
      assert.deepEqual(
        kafe.voters.map((v) => v.replicaId),
        voters.map((v) => (typeof v === 'number' ? v : v.id)),
      );
      assert.equal(kafe.voters[0]?.logEndOffset !== undefined, true);
    });

    it('refuses to unregister a broker that is not registered, and a bad id, typed', async () => {
      await assert.rejects(
        admin.unregisterBroker(999),
        (e: Error & { code?: string }) => e.code === 'BROKER_ID_NOT_REGISTERED',
      );
      await assert.rejects(
        admin.unregisterBroker(-1),
        (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT',
      );
    });

    // The profiles' clusters have a static quorum (controller.quorum.voters, kraft.version 0):
    // voters cannot change. Changing a dynamic one: single/raft-quorum.test.ts.
    it('refuses to change the static quorum’s voters, as kafka-metadata-quorum does, and checks the cluster id first', async () => {
      const directoryId = 'AAAAAAAAAAAAAAAAAAAAAQ';
      const staticQuorum = { code: 'UNSUPPORTED_VERSION', message: /kraft\.version feature is 0/ };
      await assert.rejects(admin.removeRaftVoter(999, directoryId), staticQuorum);
      await assert.rejects(
        admin.addRaftVoter(999, directoryId, [{ name: 'CONTROLLER', host: '127.0.0.1', port: 1 }], {
          clusterId: cluster.info.clusterId,
        }),
        staticQuorum,
      );
      await assert.rejects(
        runTool(cluster, 'metadata-quorum', [
          'remove-controller',
          '--controller-id',
          '999',
          '--controller-directory-id',
          directoryId,
        ]),
        /kraft\.version feature is 0/,
      );
      await assert.rejects(admin.removeRaftVoter(999, directoryId, { clusterId: 'not-this-cluster' }), {
        code: 'INCONSISTENT_CLUSTER_ID',
      });
      // A static voter's directory id is the zero uuid: not a voter the controller can name.
      const [voter] = (await admin.describeMetadataQuorum()).voters;
      await assert.rejects(admin.removeRaftVoter(voter!.replicaId, voter!.replicaDirectoryId), {
        code: 'INVALID_REQUEST',
      });
      await assert.rejects(admin.removeRaftVoter(1, 'not-a-uuid'), { code: 'INVALID_ARGUMENT' });
      await assert.rejects(admin.addRaftVoter(1, directoryId, []), { code: 'INVALID_ARGUMENT' });
    });

    it('sets quotas kafka-configs sees, reads the ones it set, and removes them', async () => {
      const user = uniqueTopic('quota-user');
      const client = uniqueTopic('quota-client');
      const alone: ClientQuotaEntity = { user };
      const pair: ClientQuotaEntity = { user, 'client-id': client };
      const unsendable = { entity: { user: '' }, ops: [{ key: 'producer_byte_rate', value: 1 }] };
      const dryRun = { entity: { 'client-id': null }, ops: [{ key: 'producer_byte_rate', value: 1 }] };
      const results = await admin.alterClientQuotas([
        {
          entity: alone,
          ops: [
            { key: 'producer_byte_rate', value: 1024 },
            { key: 'consumer_byte_rate', value: 2048 },
          ],
        },
        { entity: pair, ops: [{ key: 'request_percentage', value: 50 }] },
        unsendable,
      ]);
      assert.equal(results.errors.length, 1);
      assert.equal(results.error(unsendable)?.code, 'INVALID_ARGUMENT');
      const printed = async (...entity: string[]) =>
        Object.fromEntries(
          [...describedConfigs(await runTool(cluster, 'configs', ['--describe', ...entity])).values()][0] ??
            [],
        );
      assert.deepEqual(await printed('--entity-type', 'users', '--entity-name', user), {
        consumer_byte_rate: '2048.0',
        producer_byte_rate: '1024.0',
      });
      assert.deepEqual(
        await printed(
          '--entity-type',
          'users',
          '--entity-name',
          user,
          '--entity-type',
          'clients',
          '--entity-name',
          client,
        ),
        { request_percentage: '50.0' },
      );

      // The default client-id entity, only validated: no client of the cluster is throttled.
      (await admin.alterClientQuotas([dryRun], { validateOnly: true })).throwIfFailed();
      assert.deepEqual(
        await admin.describeClientQuotas({ components: [{ entityType: 'client-id', name: null }] }),
        [],
      );

      await runTool(cluster, 'configs', [
        ...['--alter', '--entity-type', 'clients', '--entity-name', client],
        ...['--add-config', 'producer_byte_rate=4096'],
      ]);
      await settles(
        'the quota kafka-configs set',
        () =>
          admin.describeClientQuotas({
            components: [{ entityType: 'client-id', name: client }],
            strict: true,
          }),
        [{ entity: { 'client-id': client }, values: { producer_byte_rate: 4096 } }],
      );
      // Not strict: every entity naming the user, alone or with a client id.
      const ofUser = await admin.describeClientQuotas({ components: [{ entityType: 'user', name: user }] });
      assert.deepEqual(
        ofUser.map((e) => e.entity).sort((a, b) => Object.keys(a).length - Object.keys(b).length),
        [alone, pair],
      );

      (
        await admin.alterClientQuotas([
          { entity: alone, ops: [{ key: 'producer_byte_rate', value: null }] },
          { entity: pair, ops: [{ key: 'request_percentage', value: null }] },
        ])
      ).throwIfFailed();
      await settles(
        'the quotas removed',
        () => admin.describeClientQuotas({ components: [{ entityType: 'user', name: user }] }),
        [{ entity: alone, values: { consumer_byte_rate: 2048 } }],
      );
      assert.deepEqual(await printed('--entity-type', 'users', '--entity-name', user), {
        consumer_byte_rate: '2048.0',
      });
    });
  });
}
