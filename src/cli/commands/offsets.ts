/** `kafe offsets TOPIC...` (earliest, latest, by time) and `kafe records delete TOPIC`. */

import type { Admin } from '../../admin/admin.js';
import type { OffsetSpec } from '../../admin/records.js';
import { UsageError } from '../cli-errors.js';
import type { Command, OptionValues } from '../command.js';
import { parseInteger, parseTimestamp, stringOption, stringsOption } from '../option-values.js';

async function partitionsOf(admin: Admin, topics: readonly string[], values: OptionValues) {
  const only = stringsOption(values, 'partition').map((p) => parseInteger('--partition', p, { min: 0 }));
  const described = (await admin.describeTopics(topics)).throwIfFailed();
  return topics.flatMap((topic) => {
    const all = described.get(topic).partitions.map((p) => p.partition);
    return (only.length > 0 ? only : all).map((partition) => ({ topic, partition }));
  });
}

function specOf(text: string | undefined): OffsetSpec {
  if (text === undefined || text === 'latest') return 'latest';
  if (text === 'earliest' || text === 'max-timestamp') return text;
  return { timestamp: parseTimestamp('--time', text) };
}

const partitionOption = {
  type: 'string',
  short: 'p',
  multiple: true,
  value: 'N',
  description: 'only this partition',
} as const;

const offsets: Command = {
  words: ['offsets'],
  summary: 'offsets of partitions: earliest, latest, max-timestamp or the first at a time',
  arguments: 'TOPIC...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: {
    time: {
      type: 'string',
      short: 't',
      value: 'WHEN',
      description: 'latest (default), earliest, max-timestamp, or a time (ms or 2026-12-04T10:00:00Z)',
    },
    partition: partitionOption,
    'read-committed': { type: 'boolean', description: 'latest is the last stable offset' },
  },
  examples: [
    'kafe offsets orders',
    'kafe offsets orders --time earliest -p 0',
    'kafe offsets orders --time 2026-12-04T09:00:00Z --json',
  ],
  async run({ values, positionals, output, kafka }) {
    const admin = kafka().admin();
    const spec = specOf(stringOption(values, 'time'));
    const partitions = await partitionsOf(admin, [...new Set(positionals)], values);
    const results = await admin.listOffsets(
      partitions.map((p) => ({ ...p, spec })),
      { isolationLevel: values['read-committed'] === true ? 'read_committed' : 'read_uncommitted' },
    );
    const rows = [...results].map((o) => {
      const [topic, partition] = [
        o.name.slice(0, o.name.lastIndexOf('/')),
        Number(o.name.slice(o.name.lastIndexOf('/') + 1)),
      ];
      return {
        topic,
        partition,
        offset: o.value?.offset ?? null,
        timestamp: o.value && o.value.timestamp >= 0n ? o.value.timestamp : null,
      };
    });
    if (output.json) output.document(rows);
    else
      output.table(
        ['TOPIC', 'PARTITION', 'OFFSET', 'TIMESTAMP'],
        rows.map((r) => [r.topic, r.partition, r.offset, r.timestamp]),
      );
    results.throwIfFailed();
  },
};

const deleteRecords: Command = {
  words: ['records', 'delete'],
  summary: 'delete the records of partitions before an offset (moves their log start)',
  arguments: 'TOPIC',
  positionals: { min: 1, max: 1 },
  options: {
    before: {
      type: 'string',
      value: 'OFFSET',
      description: 'delete records before OFFSET, or "latest" for all of them (required)',
    },
    partition: partitionOption,
  },
  examples: ['kafe records delete orders -p 0 --before 1000', 'kafe records delete scratch --before latest'],
  async run({ values, positionals, output, kafka }) {
    const before = stringOption(values, 'before');
    if (before === undefined)
      throw new UsageError('records delete: give --before OFFSET (or --before latest)');
    const offset = before === 'latest' ? -1n : BigInt(parseInteger('--before', before, { min: 0 }));
    const admin = kafka().admin();
    const partitions = await partitionsOf(admin, positionals, values);
    const results = await admin.deleteRecords(partitions.map((p) => ({ ...p, beforeOffset: offset })));
    const rows = results.succeeded.map((s) => ({
      topic: s.key.topic,
      partition: s.key.partition,
      logStartOffset: s.value,
    }));
    if (output.json) output.document(rows);
    else
      output.table(
        ['TOPIC', 'PARTITION', 'LOG-START-OFFSET'],
        rows.map((r) => [r.topic, r.partition, r.logStartOffset]),
      );
    results.throwIfFailed();
  },
};

/** The offsets and records commands. */
export const offsetCommands: readonly Command[] = [offsets, deleteRecords];
