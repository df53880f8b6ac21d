/** `kafe produce TOPIC [FILE]`: records from lines, JSON lines or a raw file, from stdin or a file. */
import { readFile } from 'node:fs/promises';
import { BatchDeliveryError } from '../../producer/errors.js';
import type { CompressionName, ProducerOptions } from '../../producer/options.js';
import type { ProducerRecord } from '../../producer/record.js';
import { UsageError } from '../cli-errors.js';
import type { Command, OptionValues } from '../command.js';
import { flag, integerOption, keyValuePairs, stringOption, stringsOption } from '../option-values.js';
import type { Output } from '../output.js';
import { type InputFormat, inputFormats, parseInput } from '../produce-input.js';

function choice<T extends string>(values: OptionValues, name: string, allowed: readonly T[], fallback: T): T {
  const value = stringOption(values, name) ?? fallback;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} expects ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

const compressions: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

async function readInput(file: string | undefined, stdin: NodeJS.ReadableStream): Promise<Buffer> {
  if (file !== undefined && file !== '-') {
    try {
      return await readFile(file);
    } catch (error) {
      throw new UsageError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

const produce: Command = {
  words: ['produce'],
  summary: 'send records from stdin or a file: lines, KEY<sep>VALUE lines, JSON lines or one raw file',
  arguments: 'TOPIC [FILE]',
  positionals: { min: 1, max: 2 },
  description:
    'The input is read and checked whole before the first record is sent: a malformed line sends nothing.\n' +
    'JSON lines are objects {"key", "value", "headers": {...}, "partition", "timestamp"}; a value or key\n' +
    'that is not a string is sent as its JSON text, null as null (a tombstone). Without --verbose,\n' +
    'nothing is printed (with --json, one line per record); the exit code says whether every record was acknowledged.',
  options: {
    input: {
      type: 'string',
      short: 'i',
      value: 'FORMAT',
      description: 'lines (default), json (one object per line) or raw (the whole input is one value)',
    },
    'key-separator': {
      type: 'string',
      short: 'K',
      value: 'SEP',
      description: 'lines are KEY<SEP>VALUE (split at the first SEP)',
    },
    key: { type: 'string', short: 'k', value: 'KEY', description: 'the key of every record' },
    header: {
      type: 'string',
      short: 'H',
      multiple: true,
      value: 'KEY=VALUE',
      description: 'a header on every record',
    },
    partition: { type: 'string', short: 'p', value: 'N', description: 'send every record to this partition' },
    compression: {
      type: 'string',
      short: 'z',
      value: 'CODEC',
      description: 'none (default), gzip, snappy, lz4 or zstd',
    },
    acks: { type: 'string', short: 'a', value: 'ACKS', description: 'all (default, idempotent), 1 or 0' },
    'transactional-id': {
      type: 'string',
      value: 'ID',
      description: 'send all records in one transaction under this id',
    },
    verbose: {
      type: 'boolean',
      short: 'v',
      description: 'print where each record landed: topic, partition, offset',
    },
  },
  examples: [
    '# one record per line',
    'printf "a\\nb\\n" | kafe produce events',
    '# keyed lines, a header, lz4',
    'printf "user-1:signed up\\n" | kafe produce events -K : -H source=cli -z lz4 --verbose',
    '# JSON lines from a file',
    'kafe produce events records.jsonl --input json',
    '# a whole file as one record',
    'kafe produce images photo.jpg --input raw --key photo-1',
  ],
  async run({ values, positionals, io, output, kafka, timeoutMs }) {
    const topic = positionals[0]!;
    const format = choice<InputFormat>(values, 'input', inputFormats, 'lines');
    const compression = choice<CompressionName>(values, 'compression', compressions, 'none');
    const acks = choice(values, 'acks', ['all', '1', '0'], 'all');
    const partition = integerOption(values, 'partition', { min: 0 });
    const keySeparator = stringOption(values, 'key-separator');
    if (keySeparator !== undefined && (format !== 'lines' || keySeparator === ''))
      throw new UsageError('--key-separator needs --input lines and a non-empty separator');
    const fixedKey = stringOption(values, 'key');
    const headers = keyValuePairs('--header', stringsOption(values, 'header'));
    const transactionalId = stringOption(values, 'transactional-id');
    if (transactionalId !== undefined && acks !== 'all')
      throw new UsageError('--transactional-id needs --acks all');

    const data = await readInput(positionals[1], io.stdin);
    const parsed = parseInput(data, format, keySeparator, positionals[1] ?? 'stdin');
    const records: ProducerRecord[] = parsed.map((r) => ({
      ...r,
      topic,
      ...(fixedKey !== undefined && r.key === undefined ? { key: fixedKey } : {}),
      ...(partition !== undefined ? { partition } : {}),
      ...(headers.length > 0
        ? { headers: [...headers.map(([key, value]) => ({ key, value })), ...headerList(r.headers)] }
        : {}),
    }));

    const client = kafka();
    // The topic must exist: a clear "does not exist" (exit 3) rather than a wait for metadata.
    const described = (await client.admin().describeTopics([topic])).get(topic);
    if (partition !== undefined && partition >= described.partitions.length)
      throw new UsageError(
        `--partition ${partition}: topic ${topic} has partitions 0 to ${described.partitions.length - 1}`,
      );
    const options: ProducerOptions = {
      compression,
      acks: acks === 'all' ? 'all' : (Number(acks) as 0 | 1),
      idempotent: acks === 'all',
      allowAutoTopicCreation: false,
      deliveryTimeoutMs: Math.max(timeoutMs, 1000),
      ...(transactionalId !== undefined ? { transactionalId } : {}),
    };
    const producer = client.producer(options);
    let partitions: ArrayLike<number>;
    let offsets: ArrayLike<number>;
    try {
      if (transactionalId !== undefined) {
        await producer.initTransactions();
        const report = await producer.transaction((tx) => tx.sendBatch(records));
        ({ partitions, offsets } = report);
      } else ({ partitions, offsets } = await producer.sendBatch(records));
    } catch (error) {
      if (!(error instanceof BatchDeliveryError)) throw error;
      if (flag(values, 'verbose') || output.json)
        printLanded(output, topic, error.report.partitions, error.report.offsets);
      // One cause for all (a missing topic, a refusal): that error, with its code.
      const first = error.failures[0]?.error;
      throw error.failures.every(
        (f) => (f.error as { code?: string }).code === (first as { code?: string })?.code,
      )
        ? first
        : error;
    }
    if (flag(values, 'verbose') || output.json) printLanded(output, topic, partitions, offsets);
  },
};

function headerList(headers: ProducerRecord['headers']): { key: string; value: ProducerRecord['value'] }[] {
  if (headers === undefined) return [];
  return Array.isArray(headers)
    ? [...headers]
    : Object.entries(headers).map(([key, value]) => ({ key, value }));
}

function printLanded(
  output: Output,
  topic: string,
  partitions: ArrayLike<number>,
  offsets: ArrayLike<number>,
): void {
  const rows = Array.from({ length: partitions.length }, (_, i) => ({
    topic,
    partition: partitions[i]!,
    offset: offsets[i]!,
  }));
  if (output.json) output.lines(rows.map((r) => JSON.stringify(r)));
  else
    output.lines(
      rows.map((r) =>
        r.offset < 0 ? `${r.topic} [${r.partition}] failed` : `${r.topic} [${r.partition}] @ ${r.offset}`,
      ),
    );
}

/** The produce command. */
export const produceCommands: readonly Command[] = [produce];
