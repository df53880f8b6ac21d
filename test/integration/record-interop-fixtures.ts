/**
 * Shared by the record interop tests: the records both sides write, kafe's decoded batches
 * turned into the same text shape the console tools use, and a fetch loop that decodes with
 * kafe until a given number of records has been read.
 */

import type { KafkaCluster } from '../../harness/cluster.js';
import { runKafkaTool } from '../../harness/java-tools.js';
import {
  decodeRecordBatchesAsync,
  lastOffset,
  type RecordBatch,
  recordOffset,
  recordTimestamp,
} from '../../src/protocol/records/index.js';
import { eventually } from './cluster-under-test.js';
import type { TextRecord } from './console-records.js';
import type { RawKafkaClient } from './raw-kafka-client.js';

/** A record as kafe decoded it, in text form, with where it came from. */
export interface DecodedTextRecord extends TextRecord {
  readonly offset: bigint;
  readonly timestamp: number;
  readonly batch: RecordBatch;
}

const WORDS = [
  'kafka',
  'kafe',
  'récord',
  'batch',
  'λ',
  'offset',
  'zstd',
  'snappy',
  '日本',
  'gzip',
  'lz4',
  'crc',
];

/**
 * `count` records with varied keys (one `null`), values (one `null` when `withNulls`), UTF-8
 * beyond ASCII and, when `withHeaders`, 0-3 headers (one with a `null` value). With `big`, one
 * value of about 150 kB, so that its batch spans several lz4 blocks (64 KiB) and several
 * xerial snappy chunks (32 KiB), and the batch boundary moves.
 */
export function sampleRecords(
  count: number,
  options: { withHeaders: boolean; withNulls: boolean; big: boolean },
): TextRecord[] {
  const out: TextRecord[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 3 + (i % 7) }, (_, j) => WORDS[(i * 5 + j * 3) % WORDS.length]);
    let value: string | null = `v${i} ${words.join(' ')}`;
    if (options.big && i === Math.floor(count / 2)) {
      value = Array.from(
        { length: 20_000 },
        (_, j) => `${WORDS[(j * 7 + (j >> 4)) % WORDS.length]}${j % 97}`,
      ).join(' ');
    }
    if (options.withNulls && i === 3) value = null;
    const headers: [string, string | null][] = [];
    if (options.withHeaders) {
      for (let h = 0; h < i % 4; h++) headers.push([`h${h}`, h === 2 ? null : `hv${i}.${h}-${WORDS[h]}`]);
    }
    out.push({ key: i === 1 ? null : `k${i % 5}-${i}`, value, headers });
  }
  return out;
}

/** UTF-8 bytes of a text field, `null` kept. */
export function utf8(s: string | null): Buffer | null {
  return s === null ? null : Buffer.from(s, 'utf8');
}

function text(b: Buffer | null): string | null {
  return b === null ? null : b.toString('utf8');
}

/** Every record of `batches`, in order, in text form with its absolute offset and timestamp. */
export function decodedAsText(batches: readonly RecordBatch[]): DecodedTextRecord[] {
  const out: DecodedTextRecord[] = [];
  for (const batch of batches) {
    for (const r of batch.records) {
      out.push({
        offset: recordOffset(batch, r),
        timestamp: recordTimestamp(batch, r),
        key: text(r.key),
        value: text(r.value),
        headers: r.headers.map((h) => [h.key, text(h.value)] as const),
        batch,
      });
    }
  }
  return out;
}

/** The text fields only, for deep comparison with what was written. */
export function textOnly(records: readonly TextRecord[]): TextRecord[] {
  return records.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers.map(([k, v]) => [k, v] as const),
  }));
}

/**
 * Fetches from offset 0 with `fetchBytes` and decodes with kafe until `count` records are read;
 * returns the whole batches seen. A fetch that returns no whole batch is retried a few times
 * (the data may not be visible to consumers yet), then the test fails.
 */
export async function fetchAndDecode(
  fetchBytes: (offset: bigint) => Promise<Uint8Array | null>,
  count: number,
): Promise<RecordBatch[]> {
  const batches: RecordBatch[] = [];
  let seen = 0;
  let offset = 0n;
  for (let empty = 0; seen < count; ) {
    const bytes = await fetchBytes(offset);
    const decoded = await decodeRecordBatchesAsync(bytes ?? new Uint8Array(0));
    if (decoded.batches.length === 0) {
      if (++empty > 20) throw new Error(`no records at offset ${offset} after ${empty} fetches`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    for (const batch of decoded.batches) {
      batches.push(batch);
      seen += batch.records.length;
      offset = lastOffset(batch) + 1n;
    }
  }
  return batches;
}

/**
 * Waits until the broker serves `topic` partition 0 (a just-created topic can briefly answer
 * UNKNOWN_TOPIC_OR_PARTITION or NOT_LEADER_OR_FOLLOWER while its metadata propagates).
 */
export async function waitUntilServed(client: RawKafkaClient, topic: string): Promise<void> {
  await eventually(`${topic} served`, 30_000, async () => {
    const partition = await client.fetch(topic, 0, 0n);
    return partition.errorCode === 0 ? true : undefined;
  });
}

/** Creates a one-partition topic whose `message.timestamp.type` is LogAppendTime. */
export async function createLogAppendTimeTopic(cluster: KafkaCluster, topic: string): Promise<void> {
  const args = ['--bootstrap-server', cluster.bootstrapFor('plaintext'), '--create', '--topic', topic];
  args.push(
    '--partitions',
    '1',
    '--replication-factor',
    '1',
    '--config',
    'message.timestamp.type=LogAppendTime',
  );
  const result = await runKafkaTool(cluster, 'topics', args);
  if (result.exitCode !== 0)
    throw new Error(`kafka-topics --create exited with ${result.exitCode}:\n${result.stderr}`);
}
