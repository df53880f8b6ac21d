/**
 * A consumer group through a rolling restart at full size (issue 6):
 *
 *   npx tsx scripts/soak-consumer.ts [records=1000000]
 *
 * Starts its own 3-broker Kafka 4.x cluster (name `soak-consumer-<pid>`), fills a topic (RF 3,
 * min.insync.replicas 2, 6 partitions) with `records` numbered records, and has a group of three
 * kafe consumer processes consume it while brokers 1, 2 and 3 are restarted one after another
 * (see `test/integration/rolling-restart.ts`). Prints the result as JSON (records, time, lost,
 * duplicates, longest stall, rebalances) and stops the cluster. Exit code 0 when clean.
 */
import { rollingRestart } from '../test/integration/rolling-restart.js';
import { logLine, withSoakCluster } from './soak-cluster.js';

const records = Number(process.argv[2] ?? 1_000_000);
const sessionTimeoutMs = 10_000;
await withSoakCluster('soak-consumer', async (cluster, kafka) => {
  const id = Date.now().toString(36);
  const result = await rollingRestart(cluster, kafka, {
    topic: `soak-${id}`,
    groupId: `soak-group-${id}`,
    records,
    sessionTimeoutMs,
    // Paced (about 7,400 records a second per member) so that most records are consumed while
    // brokers restart (the roll takes 30 to 90 s here); what is left then goes at full speed.
    pacedSeconds: 45,
    drainTimeoutMs: 600_000,
    log: logLine,
  });
  console.log(JSON.stringify({ sessionTimeoutMs, ...result }, null, 2));
  return (
    result.problems.length === 0 &&
    result.lost === 0 &&
    result.unexplainedDuplicates === 0 &&
    result.longestStallMs < sessionTimeoutMs &&
    result.cleanExits === 3
  );
});
