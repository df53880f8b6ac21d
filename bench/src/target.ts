/**
 * The brokers a run uses: clusters the bench starts with the project's harness (`bench` with one
 * node, `bench-3` with three for acks=all), or existing ones given by `--bootstrap`/`--bootstrap3`.
 * Also how to run a Kafka tool class against them.
 */
import { KafkaCluster } from '../../harness/cluster.js';
import { ensureKafka } from '../../harness/kafka-dist.js';
import { resolveRelease } from '../../harness/kafka-versions.js';

/** The brokers of one size, started here or given. */
export interface Brokers {
  bootstrap: string[];
  /** The Kafka release (`external` when given by address). */
  version: string;
  /** Java arguments that run `mainClass` with `args` on Kafka's class path. */
  toolArgs(mainClass: string, args: string[]): string[];
  stop(): Promise<void>;
}

/** Fully qualified class of a Kafka tool, from the harness's release table. */
export function toolClass(tool: 'producer-perf' | 'consumer-perf' | 'share-consumer-perf'): string {
  const mainClass = resolveRelease('4').tools[tool];
  if (mainClass === undefined) throw new Error(`Kafka ${resolveRelease('4').version} has no ${tool} tool`);
  return mainClass;
}

async function external(bootstrap: string): Promise<Brokers> {
  const dist = await ensureKafka(resolveRelease('4'));
  return {
    bootstrap: bootstrap.split(','),
    version: 'external',
    toolArgs: (mainClass, args) => ['-Xmx256m', '-cp', dist.classpath, mainClass, ...args],
    stop: async () => {},
  };
}

async function started(name: string, brokers: 1 | 3): Promise<Brokers> {
  console.log(`bench: starting a ${brokers}-broker Kafka (${name}) with the harness`);
  const cluster = await KafkaCluster.start({ name, brokers });
  return {
    bootstrap: cluster.bootstrap.split(','),
    version: cluster.info.version,
    toolArgs: (mainClass, args) => cluster.toolArgs(mainClass, args),
    stop: () => cluster.stop(),
  };
}

/** Brokers for cases on `count` brokers: the given addresses, or a harness cluster started now. */
export function brokersFor(
  count: 1 | 3,
  given: { bootstrap?: string; bootstrap3?: string },
): Promise<Brokers> {
  const address = count === 3 ? (given.bootstrap3 ?? given.bootstrap) : given.bootstrap;
  if (address) return external(address);
  return started(count === 3 ? 'bench-3' : 'bench', count);
}
