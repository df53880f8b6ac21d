/**
 * Kafka's own admin tools, run against the cluster under test and their output read, for the
 * admin client's cross-checks: `kafka-configs` (describe, alter), `kafka-delete-records`,
 * `kafka-get-offsets`, `kafka-log-dirs`, `kafka-transactions`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaCluster } from '../../harness/cluster.js';
import { runKafkaTool } from '../../harness/java-tools.js';
import type { KafkaToolName } from '../../harness/kafka-versions.js';

async function tool(cluster: KafkaCluster, name: KafkaToolName, args: string[]): Promise<string> {
  const result = await runKafkaTool(cluster, name, [
    '--bootstrap-server',
    cluster.bootstrapFor('plaintext'),
    ...args,
  ]);
  if (result.exitCode !== 0)
    throw new Error(
      `kafka-${name} ${args.join(' ')} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** The dynamic configs `kafka-configs --describe` prints for an entity (`topics`, `brokers`, ...), by name. */
export async function describeConfigsWithTool(
  cluster: KafkaCluster,
  entityType: 'topics' | 'brokers' | 'client-metrics' | 'groups',
  entityName: string,
): Promise<Record<string, string>> {
  const out = await tool(cluster, 'configs', [
    '--entity-type',
    entityType,
    '--entity-name',
    entityName,
    '--describe',
  ]);
  const configs: Record<string, string> = {};
  for (const m of out.matchAll(/^\s+([\w.-]+)=(.*?) sensitive=/gm)) configs[m[1]!] = m[2]!;
  return configs;
}

/** Adds (`--add-config`) and deletes (`--delete-config`) configs of an entity with `kafka-configs --alter`. */
export async function alterConfigsWithTool(
  cluster: KafkaCluster,
  entityType: 'topics' | 'brokers',
  entityName: string,
  change: { add?: Record<string, string>; remove?: string[] },
): Promise<void> {
  const args = ['--entity-type', entityType, '--entity-name', entityName, '--alter'];
  const add = Object.entries(change.add ?? {});
  if (add.length > 0) args.push('--add-config', add.map(([k, v]) => `${k}=${v}`).join(','));
  if ((change.remove ?? []).length > 0) args.push('--delete-config', change.remove!.join(','));
  await tool(cluster, 'configs', args);
}

/** Deletes records before `offset` with `kafka-delete-records`. */
export async function deleteRecordsWithTool(
  cluster: KafkaCluster,
  topic: string,
  partition: number,
  offset: number,
): Promise<void> {
  const file = join(cluster.info.dir, `delete-records-${process.pid}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ version: 1, partitions: [{ topic, partition, offset }] }));
  await tool(cluster, 'delete-records', ['--offset-json-file', file]);
}

/** `kafka-get-offsets --time <time>` (-1 latest, -2 earliest, -3 max timestamp, or ms): partition -> offset. */
export async function offsetsWithTool(
  cluster: KafkaCluster,
  topic: string,
  time: number,
): Promise<Map<number, number>> {
  const out = await tool(cluster, 'get-offsets', ['--topic', topic, '--time', String(time)]);
  const offsets = new Map<number, number>();
  for (const m of out.matchAll(/^[\w.-]+:(\d+):(-?\d*)$/gm))
    offsets.set(Number(m[1]), m[2] === '' ? -1 : Number(m[2]));
  return offsets;
}

/** One log directory as `kafka-log-dirs --describe` prints it. */
export interface ToolLogDir {
  logDir: string;
  error: string | null;
  partitions: { partition: string; size: number; offsetLag: number; isFuture: boolean }[];
}

/** `kafka-log-dirs --describe` for brokers: broker id -> its log directories. */
export async function logDirsWithTool(
  cluster: KafkaCluster,
  brokers: readonly number[],
): Promise<Map<number, ToolLogDir[]>> {
  const out = await tool(cluster, 'log-dirs', ['--describe', '--broker-list', brokers.join(',')]);
  const json = out.split('\n').find((l) => l.startsWith('{'));
  if (json === undefined) throw new Error(`kafka-log-dirs printed no JSON:\n${out}`);
  const parsed = JSON.parse(json) as { brokers: { broker: number; logDirs: ToolLogDir[] }[] };
  return new Map(parsed.brokers.map((b) => [b.broker, b.logDirs]));
}

/**
 * A `kafka-transactions` command (`list`, `describe`, `describe-producers`, `abort`,
 * `forceTerminateTransaction`): the rows of the table it prints (tab-separated, padded), each by
 * column name.
 */
export async function transactionsWithTool(
  cluster: KafkaCluster,
  args: string[],
): Promise<Record<string, string>[]> {
  const lines = (await tool(cluster, 'transactions', args)).split('\n').filter((l) => l.includes('\t'));
  const cells = (line: string) => line.split('\t').map((c) => c.trim());
  const [header, ...rows] = lines.map(cells);
  return rows.map((row) => Object.fromEntries((header ?? []).map((name, i) => [name, row[i] ?? ''])));
}
