/**
 * Records with keys, headers and timestamps through Kafka's own console producer and consumer,
 * so that interop tests can compare field by field what the Java client wrote or read.
 *
 * Text formats (Java's `LineMessageReader` and `DefaultMessageFormatter`): the producer reads
 * `h1:v1,h2:v2 <TAB> key <TAB> value` per line; the consumer prints
 * `CreateTime:ts <TAB> Offset:n <TAB> h1:v1,h2:v2 <TAB> key <TAB> value` (or `NO_TIMESTAMP`,
 * `NO_HEADERS`). `null` keys, values and header values travel as {@link NULL_MARKER}. So the
 * records used with these helpers must not contain tabs, newlines, `,` or `:` in header parts,
 * or the marker itself.
 */
import type { KafkaCluster } from '../../harness/cluster.js';
import { runKafkaTool } from '../../harness/java-tools.js';

/** Stands for `null` on both tools' command lines and output. */
export const NULL_MARKER = '<null>';

/** A record as text, as the console tools can carry it. */
export interface TextRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly (readonly [string, string | null])[];
}

/** A record as the console consumer printed it. */
export interface ConsumedTextRecord extends TextRecord {
  readonly offset: bigint;
  /** `CreateTime` / `LogAppendTime` and the milliseconds, or `null` for NO_TIMESTAMP. */
  readonly timestamp: { readonly type: string; readonly ms: number } | null;
}

// 4.x deprecates --property for --reader-property / --formatter-property; 3.9 knows only --property.
function propertyFlag(cluster: KafkaCluster, tool: 'reader' | 'formatter'): string {
  return cluster.info.version.startsWith('4.') ? `--${tool}-property` : '--property';
}

function orMarker(s: string | null): string {
  return s ?? NULL_MARKER;
}

/**
 * Sends `records` with the console producer, `codec` as `compression.type`. The producer keeps
 * its default linger (1 s) and batch size, so a handful of lines become one or a few batches.
 */
export async function produceWithJava(
  cluster: KafkaCluster,
  topic: string,
  records: readonly TextRecord[],
  codec: string,
  extraArgs: readonly string[] = [],
): Promise<void> {
  const flag = propertyFlag(cluster, 'reader');
  const args = ['--bootstrap-server', cluster.bootstrapFor('plaintext'), '--topic', topic];
  args.push('--compression-codec', codec, '--request-required-acks', 'all', ...extraArgs);
  for (const p of ['parse.key=true', 'parse.headers=true', `null.marker=${NULL_MARKER}`]) args.push(flag, p);
  const lines = records.map((r) => {
    const headers =
      r.headers.length === 0 ? NULL_MARKER : r.headers.map(([k, v]) => `${k}:${orMarker(v)}`).join(',');
    return `${headers}\t${orMarker(r.key)}\t${orMarker(r.value)}`;
  });
  const result = await runKafkaTool(cluster, 'console-producer', args, {
    input: `${lines.join('\n')}\n`,
    timeoutMs: 90_000,
  });
  if (result.exitCode !== 0)
    throw new Error(`console producer exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
}

function parseLine(line: string): ConsumedTextRecord {
  const fields = line.split('\t');
  if (fields.length !== 5) throw new Error(`unexpected console consumer line: ${JSON.stringify(line)}`);
  const [ts, offset, headers, key, value] = fields as [string, string, string, string, string];
  const tsMatch = /^(CreateTime|LogAppendTime):(-?\d+)$/.exec(ts);
  if (tsMatch === null && ts !== 'NO_TIMESTAMP') throw new Error(`unexpected timestamp field ${ts}`);
  const fromMarker = (s: string) => (s === NULL_MARKER ? null : s);
  return {
    timestamp: tsMatch === null ? null : { type: tsMatch[1] as string, ms: Number(tsMatch[2]) },
    offset: BigInt(offset.replace(/^Offset:/, '')),
    headers:
      headers === 'NO_HEADERS'
        ? []
        : headers.split(',').map((h) => {
            const at = h.indexOf(':');
            return [h.slice(0, at), fromMarker(h.slice(at + 1))] as const;
          }),
    key: fromMarker(key),
    value: fromMarker(value),
  };
}

/** Reads exactly `count` records of partition 0 from the beginning with the console consumer. */
export async function consumeWithJava(
  cluster: KafkaCluster,
  topic: string,
  count: number,
): Promise<ConsumedTextRecord[]> {
  const flag = propertyFlag(cluster, 'formatter');
  const args = ['--bootstrap-server', cluster.bootstrapFor('plaintext'), '--topic', topic];
  args.push('--partition', '0', '--offset', 'earliest', '--max-messages', String(count));
  args.push('--timeout-ms', '20000');
  for (const p of ['timestamp', 'offset', 'headers', 'key', 'value']) args.push(flag, `print.${p}=true`);
  args.push(flag, `null.literal=${NULL_MARKER}`);
  const result = await runKafkaTool(cluster, 'console-consumer', args, { timeoutMs: 90_000 });
  // The consumer exits non-zero on its --timeout-ms; the records it printed are what counts.
  const lines = result.stdout.split('\n').filter((l) => l.length > 0);
  if (lines.length !== count)
    throw new Error(
      `console consumer printed ${lines.length} of ${count} records:\n${result.stdout}\n${result.stderr}`,
    );
  return lines.map(parseLine);
}
