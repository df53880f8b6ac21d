/**
 * Idempotence under fire at full size (issue 5):
 *
 *   npx tsx scripts/soak-producer.ts [records=1000000]
 *
 * Starts its own 3-broker Kafka 4.x cluster (name `soak-producer-<pid>`), produces `records`
 * numbered records with the idempotent producer (acks=all, topic RF 3, min.insync.replicas 2)
 * while the leader of partition 0 is killed with SIGKILL and restarted, reads everything back
 * with Kafka's console consumer, checks each record arrived exactly once and in order per
 * partition, prints the result as JSON and stops the cluster. Exit code 0 when clean.
 */
import { produceUnderFire } from '../test/integration/idempotence-under-fire.js';
import { logLine, withSoakCluster } from './soak-cluster.js';

const records = Number(process.argv[2] ?? 1_000_000);
await withSoakCluster('soak-producer', async (cluster, kafka) => {
  const result = await produceUnderFire(cluster, kafka, {
    topic: `soak-${Date.now().toString(36)}`,
    records,
    chunk: 1000,
    log: logLine,
  });
  console.log(JSON.stringify({ records, ...result }, null, 2));
  return result.failed === 0 && result.problems.length === 0 && result.readBack === records;
});
