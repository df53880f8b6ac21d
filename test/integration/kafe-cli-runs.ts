/**
 * Kafka's own tools, as the `kafe` CLI tests compare with them: `kafka-topics --list`, and the
 * spawned `kafe` pointed at the cluster under test.
 */
import type { KafkaCluster } from '../../harness/cluster.js';
import { runKafkaTool } from '../../harness/java-tools.js';
import { cleanEnv, type KafeRun, runKafe } from '../support/kafe-cli.js';

/** `kafka-topics --list`: the topic names, internal ones excluded. */
export async function topicNamesWithTool(cluster: KafkaCluster): Promise<string[]> {
  const result = await runKafkaTool(cluster, 'topics', [
    '--bootstrap-server',
    cluster.bootstrapFor('plaintext'),
    '--list',
    '--exclude-internal',
  ]);
  if (result.exitCode !== 0)
    throw new Error(`kafka-topics --list exited with ${result.exitCode}: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .sort();
}

/** Spawns `kafe args...` with `KAFE_BROKERS` naming the cluster's plaintext listener. */
export function kafeOn(
  cluster: KafkaCluster,
  args: readonly string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<KafeRun> {
  return runKafe(args, {
    input: options.input,
    env: cleanEnv({ KAFE_BROKERS: cluster.bootstrapFor('plaintext'), ...options.env }),
  });
}

/** Asserts a run succeeded; returns its stdout. */
export function succeeded(run: KafeRun, what: string): string {
  if (run.exitCode !== 0) throw new Error(`${what} exited with ${run.exitCode}: ${run.stderr}`);
  return run.stdout;
}
