/**
 * `npm start`: the main job. Starts a local single-node Kafka with the project's harness, shows
 * it is up (brokers, a topic, a produce and consume round trip), then stops it.
 *
 * Until kafe's own producer and consumer land, the round trip uses Kafka's Java console tools;
 * they are replaced by kafe's client as it grows.
 */
import { KafkaCluster } from '../harness/cluster.js';
import { runKafkaTool } from '../harness/java-tools.js';

const started = Date.now();
console.log('Starting a local Apache Kafka (KRaft, 1 node) with the kafe harness...');
const cluster = await KafkaCluster.start({
  name: 'demo',
  version: process.env.KAFE_DEMO_VERSION ?? '4',
  brokers: 1,
});
let failed = false;
try {
  const bootstrap = cluster.bootstrap;
  console.log(
    `Kafka ${cluster.info.version} is up at ${bootstrap} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  const topic = `kafe-demo-${Date.now().toString(36)}`;
  const run = async (tool: Parameters<typeof runKafkaTool>[1], args: string[], input?: string) => {
    const result = await runKafkaTool(
      cluster,
      tool,
      ['--bootstrap-server', bootstrap, ...args],
      input === undefined ? {} : { input },
    );
    return result;
  };
  const created = await run('topics', ['--create', '--topic', topic, '--partitions', '3']);
  if (created.exitCode !== 0) throw new Error(created.stderr);
  console.log(`Created topic ${topic} with 3 partitions`);
  const records = ['hello', 'from', 'kafe'];
  const produced = await run('console-producer', ['--topic', topic], `${records.join('\n')}\n`);
  if (produced.exitCode !== 0) throw new Error(produced.stderr);
  console.log(`Produced ${records.length} records`);
  const consumed = await run('console-consumer', [
    '--topic',
    topic,
    '--from-beginning',
    '--max-messages',
    '3',
    '--timeout-ms',
    '20000',
  ]);
  const values = consumed.stdout.split('\n').filter(Boolean);
  console.log(`Consumed ${values.length} records: ${values.join(', ')}`);
  failed = values.length !== records.length;
} catch (error) {
  failed = true;
  console.error(`demo failed: ${(error as Error).message}`);
} finally {
  await cluster.stop();
  console.log('Kafka stopped.');
}
process.exitCode = failed ? 1 : 0;
