/** `kafe topics list|describe|create|delete|alter`: topics through the admin client. */
import type { AlterConfigOp } from '../../admin/configs.js';
import type { TopicDescription } from '../../admin/describe-topics.js';
import { UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { flag, integerOption, keyValuePairs, stringsOption } from '../option-values.js';

const list: Command = {
  words: ['topics', 'list'],
  summary: 'list topics with their partition counts and replication factors',
  positionals: { min: 0, max: 0 },
  options: {
    internal: { type: 'boolean', description: 'include internal topics (__consumer_offsets, ...)' },
  },
  examples: ['kafe topics list -b localhost:9092', 'kafe topics list --json | jq -r ".[].topic"'],
  async run({ values, output, kafka }) {
    const admin = kafka().admin();
    const listed = await admin.listTopics({ includeInternal: flag(values, 'internal') });
    const described = await admin.describeTopics(listed.map((t) => t.topic));
    const rows = listed.map((t) => {
      const d = described.outcome(t.topic)?.value;
      return {
        topic: t.topic,
        topicId: t.topicId,
        internal: t.isInternal,
        partitions: d?.partitions.length ?? null,
        replicationFactor: d?.partitions[0]?.replicas.length ?? null,
      };
    });
    if (output.json) return output.document(rows);
    output.table(
      ['TOPIC', 'PARTITIONS', 'REPLICATION'],
      rows.map((r) => [r.topic, r.partitions, r.replicationFactor]),
    );
  },
};

function partitionRows(d: TopicDescription) {
  return d.partitions.map((p) => [
    d.topic,
    p.partition,
    p.leader,
    p.replicas.join(','),
    p.isr.join(','),
    p.offlineReplicas.join(',') || null,
  ]);
}

const describe: Command = {
  words: ['topics', 'describe'],
  summary: "show topics' partitions: leader, replicas, in-sync replicas",
  arguments: 'TOPIC...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: {},
  examples: ['kafe topics describe orders', 'kafe topics describe orders payments --json'],
  async run({ positionals, output, kafka }) {
    const results = await kafka().admin().describeTopics(positionals);
    const found = results.succeeded.map((s) => s.value);
    if (output.json) output.document(found);
    else
      output.table(
        ['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'OFFLINE'],
        found.flatMap(partitionRows),
      );
    results.throwIfFailed();
  },
};

const create: Command = {
  words: ['topics', 'create'],
  summary: 'create topics',
  arguments: 'TOPIC...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: {
    partitions: {
      type: 'string',
      short: 'p',
      value: 'N',
      description: "partitions (default: the broker's num.partitions)",
    },
    'replication-factor': {
      type: 'string',
      short: 'r',
      value: 'N',
      description: "replicas of each partition (default: the broker's)",
    },
    config: {
      type: 'string',
      short: 'c',
      multiple: true,
      value: 'KEY=VALUE',
      description: 'a topic config, e.g. cleanup.policy=compact',
    },
    'if-not-exists': { type: 'boolean', description: 'succeed when the topic exists already' },
    'dry-run': { type: 'boolean', description: 'only ask the controller whether it would create them' },
  },
  examples: [
    '# six partitions, three replicas, compacted',
    'kafe topics create orders -p 6 -r 3 --config cleanup.policy=compact',
    'kafe topics create scratch --if-not-exists',
  ],
  async run({ values, positionals, output, kafka }) {
    const partitions = integerOption(values, 'partitions', { min: 1 });
    const replicationFactor = integerOption(values, 'replication-factor', { min: 1, max: 32767 });
    const configs = Object.fromEntries(keyValuePairs('--config', stringsOption(values, 'config')));
    const dryRun = flag(values, 'dry-run');
    const results = await kafka()
      .admin()
      .createTopics(
        positionals.map((topic) => ({ topic, partitions, replicationFactor, configs })),
        { validateOnly: dryRun },
      );
    const ifNotExists = flag(values, 'if-not-exists');
    const rows: { topic: string; status: string; partitions?: number; replicationFactor?: number }[] = [];
    for (const o of results) {
      if (o.error === undefined)
        rows.push({
          topic: o.name,
          status: dryRun ? 'valid' : 'created',
          partitions: o.value.partitions,
          replicationFactor: o.value.replicationFactor,
        });
      else if (ifNotExists && o.error.code === 'TOPIC_ALREADY_EXISTS')
        rows.push({ topic: o.name, status: 'exists' });
    }
    if (output.json) output.document(rows);
    else
      output.lines(
        rows.map((r) =>
          r.status === 'exists'
            ? `topic ${r.topic} exists already`
            : `${dryRun ? 'would create' : 'created'} topic ${r.topic} (${r.partitions} partitions, replication factor ${r.replicationFactor})`,
        ),
      );
    const failed = results.errors.filter((e) => !(ifNotExists && e.code === 'TOPIC_ALREADY_EXISTS'));
    if (failed.length > 0) throw failed[0]!;
  },
};

const remove: Command = {
  words: ['topics', 'delete'],
  summary: 'delete topics and all their records',
  arguments: 'TOPIC...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: { 'if-exists': { type: 'boolean', description: 'succeed when a topic does not exist' } },
  examples: ['kafe topics delete scratch', 'kafe topics delete old-1 old-2 --if-exists'],
  async run({ values, positionals, output, kafka }) {
    const results = await kafka().admin().deleteTopics(positionals);
    const ifExists = flag(values, 'if-exists');
    const missing = (code: string) => code === 'UNKNOWN_TOPIC_OR_PARTITION' || code === 'UNKNOWN_TOPIC_ID';
    const rows = [...results].flatMap((o) =>
      o.error === undefined
        ? [{ topic: o.name, status: 'deleted' }]
        : ifExists && missing(o.error.code)
          ? [{ topic: o.name, status: 'absent' }]
          : [],
    );
    if (output.json) output.document(rows);
    else
      output.lines(
        rows.map((r) =>
          r.status === 'deleted' ? `deleted topic ${r.topic}` : `topic ${r.topic} does not exist`,
        ),
      );
    const failed = results.errors.filter((e) => !(ifExists && missing(e.code)));
    if (failed.length > 0) throw failed[0]!;
  },
};

const alter: Command = {
  words: ['topics', 'alter'],
  summary: 'add partitions to a topic, or set or delete its configs',
  arguments: 'TOPIC',
  positionals: { min: 1, max: 1 },
  options: {
    partitions: {
      type: 'string',
      short: 'p',
      value: 'N',
      description: 'the new total number of partitions (only grows)',
    },
    config: {
      type: 'string',
      short: 'c',
      multiple: true,
      value: 'KEY=VALUE',
      description: 'set a topic config',
    },
    'delete-config': {
      type: 'string',
      multiple: true,
      value: 'KEY',
      description: 'remove a topic config (back to the default)',
    },
  },
  examples: [
    'kafe topics alter orders --partitions 12',
    'kafe topics alter orders --config retention.ms=86400000 --delete-config cleanup.policy',
  ],
  async run({ values, positionals, output, kafka }) {
    const topic = positionals[0]!;
    const partitions = integerOption(values, 'partitions', { min: 1 });
    const ops: AlterConfigOp[] = [
      ...keyValuePairs('--config', stringsOption(values, 'config')).map(([name, value]) => ({
        name,
        op: 'set' as const,
        value,
      })),
      ...stringsOption(values, 'delete-config').map((name) => ({ name, op: 'delete' as const })),
    ];
    if (partitions === undefined && ops.length === 0)
      throw new UsageError(
        'kafe topics alter: nothing to change; give --partitions, --config or --delete-config',
      );
    const admin = kafka().admin();
    const done: string[] = [];
    if (partitions !== undefined) {
      (await admin.createPartitions([{ topic, totalCount: partitions }])).throwIfFailed();
      done.push(`topic ${topic} has ${partitions} partitions`);
    }
    if (ops.length > 0) {
      (
        await admin.incrementalAlterConfigs([{ resource: { type: 'topic', name: topic }, ops }])
      ).throwIfFailed();
      done.push(
        ...ops.map((o) =>
          o.op === 'set'
            ? `set ${o.name}=${o.value} on topic ${topic}`
            : `deleted ${o.name} from topic ${topic}`,
        ),
      );
    }
    if (output.json) output.document({ topic, partitions: partitions ?? null, configs: ops });
    else output.lines(done);
  },
};

/** The topic commands. */
export const topicCommands: readonly Command[] = [list, describe, create, remove, alter];
