/** `kafe cluster`: the cluster id, brokers, controller, finalized features and the metadata quorum. */
import type { Command } from '../command.js';

const cluster: Command = {
  words: ['cluster'],
  summary: 'the cluster: id, brokers with racks, controller, features, metadata quorum',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['kafe cluster', 'kafe cluster --json | jq .brokers'],
  async run({ output, kafka }) {
    const admin = kafka().admin();
    const [description, features, quorum] = await Promise.all([
      admin.describeCluster({ includeFencedBrokers: true }),
      admin.describeFeatures(),
      // A cluster that does not answer DescribeQuorum (ZooKeeper-based, or no rights) still has the rest.
      admin.describeMetadataQuorum().catch((error: Error) => ({ error: error.message })),
    ]);
    if (output.json) return output.document({ ...description, features: features.finalizedFeatures, quorum });
    output.lines([
      `cluster id: ${description.clusterId}`,
      `controller: ${description.controller?.id ?? 'none'}`,
      '',
    ]);
    output.table(
      ['BROKER', 'HOST', 'PORT', 'RACK', 'FENCED'],
      description.brokers.map((b) => [
        b.id,
        b.host,
        b.port,
        b.rack,
        b.isFenced ? output.paint('red', 'yes') : 'no',
      ]),
    );
    output.lines(['']);
    output.table(
      ['FEATURE', 'FINALIZED', 'SUPPORTED'],
      Object.entries(features.finalizedFeatures).map(([name, level]) => {
        const supported = features.supportedFeatures[name];
        return [
          name,
          level.maxVersionLevel,
          supported ? `${supported.minVersion}-${supported.maxVersion}` : null,
        ];
      }),
    );
    output.lines(['']);
    if ('error' in quorum) output.lines([`metadata quorum: ${quorum.error}`]);
    else {
      output.lines([
        `metadata quorum: leader ${quorum.leaderId}, epoch ${quorum.leaderEpoch}, high watermark ${quorum.highWatermark}`,
      ]);
      output.table(
        ['NODE', 'ROLE', 'LOG-END-OFFSET', 'LAG'],
        [
          ...quorum.voters.map((v) => [
            v.replicaId,
            v.replicaId === quorum.leaderId ? 'leader' : 'voter',
            v.logEndOffset,
            quorum.highWatermark - v.logEndOffset,
          ]),
          ...quorum.observers.map((o) => [
            o.replicaId,
            'observer',
            o.logEndOffset,
            quorum.highWatermark - o.logEndOffset,
          ]),
        ],
      );
    }
  },
};

/** The cluster command. */
export const clusterCommands: readonly Command[] = [cluster];
