/** `kafe groups list|describe|lag|reset-offsets|delete`: consumer groups through the admin client. */
import type { GroupState, GroupType } from '../../admin/consumer-group-description.js';
import type { OffsetResetStrategy } from '../../admin/offset-reset-plan.js';
import type { TopicPartition } from '../../cluster/topic-partition.js';
import { UsageError } from '../cli-errors.js';
import type { Command, OptionValues } from '../command.js';
import {
  flag,
  parseDuration,
  parseInteger,
  parseTimestamp,
  stringOption,
  stringsOption,
} from '../option-values.js';

const list: Command = {
  words: ['groups', 'list'],
  summary: 'list groups with their types and states',
  positionals: { min: 0, max: 0 },
  options: {
    type: {
      type: 'string',
      multiple: true,
      value: 'TYPE',
      description: 'only classic, consumer, share or streams groups',
    },
    state: {
      type: 'string',
      multiple: true,
      value: 'STATE',
      description: 'only groups in this state (Stable, Empty, ...)',
    },
  },
  examples: ['kafe groups list', 'kafe groups list --state Empty --json'],
  async run({ values, output, kafka }) {
    const groups = await kafka()
      .admin()
      .listGroups({
        types: stringsOption(values, 'type') as GroupType[],
        states: stringsOption(values, 'state') as GroupState[],
      });
    if (output.json) return output.document(groups);
    output.table(
      ['GROUP', 'TYPE', 'STATE', 'PROTOCOL'],
      groups.map((g) => [g.groupId, g.type, g.state, g.protocolType || null]),
    );
  },
};

const partitionsText = (partitions: readonly TopicPartition[]) =>
  partitions.map((p) => `${p.topic}:${p.partition}`).join(',') || null;

const describe: Command = {
  words: ['groups', 'describe'],
  summary: "show consumer groups' state, assignor and members with their partitions",
  arguments: 'GROUP...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: {},
  examples: ['kafe groups describe billing', 'kafe groups describe billing audit --json'],
  async run({ positionals, output, kafka }) {
    const results = await kafka().admin().describeConsumerGroups(positionals);
    const found = results.succeeded.map((s) => s.value);
    if (output.json)
      output.document(
        found.map(({ members, ...g }) => ({
          ...g,
          members: members.map(({ assignmentUserData: _, ...m }) => m),
        })),
      );
    else {
      output.table(
        ['GROUP', 'TYPE', 'STATE', 'ASSIGNOR', 'COORDINATOR', 'MEMBERS'],
        found.map((g) => [
          g.groupId,
          g.type,
          g.state,
          g.partitionAssignor || null,
          g.coordinator,
          g.members.length,
        ]),
      );
      const members = found.flatMap((g) =>
        g.members.map((m) => [
          g.groupId,
          m.memberId,
          m.groupInstanceId,
          m.clientId,
          m.host,
          partitionsText(m.assignment),
        ]),
      );
      if (members.length > 0) {
        output.lines(['']);
        output.table(['GROUP', 'MEMBER', 'INSTANCE', 'CLIENT-ID', 'HOST', 'PARTITIONS'], members);
      }
    }
    results.throwIfFailed();
  },
};

const lag: Command = {
  words: ['groups', 'lag'],
  summary: "consumer groups' committed offsets, log end offsets and lag per partition, and in total",
  arguments: 'GROUP...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: { 'read-committed': { type: 'boolean', description: 'measure to the last stable offset' } },
  examples: ['kafe groups lag billing', 'kafe groups lag billing --json | jq .[0].totalLag'],
  async run({ values, positionals, output, kafka }) {
    const results = await kafka()
      .admin()
      .consumerGroupLag(positionals, {
        isolationLevel: flag(values, 'read-committed') ? 'read_committed' : 'read_uncommitted',
      });
    const found = results.succeeded.map((s) => s.value);
    if (output.json)
      output.document(
        found.map((g) => ({
          ...g,
          partitions: g.partitions.map(({ error, ...p }) => ({ ...p, error: error?.message ?? null })),
        })),
      );
    else {
      output.table(
        [
          'GROUP',
          'TOPIC',
          'PARTITION',
          'CURRENT-OFFSET',
          'LOG-END-OFFSET',
          'LAG',
          'CONSUMER-ID',
          'HOST',
          'CLIENT-ID',
        ],
        found.flatMap((g) =>
          g.partitions.map((p) => [
            g.groupId,
            p.topic,
            p.partition,
            p.committedOffset,
            p.endOffset,
            p.lag,
            p.memberId,
            p.host,
            p.clientId,
          ]),
        ),
      );
      output.lines(found.map((g) => output.paint('bold', `total lag of ${g.groupId}: ${g.totalLag}`)));
    }
    results.throwIfFailed();
  },
};

