/**
 * `npm run bench -- producer|consumer [options]`: the side-by-side benchmark of issues 5 and 6.
 * `npm run bench -- txn [options]`: transactional produce, kafe-txn, kafkajs-txn and java-txn.
 * `npm run bench -- share [--records N] [--bootstrap h:p]`: share groups, 1 and 4 members
 * (`share.ts`).
 *
 *   --quick                 a smoke run (fewer cases, a pilot and one 2 s run each)
 *   --clients a,b           subset of: kafe, kafe-send, kafe-kafkajs, kafkajs, platformatic,
 *                           confluent, java
 *   --cases text            only cases whose id contains text (e.g. "1KB", "acks=all", "text")
 *   --tuning defaults|tuned only that table (default both)
 *   --payload text|random   every case sends that payload (default: text when compressed)
 *   --runs N                measured runs per client and case (median; default 3, quick 1)
 *   --bootstrap h:p,...     use an existing cluster instead of starting one
 *   --bootstrap3 h:p,...    an existing 3-broker cluster for the acks=all cases
 *   --node version|path     the Node that runs the clients (default: the newest LTS kafe is tested
 *                           on, fetched from the npm registry as the test suite does; `current`)
 *
 * Results go to bench/results/<time>-<role>.json and .md; the table is printed too.
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeFor, testedNodeVersions } from '../../harness/node-runtime.js';
import type { CaseResult } from './run.js';
import { benchDir, ensureBenchDeps } from './setup.js';

const usage =
  'usage: npm run bench -- producer|consumer|txn|share [--quick] [--clients kafkajs,java] [--cases 1KB,lz4] [--tuning defaults|tuned] [--payload text|random] [--runs N] [--bootstrap h:p] [--bootstrap3 h:p,...] [--node 26.12.1|current|/path/to/node]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      clients: { type: 'string' },
      cases: { type: 'string' },
      tuning: { type: 'string' },
      payload: { type: 'string' },
      runs: { type: 'string' },
      bootstrap: { type: 'string' },
      bootstrap3: { type: 'string' },
      records: { type: 'string' },
      node: { type: 'string' },
    },
  });
  const role = positionals[0];
  const node = await nodeFor(values.node ?? testedNodeVersions.newest);
  if (role === 'share') {
    const { runShareBench } = await import('./share.js');
    await runShareBench({
      node,
      records: Number(values.records ?? 200_000),
      ...(values.bootstrap ? { bootstrap: values.bootstrap } : {}),
    });
    return;
  }
  if (role !== 'producer' && role !== 'consumer' && role !== 'txn') throw new Error(usage);
  const loadBefore = loadavg()[0] ?? 0;
  await ensureBenchDeps(node);
  // Modules that import the peers load only once the peers are installed.
  const { casesFor, latencyRate, runSizes, txnCases } = await import('./cases.js');
  const { failedCase, runCase } = await import('./run.js');
  const { warmBrokers } = await import('./warm-up.js');
  const { describeEnvironment, markdown, writeResults } = await import('./report.js');
  const { brokersFor } = await import('./target.js');
  const { JAVA_TRANSACTION_MS } = await import('../clients/java-producer.js');
  type ClientName = import('./run.js').ClientName;
  type Brokers = import('./target.js').Brokers;

  // kafe's adapters (`kafe-<role>.ts`, and variants such as `kafe-send-<role>.ts`) as they land.
  const suffix = `-${role === 'consumer' ? 'consumer' : 'producer'}.ts`;
  const kafe = readdirSync(join(benchDir, 'clients'))
    // Transactional adapters run in their own cases (`-txn`), not beside plain producers.
    .filter((f) => f.startsWith('kafe') && f.endsWith(suffix) && !f.includes('-txn'))
    .map((f) => f.slice(0, -suffix.length) as ClientName)
    .sort();
  const kafeReady = kafe.includes('kafe');
  const all: ClientName[] =
    role === 'txn'
      ? ['kafe-txn', 'kafkajs-txn', 'java-txn']
      : [...kafe, 'kafkajs', 'platformatic', 'confluent', 'java'];
  const clients = values.clients ? (values.clients.split(',') as ClientName[]) : all;
  const sizes = runSizes(values.quick);
  if (values.runs) sizes.runs = Number(values.runs);
  // A transaction per record at a fixed rate measures the coordinator's round trips, not the
  // client: the txn cases have throughput runs only.
  if (role === 'txn') {
    sizes.latencyRuns = 0;
    // A pilot of 500,000 records took KafkaJS's transactional producer (about 1,000 msg/s here)
    // eight minutes, and a run is never shorter than its pilot: transactional pilots are small.
    const pilot = sizes.pilotRecords;
    sizes.pilotRecords = (recordSize) => Math.min(20_000, pilot(recordSize));
  }
  const tunings = values.tuning ? [values.tuning as import('./cases.js').Tuning] : undefined;
  const payload = values.payload as import('./payload.js').PayloadKind | undefined;
  const cases = (
    role === 'txn'
      ? txnCases(values.quick, payload)
      : casesFor(role, {
          quick: values.quick,
          ...(tunings ? { tunings } : {}),
          ...(payload ? { payload } : {}),
        })
  ).filter((c) => !values.cases || values.cases.split(',').some((part) => c.id.includes(part)));
  const warmUps: string[] = [];
  const results: CaseResult[] = [];
  let kafka = 'unknown';
  const note = () =>
    [
      kafeReady || role === 'txn'
        ? ''
        : "kafe's adapter is absent, so ratios are to the fastest Node client.",
      role === 'txn'
        ? process.env.KAFE_BENCH_TXN_RECORDS === undefined
          ? `Transactions of ${JAVA_TRANSACTION_MS} ms for every client (KAFE_BENCH_TXN_MS; Java's tool commits by time, the Node clients do the same).`
          : `Transactions of ${process.env.KAFE_BENCH_TXN_RECORDS} records for the Node clients (KAFE_BENCH_TXN_RECORDS), of ${JAVA_TRANSACTION_MS} ms for Java's tool (it commits by time).`
        : '',
      `${sizes.runs} measured throughput run(s) per cell of about ${sizes.seconds} s each (records scaled from a pilot run), median and min–max (⚠: spread above 10 %), client order turned every round; ${sizes.latencyRuns} latency run (defaults table); each run a fresh process; topics of 3 partitions unless the case says otherwise; idempotent at acks=all for every client.`,
      ...warmUps,
      role !== 'consumer'
        ? `Latency at ${sizes.rate} msg/s (acks=all: ${latencyRate('all', sizes)}), one record per send (Java: whole ms, its own callback timing).`
        : `End-to-end latency at ${sizes.rate} msg/s fed by KafkaJS (Java's tool has no latency mode).`,
      'Java CPU is the JVM total minus a 1-record run (start-up, JIT of the start, exit).',
    ]
      .filter(Boolean)
      .join(' ');
  // The same files are rewritten after every case, so a run stopped part-way keeps what it measured.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const save = () =>
    writeResults(
      role,
      describeEnvironment(kafka, loadBefore, node),
      results,
      { ...values, role, clients, sizes },
      note(),
      stamp,
    );
  const given = {
    ...(values.bootstrap ? { bootstrap: values.bootstrap } : {}),
    ...(values.bootstrap3 ? { bootstrap3: values.bootstrap3 } : {}),
  };
  // One cluster at a time: two cores cannot host four brokers and a client fairly.
  for (const count of [1, 3] as const) {
    const group = cases.filter((c) => c.brokers === count);
    if (group.length === 0) continue;
    let brokers: Brokers | undefined;
    const stop = () => void (brokers?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
    process.once('SIGINT', stop);
    try {
      brokers = await brokersFor(count, given);
      kafka = brokers.version;
      const ctx = { brokers, sizes, node };
      const warm = await warmBrokers(count, ctx).catch((error: Error) => {
        console.warn(`bench: warming the brokers up failed (${error.message}); measuring anyway`);
        return { samples: [], settled: false };
      });
      warmUps.push(
        `${count} broker(s) warmed ${warm.settled ? 'until stable' : 'but NOT stable'} (${warm.samples.join(', ')} msg/s).`,
      );
      for (const c of group) {
        results.push(await runCase(c, clients, ctx, results.length));
        await save();
      }
    } catch (error) {
      // Keep what was measured: the cases left get the error, and the report is still written.
      for (const c of group.slice(results.filter((r) => r.case.brokers === count).length))
        results.push(failedCase(c, clients, (error as Error).message));
    } finally {
      process.off('SIGINT', stop);
      await brokers?.stop();
    }
  }
  const file = await save();
  console.log(
    `\n${markdown(role, describeEnvironment(kafka, loadBefore, node), results, note())}\nwritten to ${file} (and .json)`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
