/**
 * "Idempotence under fire" (issue 5): numbered records produced with acks=all and the
 * idempotent producer to a topic replicated 3 times with `min.insync.replicas=2`, while the
 * leader of partition 0 is killed with SIGKILL and later restarted; then everything is read
 * back with Kafka's console consumer and checked: every record exactly once, in order within
 * each partition. Shared by the cluster3 test (small) and `scripts/soak-producer.ts` (1,000,000).
 */
import diagnostics from 'node:diagnostics_channel';
import type { KafkaCluster } from '../../harness/cluster.js';
import type { Kafka } from '../../src/kafka.js';
import { readTopicWithJava } from './read-back.js';

/** Options of {@link produceUnderFire}. */
export interface UnderFireOptions {
  readonly topic: string;
  readonly records: number;
  readonly partitions?: number;
  /** Records per `sendBatch` call. Default 500. */
  readonly chunk?: number;
  /** `sendBatch` calls awaited at most at once (the rest is backpressure). Default 20. */
  readonly window?: number;
  /** Print progress. */
  readonly log?: (line: string) => void;
}

/** What happened. */
export interface UnderFireResult {
  readonly victim: number;
  /**
   * The leader of partition 0 in the producer's metadata just before the victim restarts: by
   * then the producer has had records of partition 0 acknowledged with the victim dead, so this
   * is another broker, the proof that the kill reached the producer.
   */
  readonly leaderWhileDown: number;
  readonly produceMs: number;
  /** Records the producer reported as failed (should be 0). */
  readonly failed: number;
  /** Problems found reading back: missing, duplicated or out-of-order records. */
  readonly problems: string[];
  readonly readBack: number;
  /** Produce requests sent, and those that failed in transport (the kill shows here). */
  readonly produceRequests: number;
  readonly failedProduceRequests: number;
}

/** Runs the experiment on `cluster` (3 brokers) through `kafka`. */
export async function produceUnderFire(
  cluster: KafkaCluster,
  kafka: Kafka,
  options: UnderFireOptions,
): Promise<UnderFireResult> {
  const { topic, records } = options;
  const partitions = options.partitions ?? 3;
  const chunk = options.chunk ?? 500;
  const window = options.window ?? 20;
  const log = options.log ?? (() => {});
  (
    await kafka
      .admin()
      .createTopics([{ topic, partitions, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }])
  ).throwIfFailed();
  await kafka.cluster.refreshTopics([topic]);
  const victim = kafka.cluster.metadata.partition(topic, 0)?.leaderId ?? -1;
  if (victim < 0) throw new Error('partition 0 has no leader');
  const producer = kafka.producer({ acks: 'all', requestTimeoutMs: 10_000 });
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  let killed = false;
  let restart: Promise<void> | undefined;
  let leaderWhileDown = -1;
  let produceRequests = 0;
  let failedProduceRequests = 0;
  const onResponse = (message: unknown) => {
    const m = message as { api: string; error?: Error };
    if (m.api !== 'Produce') return;
    produceRequests++;
    if (m.error !== undefined) failedProduceRequests++;
  };
  diagnostics.subscribe('kafe:net:response', onResponse);
  const started = Date.now();
  for (let i = 0; i < records; i += chunk) {
    const batch = [];
    for (let j = i; j < Math.min(records, i + chunk); j++)
      batch.push({ topic, partition: j % partitions, value: String(j) });
    inFlight.push(
      producer.sendBatch(batch).then(
        () => {},
        (error: { failures?: unknown[] }) => {
          failed += error.failures?.length ?? batch.length;
        },
      ),
    );
    if (inFlight.length >= window) await inFlight.shift();
    if (!killed && i >= records * 0.25) {
      killed = true;
      log(`kill -9 broker ${victim} (leader of ${topic}-0) after ${i} records`);
      await cluster.killBroker(victim);
    }
    if (killed && restart === undefined && i >= records * 0.6) {
      leaderWhileDown = kafka.cluster.metadata.partition(topic, 0)?.leaderId ?? -1;
      log(`restart broker ${victim} after ${i} records (partition 0 led by ${leaderWhileDown})`);
      restart = cluster.restartBroker(victim);
    }
  }
  await Promise.all(inFlight);
  await producer.close({ timeoutMs: 120_000 });
  const produceMs = Date.now() - started;
  diagnostics.unsubscribe('kafe:net:response', onResponse);
  await restart;
  log(`produced ${records} records in ${produceMs} ms (${failed} failed); reading back`);
  const read = await readTopicWithJava(cluster, topic, records);
  const problems: string[] = [];
  const last = new Array<number>(partitions).fill(-1);
  const seen = new Uint8Array(records);
  for (const r of [...read].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    const n = Number(r.value);
    if (!Number.isInteger(n) || n < 0 || n >= records) {
      problems.push(`unexpected value ${r.value}`);
      continue;
    }
    if (seen[n]) problems.push(`record ${n} duplicated (partition ${r.partition} offset ${r.offset})`);
    seen[n] = 1;
    if (n % partitions !== r.partition) problems.push(`record ${n} in partition ${r.partition}`);
    if (n <= (last[r.partition] as number))
      problems.push(`record ${n} after ${last[r.partition]} in partition ${r.partition}`);
    last[r.partition] = n;
  }
  const missing = seen.reduce((sum, s) => sum + (s ? 0 : 1), 0);
  if (missing > 0) problems.push(`${missing} record(s) missing`);
  return {
    victim,
    leaderWhileDown,
    produceMs,
    failed,
    problems: problems.slice(0, 20),
    readBack: read.length,
    produceRequests,
    failedProduceRequests,
  };
}
