/**
 * `npm run kafka -- <command>`: start, stop and break a local Kafka cluster.
 *
 *   start [--version 4|3.9] [--brokers 1|3] [--security plain|sasl|ssl] [--authorizer] [--racks] [--log-dirs N] [--dynamic-quorum] [--name NAME]
 *   stop [--name NAME | --all]
 *   status [--name NAME]
 *   kill-broker N | stop-broker N | restart-broker N   [--name NAME]
 *   tool <topics|console-producer|...|acls|delegation-tokens|features|...> [args...]
 *
 * `start` prints the bootstrap list on stdout (one line, nothing else) so scripts can capture it;
 * details go to stderr.
 */
import { parseArgs } from 'node:util';
import { KafkaCluster } from './cluster.js';
import { runKafkaTool } from './java-tools.js';
import type { KafkaToolName } from './kafka-versions.js';

const usage = `usage: npm run kafka -- <command> [options]
  start [--version 4|3.9] [--brokers 1|3] [--security plain|sasl|ssl]   start a cluster, print its bootstrap list
        [--authorizer] [--racks]                                       StandardAuthorizer (test users kafe and
                                                                       kafe-scram super users, kafe-nobody without
                                                                       rights; needs sasl or ssl); broker.rack rack-N
        [--log-dirs N]                                                 N log directories per broker (JBOD, 1-4)
        [--dynamic-quorum]                                             format --standalone (KIP-853; one node)
  stop [--all]                                                         stop it (--all: every harness JVM)
  status                                                               show brokers and ports
  kill-broker N | stop-broker N | restart-broker N                     break or mend one broker
  tool NAME [args...]                                                  run a Kafka tool (topics, console-producer,
                                                                       console-consumer, producer-perf, consumer-perf,
                                                                       consumer-groups, configs, acls, delegation-tokens,
                                                                       features, metadata-quorum, leader-election,
                                                                       reassign-partitions, transactions); --bootstrap-server
                                                                       is added when missing
common option: --name NAME (default "default") to run several clusters side by side`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'tool') return tool(rest);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      version: { type: 'string', default: '4' },
      brokers: { type: 'string', default: '1' },
      security: { type: 'string', default: 'plain' },
      name: { type: 'string', default: 'default' },
      all: { type: 'boolean', default: false },
      authorizer: { type: 'boolean', default: false },
      racks: { type: 'boolean', default: false },
      'log-dirs': { type: 'string', default: '1' },
      'dynamic-quorum': { type: 'boolean', default: false },
    },
  });
  const name = values.name;
  switch (command) {
    case 'start': {
      const started = Date.now();
      const cluster = await KafkaCluster.start({
        name,
        version: values.version,
        brokers: Number(values.brokers),
        security: values.security as 'plain' | 'sasl' | 'ssl',
        authorizer: values.authorizer,
        racks: values.racks,
        logDirs: Number(values['log-dirs']),
        dynamicQuorum: values['dynamic-quorum'],
      });
      const info = cluster.info;
      process.stderr.write(
        `kafe: Kafka ${info.version}, ${info.nodes.length} broker(s), security ${info.security}${info.authorizer ? ' with an authorizer' : ''}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
          `kafe: plaintext listeners ${cluster.bootstrapFor('plaintext')}; data and logs in ${info.dir}\n`,
      );
      if (info.security === 'ssl')
        process.stderr.write(`kafe: SASL_SSL listeners ${cluster.bootstrapFor('saslSsl')}\n`);
      process.stdout.write(`${cluster.bootstrap}\n`);
      return 0;
    }
    case 'stop': {
      if (values.all) {
        const killed = await KafkaCluster.killLeftovers(null);
        process.stderr.write(`kafe: killed ${killed} harness JVM(s)\n`);
        return 0;
      }
      try {
        await KafkaCluster.load(name).stop();
      } catch {
        // No state file: still make sure nothing of that name is left running.
      }
      const killed = await KafkaCluster.killLeftovers(name);
      process.stderr.write(
        `kafe: cluster "${name}" stopped${killed ? ` (killed ${killed} leftover JVM(s))` : ''}\n`,
      );
      return 0;
    }
    case 'status': {
      const cluster = KafkaCluster.load(name);
      const info = cluster.info;
      console.log(`cluster "${name}": Kafka ${info.version}, security ${info.security}, ${info.dir}`);
      for (const node of cluster.status()) {
        console.log(
          `  broker ${node.id}: ${node.running ? `running (pid ${node.pid})` : 'stopped'}  ports ${JSON.stringify(node.ports)}`,
        );
      }
      return cluster.status().some((n) => n.running) ? 0 : 1;
    }
    case 'kill-broker':
    case 'stop-broker':
    case 'restart-broker': {
      const id = Number(positionals[0]);
      if (!Number.isInteger(id)) throw new Error(`${command} needs a broker number, e.g. ${command} 2`);
      const cluster = KafkaCluster.load(name);
      if (command === 'kill-broker') await cluster.killBroker(id);
      else if (command === 'stop-broker') await cluster.stopBroker(id);
      else await cluster.restartBroker(id);
      process.stderr.write(
        `kafe: broker ${id} ${command === 'restart-broker' ? 'restarted and ready' : 'stopped'}\n`,
      );
      return 0;
    }
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

async function tool(args: string[]): Promise<number> {
  let name = process.env.KAFE_CLUSTER ?? 'default';
  const nameAt = args.indexOf('--name');
  if (nameAt >= 0) {
    name = args[nameAt + 1] ?? name;
    args.splice(nameAt, 2);
  }
  const [toolName, ...toolArgs] = args;
  if (!toolName) throw new Error('tool needs a name, e.g. tool topics --list');
  const cluster = KafkaCluster.load(name);
  // 3.9's ProducerPerformance predates --bootstrap-server: pass bootstrap.servers in --producer-props.
  const takesBootstrapFlag = toolName !== 'producer-perf' || cluster.info.version.startsWith('4.');
  if (!toolArgs.includes('--bootstrap-server') && takesBootstrapFlag) {
    toolArgs.push('--bootstrap-server', cluster.bootstrapFor('plaintext'));
  }
  const result = await runKafkaTool(cluster, toolName as KafkaToolName, toolArgs, {
    input: process.stdin.isTTY ? '' : await readStdin(),
    timeoutMs: 3_600_000,
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`kafe: ${error.message}\n`);
    process.exit(1);
  },
);
