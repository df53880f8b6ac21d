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

/** `--group a --group b ...`: the tool describes several groups in one run. */
function groupArgs(groups: readonly string[]): string[] {
  return groups.flatMap((g) => ['--group', g]);
}

/** `--describe --offsets`: one row per partition (GROUP, TOPIC, PARTITION, CURRENT-OFFSET, LOG-END-OFFSET, LAG, CONSUMER-ID, HOST, CLIENT-ID). */
export async function describeOffsetsWithTool(
  cluster: KafkaCluster,
  groups: readonly string[],
): Promise<ToolRow[]> {
  const out = await consumerGroupsTool(cluster, ['--describe', ...groupArgs(groups), '--offsets']);
  return toolTable(out, 'GROUP').sort(
    (a, b) => (a.GROUP ?? '').localeCompare(b.GROUP ?? '') || Number(a.PARTITION) - Number(b.PARTITION),
  );
}

/**
 * The partitions of an assignment cell of one topic, `0,1,2`: Kafka 4.x prints `topic:0,1,2`,
 * 3.9 `(0,1,2)`, both `-` for none.
 */
export function assignedPartitions(cell: string | undefined): string | undefined {
  return cell === '-' ? '' : cell?.replace(/^.*[:(]/, '').replace(/\)$/, '');
}

/** `--describe --members --verbose`: one row per member (GROUP, CONSUMER-ID, HOST, CLIENT-ID, #PARTITIONS, assignments, epochs). */
export async function describeMembersWithTool(
  cluster: KafkaCluster,
  groups: readonly string[],
): Promise<ToolRow[]> {
  return toolTable(
    await consumerGroupsTool(cluster, ['--describe', ...groupArgs(groups), '--members', '--verbose']),
    'GROUP',
  );
}

/** `--describe --state --verbose`: one row per group (COORDINATOR(ID), ASSIGNMENT-STRATEGY, STATE, #MEMBERS, epochs). */
export async function describeStateWithTool(
  cluster: KafkaCluster,
  groups: readonly string[],
): Promise<ToolRow[]> {
  const out = await consumerGroupsTool(cluster, ['--describe', ...groupArgs(groups), '--state', '--verbose']);
  // The coordinator cell is `host:port  (id)` under `COORDINATOR (ID)`: one word each.
  const joined = out
    .replaceAll('COORDINATOR (ID)', 'COORDINATOR(ID)')
    .replace(/:(\d+)\s+\((\d+)\)/g, ':$1($2)');
  return toolTable(joined, 'GROUP');
}

/** `--list --type --state`: GROUP, TYPE and STATE of every group (Kafka 3.8+). */
export async function listGroupsWithTool(cluster: KafkaCluster): Promise<ToolRow[]> {
  return toolTable(await consumerGroupsTool(cluster, ['--list', '--type', '--state']), 'GROUP');
}

/**
 * `--reset-offsets` with `args` (e.g. `['--topic', t, '--to-earliest']`), a dry run unless
 * `execute`: the planned rows (GROUP, TOPIC, PARTITION, NEW-OFFSET), sorted by partition.
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
  // Kafka 3.9 prints the plan's rows on the header's line, without line breaks: the words after
  // the header, four at a time, are the rows.
  const words = out.split(/\s+/);
  const start = words.indexOf('NEW-OFFSET') + 1;
  const rows: ToolRow[] = [];
  for (let i = start; start > 0 && i + 4 <= words.length; i += 4) {
    const [g, topic, partition, offset] = words.slice(i, i + 4) as [string, string, string, string];
    if (g !== group) break;
    rows.push({ GROUP: g, TOPIC: topic, PARTITION: partition, 'NEW-OFFSET': offset });
  }
  return rows.sort((a, b) => Number(a.PARTITION) - Number(b.PARTITION));
}
