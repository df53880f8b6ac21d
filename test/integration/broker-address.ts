/** Where the first broker of the cluster under test listens, as `Connection` options want it. */
import type { KafkaCluster, ListenerName } from '../../harness/cluster.js';

/** Host and port of the first node's `listener`. */
export function firstBroker(
  cluster: KafkaCluster,
  listener: ListenerName = 'plaintext',
): { host: string; port: number } {
  const first = cluster.bootstrapFor(listener).split(',')[0]!;
  const colon = first.lastIndexOf(':');
  return { host: first.slice(0, colon), port: Number(first.slice(colon + 1)) };
}
