/**
 * The exactly-once pipeline under fire at full size (issue 12):
 *
 *   npx tsx scripts/soak-exactly-once.ts [records=1000000]
 *
 * Starts its own 3-broker Kafka 4.x cluster (name `soak-exactly-once-<pid>`) and runs
 * `test/integration/exactly-once-under-fire.ts`: two pipeline processes copy `records` numbered
 * records transactionally while the transaction coordinator's broker and a leader are killed
 * and restarted and one process is killed twice. Prints the result as JSON and stops the
 * cluster. Exit code 0 when every record is in the read_committed output exactly once and the
 * group's offsets are at the end of the input.
 */
import { exactlyOnceUnderFire } from '../test/integration/exactly-once-under-fire.js';
import { logLine, withSoakCluster } from './soak-cluster.js';

const records = Number(process.argv[2] ?? 1_000_000);
await withSoakCluster('soak-exactly-once', async (cluster, kafka) => {
  const result = await exactlyOnceUnderFire(cluster, kafka, {
    records,
    // Paced so that the faults (about a minute) happen while the pipeline works; then full speed.
    pacedPerSecond: 2_000,
    drainTimeoutMs: 1_800_000,
    log: logLine,
  });
  console.log(JSON.stringify(result, null, 2));
  return (
    result.problems.length === 0 &&
    result.missing === 0 &&
    result.duplicates === 0 &&
    result.foreign === 0 &&
    result.offsetsNotAtEnd === 0
  );
});
