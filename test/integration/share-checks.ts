/**
 * Helpers of the share-group tests (KIP-932): a fresh topic with `count` records and a share
 * group that reads it from the beginning (`share.auto.offset.reset=earliest`: the group default
 * `latest` would skip what was written before the group first fetched), plus per-group configs.
 */
import type { ShareGroupConfigs } from '../../src/admin/share-groups.js';
import type { Kafka } from '../../src/kafka.js';
import { uniqueTopic } from './cluster-under-test.js';

/** A topic and a share group on it. */
export interface ShareFixture {
  topic: string;
  groupId: string;
  /** The values written, `v0` ... in offset order (one partition). */
  values: string[];
}

/** Creates a `partitions`-partition topic with `count` records and a share group reading from the start. */
export async function shareFixture(
  kafka: Kafka,
  prefix: string,
  count: number,
  configs: ShareGroupConfigs = {},
  partitions = 1,
): Promise<ShareFixture> {
  const topic = uniqueTopic(prefix);
  const groupId = `${topic}-group`;
  (await kafka.admin().createTopics([{ topic, partitions, replicationFactor: 1 }])).throwIfFailed();
  await kafka.admin().alterShareGroupConfigs(groupId, { 'share.auto.offset.reset': 'earliest', ...configs });
  const values = Array.from({ length: count }, (_, i) => `v${i}`);
  const producer = kafka.producer();
  await producer.sendBatch(
    values.map((v, i) => ({ topic, partition: i % partitions, value: Buffer.from(v) })),
  );
  await producer.close();
  return { topic, groupId, values };
}
