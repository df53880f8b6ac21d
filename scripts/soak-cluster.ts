/**
 * What the soak scripts share: their own 3-broker Kafka 4.x cluster (named `<name>-<pid>`, so
 * it never collides with a test run's), a `Kafka` client on it, the exit code, and removing
 * the cluster's files after a clean run.
 */
import { rm } from 'node:fs/promises';
import { clusterDir, KafkaCluster } from '../harness/cluster.js';
import { Kafka } from '../src/kafka.js';

/**
 * Starts the cluster, runs `experiment` with a client on it, closes the client and stops the
 * cluster (also on failure). The exit code is 0 when `experiment` resolves true.
 */
export async function withSoakCluster(
  name: string,
  experiment: (cluster: KafkaCluster, kafka: Kafka) => Promise<boolean>,
): Promise<void> {
  const fullName = `${name}-${process.pid}`;
  const cluster = await KafkaCluster.start({
    name: fullName,
    version: '4',
    brokers: 3,
    security: 'plain',
  });
  let clean = false;
  try {
    const kafka = new Kafka({
      brokers: cluster.bootstrapFor('plaintext').split(','),
      clientId: 'kafe-soak',
      requestTimeoutMs: 10_000,
    });
    try {
      clean = await experiment(cluster, kafka);
    } finally {
      await kafka.close();
    }
  } finally {
    await cluster.stop();
  }
  // Broker logs of a failed run are kept for the post-mortem, as `npm test` does.
  if (clean) await rm(clusterDir(fullName), { recursive: true, force: true });
  else console.log(`broker logs kept in ${clusterDir(fullName)}`);
  process.exitCode = clean ? 0 : 1;
}

/** Prints a progress line with the time. */
export const logLine = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
