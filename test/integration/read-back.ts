/**
 * Reads a whole topic back with Kafka's console consumer (every partition, from the beginning),
 * with each record's partition and offset: how the producer tests check on a real broker what
 * landed where, independently of kafe (which has no consumer yet).
 */
import type { KafkaCluster } from '../../harness/cluster.js';
import { runKafkaTool } from '../../harness/java-tools.js';

/** A record as read back. */
export interface ReadRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
}

const NULL = '<null>';

/** Reads `count` records of `topic` (all partitions) with the console consumer; throws if fewer arrive. */
export async function readTopicWithJava(
  cluster: KafkaCluster,
  topic: string,
  count: number,
): Promise<ReadRecord[]> {
  const flag = cluster.info.version.startsWith('4.') ? '--formatter-property' : '--property';
  const args = [
    '--bootstrap-server',
    cluster.bootstrapFor('plaintext'),
    '--topic',
    topic,
    '--from-beginning',
  ];
  args.push('--max-messages', String(count), '--timeout-ms', '30000');
  for (const p of ['partition', 'offset', 'key', 'value']) args.push(flag, `print.${p}=true`);
  args.push(flag, `null.literal=${NULL}`);
  const result = await runKafkaTool(cluster, 'console-consumer', args, { timeoutMs: 300_000 });
  const lines = result.stdout.split('\n').filter((l) => l.length > 0);
  if (lines.length < count)
    throw new Error(
      `console consumer printed ${lines.length} of ${count} records:\n${result.stderr.slice(-2000)}`,
    );
  return lines.map((line) => {
    const [partition, offset, key, value] = line.split('\t') as [string, string, string, string];
    return {
      partition: Number(partition.replace(/^Partition:/, '')),
      offset: Number(offset.replace(/^Offset:/, '')),
      key: key === NULL ? null : key,
      value: value === NULL ? null : value,
    };
  });
}
