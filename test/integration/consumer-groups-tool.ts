/**
 * Kafka's `kafka-consumer-groups.sh` (`ConsumerGroupCommand`) from integration tests, its tables
 * read back as rows, so that what kafe's admin reports about a group can be compared with what
 * Kafka's own tool shows, and a reset done by one can be read by the other.
 *
 * The tool prints fixed-width tables whose cells never contain spaces (`-` for an empty cell),
 * so a row is its whitespace-separated words; rows are the lines whose first word is the group
 * id and whose word count is the header's.
 */
import type { KafkaCluster } from '../../harness/cluster.js';
import { runKafkaTool } from '../../harness/java-tools.js';

/** One row of a table, by column header. */
export type ToolRow = Readonly<Record<string, string>>;

/** Runs the tool with `args` (the bootstrap server added); throws with its output when it fails. */
export async function consumerGroupsTool(cluster: KafkaCluster, args: readonly string[]): Promise<string> {
  const result = await runKafkaTool(
    cluster,
    'consumer-groups',
    ['--bootstrap-server', cluster.bootstrapFor('plaintext'), ...args],
    { timeoutMs: 90_000 },
  );
  if (result.exitCode !== 0)
    throw new Error(
      `kafka-consumer-groups ${args.join(' ')} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** The rows of the table in `output` whose header starts with `firstColumn`, keyed by header. */
export function toolTable(output: string, firstColumn: string): ToolRow[] {
  const lines = output.split('\n').map((l) => l.trim().split(/\s+/));
  const rows: ToolRow[] = [];
  let header: string[] | undefined;
  for (const words of lines) {
    if (words[0] === firstColumn) {
      header = words;
      continue;
    }
    if (header === undefined || words.length !== header.length) continue;
    rows.push(Object.fromEntries(header.map((h, i) => [h, words[i] as string])));
  }
  return rows;
}

/** `--describe --offsets`: one row per partition (TOPIC, PARTITION, CURRENT-OFFSET, LOG-END-OFFSET, LAG, CONSUMER-ID, HOST, CLIENT-ID). */
export async function describeOffsetsWithTool(cluster: KafkaCluster, group: string): Promise<ToolRow[]> {
  return toolTable(await consumerGroupsTool(cluster, ['--describe', '--group', group, '--offsets']), 'GROUP');
}

/** `--describe --members --verbose`: one row per member (CONSUMER-ID, HOST, CLIENT-ID, #PARTITIONS, ASSIGNMENT or CURRENT-ASSIGNMENT, ...). */
export async function describeMembersWithTool(cluster: KafkaCluster, group: string): Promise<ToolRow[]> {
  const out = await consumerGroupsTool(cluster, ['--describe', '--group', group, '--members', '--verbose']);
  return toolTable(out, 'GROUP');
}

/** `--describe --state --verbose`: the group's row (COORDINATOR, ASSIGNMENT-STRATEGY, STATE, #MEMBERS, ...). */
export async function describeStateWithTool(
  cluster: KafkaCluster,
  group: string,
): Promise<ToolRow | undefined> {
  const out = await consumerGroupsTool(cluster, ['--describe', '--group', group, '--state', '--verbose']);
  // The coordinator cell is `host:port  (id)`: two words under one header.
  return toolTable(out.replace(/:(\d+)\s+\((\d+)\)/g, ':$1($2)'), 'GROUP')[0];
}

/** `--list --type --state`: GROUP, TYPE and STATE of every group (Kafka 4.x). */
export async function listGroupsWithTool(cluster: KafkaCluster): Promise<ToolRow[]> {
  return toolTable(await consumerGroupsTool(cluster, ['--list', '--type', '--state']), 'GROUP');
}

/**
 * `--reset-offsets` with `args` (e.g. `['--topic', t, '--to-earliest']`), a dry run unless
 * `execute`: the planned rows (TOPIC, PARTITION, NEW-OFFSET).
 */
export async function resetOffsetsWithTool(
  cluster: KafkaCluster,
  group: string,
  args: readonly string[],
  execute: boolean,
): Promise<ToolRow[]> {
  const out = await consumerGroupsTool(cluster, [
    '--reset-offsets',
    '--group',
    group,
    ...args,
    execute ? '--execute' : '--dry-run',
  ]);
  return toolTable(out, 'GROUP');
}
