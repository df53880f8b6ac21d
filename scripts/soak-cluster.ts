/**
 * What the soak scripts share: their own 3-broker Kafka 4.x cluster (named `<name>-<pid>`, so
 * it never collides with a test run's), a `Kafka` client on it, and the exit code.
 */
import { KafkaCluster } from '../harness/cluster.js';
import { Kafka } from '../src/kafka.js';

/**
 * Starts the cluster, runs `experiment` with a client on it, closes the client and stops the
 * cluster (also on failure). The exit code is 0 when `experiment` resolves true.
 */
export async function withSoakCluster(
  name: string,
  experiment: (cluster: KafkaCluster, kafka: Kafka) => Promise<boolean>,
): Promise<void> {
  const cluster = await KafkaCluster.start({
    name: `${name}-${process.pid}`,
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
  process.exitCode = clean ? 0 : 1;
}

/** Prints a progress line with the time. */
export const logLine = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
