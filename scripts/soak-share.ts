/**
 * Share consumers under fire at full size (issue 15):
 *
 *   npx tsx scripts/soak-share.ts [records=200000]
 *
 * Starts its own 3-broker Kafka 4.x cluster, runs `test/integration/share-under-fire.ts` with
 * `records` records (four share consumers, a broker killed with SIGKILL and restarted, one
 * member killed with SIGKILL), prints the result as JSON (duplicates by cause) and stops the
 * cluster. Exit code 0 when every produced record was accepted (or its acceptance was lost in
 * flight and the brokers have nothing left to deliver) and nothing else was.
 */
import { shareUnderFire } from '../test/integration/share-under-fire.js';
import { logLine, withSoakCluster } from './soak-cluster.js';

const records = Number(process.argv[2] ?? 200_000);
await withSoakCluster('soak-share', async (cluster, kafka) => {
  const result = await shareUnderFire(cluster, kafka, {
    topic: `soak-share-${Date.now().toString(36)}`,
    records,
    timeoutMs: 30 * 60_000,
    log: logLine,
  });
  console.log(JSON.stringify({ records, ...result }, null, 2));
  // The same rule as the suite's test: every record accepted, or its acceptance lost in flight
  // while the brokers end with nothing left to deliver (they took it).
  return (
    result.missing.length === 0 &&
    result.unknown.length === 0 &&
    !result.leftToDeliver &&
    result.accepted + result.acceptedInFlight === records
  );
});
