/** `kafe produce TOPIC [FILE]`: records from lines, JSON lines or a raw file, from stdin or a file. */
import { open } from 'node:fs/promises';
import { addAbortSignal, Readable } from 'node:stream';
import type { DeliveryReport } from '../../producer/delivery-report.js';
import { BatchDeliveryError } from '../../producer/errors.js';
import {
  type CompressionName,
  type ProducerOptions,
  resolveProducerOptions,
} from '../../producer/options.js';
import type { ProducerRecord } from '../../producer/record.js';
import { UsageError } from '../cli-errors.js';
import type { Command, OptionValues } from '../command.js';
import { flag, integerOption, keyValuePairs, stringOption, stringsOption } from '../option-values.js';
import type { Output } from '../output.js';
import {
  type InputFormat,
  InputReader,
  type InputRecord,
  InvalidInputError,
  inputFormats,
} from '../produce-input.js';
import { type ProduceCounts, produceStream } from '../produce-stream.js';
import { groupedDigits, ProgressLine } from '../progress-line.js';

function choice<T extends string>(values: OptionValues, name: string, allowed: readonly T[], fallback: T): T {
  const value = stringOption(values, name) ?? fallback;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} expects ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

const compressions: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Input bytes sent and not yet acknowledged beyond which reading waits: a quarter of the producer's buffer. */
const maxPendingBytes = 8 * 1024 * 1024;

/**
 * The input: the file, opened now so that a missing one is a usage error before any connection,
 * or stdin. Ctrl-C destroys it (`addAbortSignal`): a read waiting for a terminal's next line
 * would otherwise keep the command from stopping.
 */
async function openInput(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
  signal: AbortSignal,
): Promise<AsyncIterable<Buffer>> {
  if (file === undefined || file === '-')
    return stdin instanceof Readable ? addAbortSignal(signal, stdin) : (stdin as AsyncIterable<Buffer>);
  try {
    // 1 MiB reads: each read is a thread-pool round trip, and with the default 64 KiB the
    // command waited on them for half its time (1,000,000 lines of 100 B: 1,600 reads).
    return addAbortSignal(signal, (await open(file)).createReadStream({ highWaterMark: 1 << 20 }));
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

const produce: Command = {
  words: ['produce'],
  summary: 'send records from stdin or a file: lines, KEY<sep>VALUE lines, JSON lines or one raw file',
  arguments: 'TOPIC [FILE]',
  positionals: { min: 1, max: 2 },
  description:
    'Records are sent as the input arrives (`tail -f log | kafe produce logs` sends each line as it is\n' +
    'written); reading waits while 8 MiB of input is unacknowledged, so memory stays flat.\n' +
    'A malformed line stops the command (exit 1, the line named): the records of the lines before it\n' +
    'are sent and acknowledged, nothing from it on; with --transactional-id the transaction is aborted,\n' +
    'so read_committed consumers see none of them. A progress line is drawn on stderr when it is a terminal.\n' +
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
      description: 'send all records in one transaction under this id, committed at the end of the input',
    },
    rate: { type: 'string', short: 'r', value: 'N', description: 'send at most N records per second' },
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
    '# a log as it grows, 100 lines a second at most',
    'tail -f app.log | kafe produce logs --rate 100',
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
    const source = positionals[1] === undefined || positionals[1] === '-' ? 'stdin' : positionals[1];
    if (transactionalId !== undefined && acks !== 'all')
      throw new UsageError('--transactional-id needs --acks all');

    const rate = integerOption(values, 'rate', { min: 1 });
    const input = await openInput(positionals[1], io.stdin, io.signal);
    const extraHeaders = headers.map(([key, value]) => ({ key, value }));
    // One object shape for every record: profiled on 1,000,000 lines, spreading each input record
    // into a new object (a shape per combination of fields) cost more than reading the lines.
    const toRecord = (r: InputRecord): ProducerRecord => ({
      topic,
      key: r.key === undefined ? fixedKey : r.key,
      value: r.value,
      headers: extraHeaders.length > 0 ? [...extraHeaders, ...headerList(r.headers)] : r.headers,
      partition: partition ?? r.partition,
      timestamp: r.timestamp,
    });

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
    const counts: ProduceCounts = { sent: 0, acknowledged: 0, failed: 0 };
    const progress = new ProgressLine(io.stderr, (seconds) => progressText(topic, counts, seconds));
    const verbose = flag(values, 'verbose') || output.json;
    // A raw input is one record: past the largest request it is refused while reading, not buffered whole.
    const { maxRequestSize } = resolveProducerOptions(options);
    const reader = new InputReader(format, keySeparator, source, maxRequestSize);
    const stream = () =>
      produceStream(input, reader, counts, {
        toRecord,
        send: (records) => producer.sendBatch(records),
        maxPendingBytes,
        ...(rate !== undefined ? { rate } : {}),
        ...(verbose ? { onLanded: (report: DeliveryReport) => printLanded(output, topic, report) } : {}),
        signal: io.signal,
      });
    try {
      if (transactionalId === undefined) await stream();
      else {
        await producer.initTransactions();
        await producer.transaction(stream);
      }
    } catch (error) {
      if (error instanceof InvalidInputError && transactionalId !== undefined)
        throw new InvalidInputError(`${error.message}; the transaction was aborted, so none is visible`);
      if (!(error instanceof BatchDeliveryError)) throw error;
      // One cause for all (a missing topic, a refusal): that error, with its code.
      const first = error.failures[0]?.error;
      throw error.failures.every(
        (f) => (f.error as { code?: string }).code === (first as { code?: string })?.code,
      )
        ? first
        : error;
    } finally {
      progress.finish();
    }
  },
};

/** The progress line: what was acknowledged, how fast, what is in flight or failed. */
function progressText(topic: string, counts: ProduceCounts, seconds: number): string {
  const inFlight = counts.sent - counts.acknowledged - counts.failed;
  const perSecond = seconds > 0 ? counts.acknowledged / seconds : 0;
  return (
    `${topic}: ${groupedDigits(counts.acknowledged)} acknowledged (${groupedDigits(perSecond)}/s)` +
    (inFlight > 0 ? `, ${groupedDigits(inFlight)} in flight` : '') +
    (counts.failed > 0 ? `, ${groupedDigits(counts.failed)} failed` : '')
  );
}

function headerList(headers: ProducerRecord['headers']): { key: string; value: ProducerRecord['value'] }[] {
  if (headers === undefined) return [];
  return Array.isArray(headers)
    ? [...headers]
    : Object.entries(headers).map(([key, value]) => ({ key, value }));
}

function printLanded(output: Output, topic: string, report: DeliveryReport): void {
  const { partitions, offsets } = report;
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
