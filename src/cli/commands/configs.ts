/** `kafe configs get|set|delete`: configs of topics, brokers, broker loggers, client-metrics and groups. */
import type { ConfigResource, ConfigResourceType, ConfigSource } from '../../admin/config-resources.js';
import { UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { flag, keyValuePairs } from '../option-values.js';

const types: readonly ConfigResourceType[] = ['topic', 'broker', 'broker-logger', 'client-metrics', 'group'];

function resourceOf(positionals: readonly string[]): ConfigResource {
  const [type, name] = positionals as [string, string];
  if (!types.includes(type as ConfigResourceType))
    throw new UsageError(`unknown resource type "${type}"; expected ${types.join(', ')}`);
  return { type: type as ConfigResourceType, name };
}

/** Where a config set on the resource itself comes from, by resource type (what kafka-configs --describe shows). */
const ownSources: Readonly<Record<ConfigResourceType, readonly ConfigSource[]>> = {
  topic: ['DYNAMIC_TOPIC_CONFIG'],
  broker: ['DYNAMIC_BROKER_CONFIG', 'DYNAMIC_DEFAULT_BROKER_CONFIG'],
  'broker-logger': ['DYNAMIC_BROKER_LOGGER_CONFIG'],
  'client-metrics': ['DYNAMIC_CLIENT_METRICS_CONFIG'],
  group: ['DYNAMIC_GROUP_CONFIG'],
};

const resourceHelp =
  'TYPE is topic, broker (by id; "" for the cluster default), broker-logger, client-metrics or group.';

const get: Command = {
  words: ['configs', 'get'],
  summary: 'show the configs of a topic, broker, broker logger, client-metrics resource or group',
  arguments: 'TYPE NAME [KEY...]',
  positionals: { min: 2, max: Number.POSITIVE_INFINITY },
  description: `${resourceHelp}\nWithout --all, only configs set on the resource itself (as kafka-configs --describe shows).`,
  options: { all: { type: 'boolean', description: 'every config, defaults included, with its source' } },
  examples: [
    'kafe configs get topic orders',
    'kafe configs get broker 1 --all',
    'kafe configs get topic orders retention.ms --json',
  ],
  async run({ values, positionals, output, kafka }) {
    const resource = resourceOf(positionals);
    const names = positionals.slice(2);
    const results = await kafka()
      .admin()
      .describeConfigs([resource], names.length > 0 ? { configNames: names } : {});
    const all = flag(values, 'all') || names.length > 0;
    const entries = results.get(resource).filter((e) => all || ownSources[resource.type].includes(e.source));
    const rows = entries.map((e) => ({
      name: e.name,
      value: e.isSensitive ? '[hidden]' : e.value,
      source: e.source,
      readOnly: e.isReadOnly,
    }));
    if (output.json) return output.document(rows);
    output.table(
      ['NAME', 'VALUE', 'SOURCE'],
      rows.map((r) => [r.name, r.value, r.source]),
    );
  },
};

const set: Command = {
  words: ['configs', 'set'],
  summary: 'set configs of a resource (the others stay as they are)',
  arguments: 'TYPE NAME KEY=VALUE...',
  positionals: { min: 3, max: Number.POSITIVE_INFINITY },
  description: resourceHelp,
  options: {
    'dry-run': { type: 'boolean', description: 'only ask the broker whether it would accept them' },
  },
  examples: [
    'kafe configs set topic orders retention.ms=86400000 cleanup.policy=compact',
    'kafe configs set broker 1 log.cleaner.threads=2',
  ],
  async run({ values, positionals, output, kafka }) {
    const resource = resourceOf(positionals);
    const pairs = keyValuePairs('configs set', positionals.slice(2));
    const dryRun = flag(values, 'dry-run');
    (
      await kafka()
        .admin()
        .incrementalAlterConfigs(
          [{ resource, ops: pairs.map(([name, value]) => ({ name, op: 'set' as const, value })) }],
          { validateOnly: dryRun },
        )
    ).throwIfFailed();
    if (output.json) output.document(pairs.map(([name, value]) => ({ name, value, set: !dryRun })));
    else
      output.lines(
        pairs.map(
          ([name, value]) =>
            `${dryRun ? 'would set' : 'set'} ${name}=${value} on ${resource.type} ${resource.name}`,
        ),
      );
  },
};

const remove: Command = {
  words: ['configs', 'delete'],
  summary: 'delete configs of a resource (back to their defaults)',
  arguments: 'TYPE NAME KEY...',
  positionals: { min: 3, max: Number.POSITIVE_INFINITY },
  description: resourceHelp,
  options: {},
  examples: ['kafe configs delete topic orders retention.ms'],
  async run({ positionals, output, kafka }) {
    const resource = resourceOf(positionals);
    const names = positionals.slice(2);
    (
      await kafka()
        .admin()
        .incrementalAlterConfigs([{ resource, ops: names.map((name) => ({ name, op: 'delete' as const })) }])
    ).throwIfFailed();
    if (output.json) output.document(names.map((name) => ({ name, deleted: true })));
    else output.lines(names.map((name) => `deleted ${name} from ${resource.type} ${resource.name}`));
  },
};

/** The config commands. */
export const configCommands: readonly Command[] = [get, set, remove];
