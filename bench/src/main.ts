/**
 * `npm run bench -- producer|consumer [options]`: the side-by-side benchmark of issues 5 and 6.
 * `npm run bench -- share [--records N] [--bootstrap h:p]`: share groups, 1 and 4 members
 * (`share.ts`).
 *
 *   --quick                 a few-minute smoke run (fewer cases and records, one run each)
 *   --clients a,b           subset of: kafe, kafe-send, kafkajs, platformatic, confluent, java
 *   --cases text            only cases whose id contains text (e.g. "1KB", "acks=all")
 *   --runs N                runs per client and case (median reported; default 3, quick 1)
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
import { benchDir, ensureBenchDeps } from './setup.js';

const usage =
  'usage: npm run bench -- producer|consumer|share [--quick] [--clients kafkajs,java] [--cases 1KB] [--runs N] [--bootstrap h:p] [--bootstrap3 h:p,...] [--node 26.12.1|current|/path/to/node]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      clients: { type: 'string' },
      cases: { type: 'string' },
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
  if (role !== 'producer' && role !== 'consumer') throw new Error(usage);
  const loadBefore = loadavg()[0] ?? 0;
  await ensureBenchDeps(node);
  // Modules that import the peers load only once the peers are installed.
  const { casesFor, latencyRate, runSizes } = await import('./cases.js');
  const { failedCase, runCase, warmBrokers } = await import('./run.js');
  const { describeEnvironment, markdown, writeResults } = await import('./report.js');
  const { brokersFor } = await import('./target.js');
  type ClientName = import('./run.js').ClientName;
  type Brokers = import('./target.js').Brokers;

  // kafe's adapters (`kafe-<role>.ts`, and variants such as `kafe-send-<role>.ts`) as they land.
  const suffix = `-${role}.ts`;
  const kafe = readdirSync(join(benchDir, 'clients'))
    .filter((f) => f.startsWith('kafe') && f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length) as ClientName)
    .sort();
  const kafeReady = kafe.includes('kafe');
  const all: ClientName[] = [...kafe, 'kafkajs', 'platformatic', 'confluent', 'java'];
  const clients = values.clients ? (values.clients.split(',') as ClientName[]) : all;
  const sizes = runSizes(values.quick);
  if (values.runs) sizes.runs = Number(values.runs);
  const cases = casesFor(role, values.quick).filter((c) => !values.cases || c.id.includes(values.cases));
  const results = [];
  let kafka = 'unknown';
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
      await warmBrokers(count, brokers, sizes).catch((error: Error) => {
        console.warn(`bench: warming the brokers up failed (${error.message}); measuring anyway`);
      });
      for (const c of group) results.push(await runCase(c, clients, brokers, sizes, node, results.length));
    } catch (error) {
      // Keep what was measured: the cases left get the error, and the report is still written.
      for (const c of group.slice(results.filter((r) => r.case.brokers === count).length))
        results.push(failedCase(c, clients, (error as Error).message));
    } finally {
      process.off('SIGINT', stop);
      await brokers?.stop();
    }
  }
  const note = [
    kafeReady ? '' : "kafe's adapter is absent, so ratios are to the fastest Node client.",
    `${sizes.runs} throughput run(s) per cell, median (${sizes.records(100).toLocaleString('en')} records of 100 B, ${sizes.records(1024).toLocaleString('en')} of 1 KB), ${sizes.latencyRuns} latency run; each run a fresh process; topics of 3 partitions.`,
    role === 'producer'
      ? `Latency at ${sizes.rate} msg/s (acks=all: ${latencyRate('all', sizes)}), one record per send (Java: whole ms, its own callback timing).`
      : `End-to-end latency at ${sizes.rate} msg/s fed by KafkaJS (Java's tool has no latency mode).`,
    'Java CPU is the JVM total minus a 1-record run (start-up, JIT of the start, exit).',
  ]
    .filter(Boolean)
    .join(' ');
  const env = describeEnvironment(kafka, loadBefore, node);
  const file = await writeResults(role, env, results, { ...values, role, clients, sizes }, note);
  console.log(`\n${markdown(role, env, results, note)}\nwritten to ${file} (and .json)`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