function strategyOf(values: OptionValues): OffsetResetStrategy {
  const given: OffsetResetStrategy[] = [];
  if (flag(values, 'to-earliest')) given.push({ kind: 'to-earliest' });
  if (flag(values, 'to-latest')) given.push({ kind: 'to-latest' });
  if (flag(values, 'to-current')) given.push({ kind: 'to-current' });
  const offset = stringOption(values, 'to-offset');
  if (offset !== undefined)
    given.push({ kind: 'to-offset', offset: BigInt(parseInteger('--to-offset', offset, { min: 0 })) });
  const shift = stringOption(values, 'shift-by');
  if (shift !== undefined) given.push({ kind: 'shift-by', shift: BigInt(parseInteger('--shift-by', shift)) });
  const at = stringOption(values, 'to-datetime');
  if (at !== undefined) given.push({ kind: 'to-datetime', timestamp: parseTimestamp('--to-datetime', at) });
  const ago = stringOption(values, 'by-duration');
  if (ago !== undefined) given.push({ kind: 'by-duration', durationMs: parseDuration('--by-duration', ago) });
  if (given.length !== 1)
    throw new UsageError(
      'give one of --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration',
    );
  return given[0]!;
}

function partitionsOf(values: OptionValues): (string | TopicPartition)[] | undefined {
  const topics = stringsOption(values, 'topic').map((t) => {
    const at = t.lastIndexOf(':');
    if (at === -1) return t;
    return { topic: t.slice(0, at), partition: parseInteger('--topic', t.slice(at + 1), { min: 0 }) };
  });
  if (topics.length > 0 === flag(values, 'all-topics'))
    throw new UsageError('give --topic TOPIC[:PARTITION] (repeatable) or --all-topics');
  return topics.length > 0 ? topics : undefined;
}

const resetOffsets: Command = {
  words: ['groups', 'reset-offsets'],
  summary: "move a consumer group's committed offsets (a dry run unless --execute)",
  arguments: 'GROUP',
  positionals: { min: 1, max: 1 },
  description:
    'Shows where each partition is and where the reset puts it; commits only with --execute.\n' +
    'The group must have no members (stop its consumers first), as kafka-consumer-groups.sh requires.',
  options: {
    topic: {
      type: 'string',
      short: 't',
      multiple: true,
      value: 'TOPIC[:P]',
      description: 'a topic, or one of its partitions',
    },
    'all-topics': { type: 'boolean', description: 'every partition the group has offsets for' },
    'to-earliest': { type: 'boolean', description: 'to the log start' },
    'to-latest': { type: 'boolean', description: 'to the log end (skip everything)' },
    'to-current': { type: 'boolean', description: 'to the committed offset (clamped into the log)' },
    'to-offset': { type: 'string', value: 'N', description: 'to offset N' },
    'shift-by': { type: 'string', value: 'N', description: 'N forward, or back when negative' },
    'to-datetime': { type: 'string', value: 'TIME', description: 'to the first record at or after TIME' },
    'by-duration': {
      type: 'string',
      value: 'DURATION',
      description: 'to the first record of DURATION ago, e.g. 1h',
    },
    execute: { type: 'boolean', description: 'commit the new offsets' },
  },
  examples: [
    '# see where a reset to an hour ago would put the group',
    'kafe groups reset-offsets billing --topic orders --by-duration 1h',
    '# replay partition 0 from the start',
    'kafe groups reset-offsets billing --topic orders:0 --to-earliest --execute',
  ],
  async run({ values, positionals, output, io, kafka }) {
    const strategy = strategyOf(values);
    const topics = partitionsOf(values);
    const execute = flag(values, 'execute');
    const plan = await kafka()
      .admin()
      .resetConsumerGroupOffsets(positionals[0]!, { strategy, execute, ...(topics ? { topics } : {}) });
    if (output.json) output.document(plan);
    else
      output.table(
        ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'NEW-OFFSET'],
        plan.partitions.map((p) => [plan.groupId, p.topic, p.partition, p.currentOffset, p.newOffset]),
      );
    if (!execute) io.stderr.write('dry run: nothing was committed; add --execute to commit these offsets\n');
  },
};

const remove: Command = {
  words: ['groups', 'delete'],
  summary: 'delete consumer groups without members, and their committed offsets',
  arguments: 'GROUP...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: {},
  examples: ['kafe groups delete old-billing'],
  async run({ positionals, output, kafka }) {
    const results = await kafka().admin().deleteConsumerGroups(positionals);
    const deleted = results.succeeded.map((s) => s.key);
    if (output.json) output.document(deleted.map((group) => ({ group, status: 'deleted' })));
    else output.lines(deleted.map((g) => `deleted group ${g}`));
    results.throwIfFailed();
  },
};

/** The group commands. */
export const groupCommands: readonly Command[] = [list, describe, lag, resetOffsets, remove];
