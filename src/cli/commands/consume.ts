/** `kafe consume TOPIC...`: records to stdout, kcat-style, by partition assignment or as a group member. */
import type { Admin } from '../../admin/admin.js';
import type { OffsetSpec } from '../../admin/records.js';
import type { Consumer, PartitionAssignment } from '../../consumer/consumer.js';
import { type ConsumerBatch, type ConsumerRecord, consumerRecords } from '../../consumer/consumer-record.js';
import type { ConsumerOptions } from '../../consumer/options.js';
import { byteFormat, type PrintedBatch, printBatch } from '../byte-format.js';
import { UsageError } from '../cli-errors.js';
import type { Command, OptionValues } from '../command.js';
import {
  flag,
  integerOption,
  parseDuration,
  parseInteger,
  parseTimestamp,
  stringOption,
  stringsOption,
} from '../option-values.js';
import { compileFormat, type Decoding, decodings, parseFormat, recordJson } from '../record-format.js';

/** Where reading starts in each partition. */
type StartAt =
  | { readonly kind: 'spec'; readonly spec: OffsetSpec }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'from-end'; readonly count: bigint };

function startAt(values: OptionValues): StartAt {
  const from = stringOption(values, 'from');
  const at = stringOption(values, 'from-time');
  const since = stringOption(values, 'since');
  if ([from, at, since].filter((v) => v !== undefined).length > 1)
    throw new UsageError('give one of --from, --from-time, --since');
  if (at !== undefined) return { kind: 'spec', spec: { timestamp: parseTimestamp('--from-time', at) } };
  if (since !== undefined)
    return { kind: 'spec', spec: { timestamp: Date.now() - parseDuration('--since', since) } };
  if (from === undefined || from === 'earliest' || from === 'beginning')
    return { kind: 'spec', spec: 'earliest' };
  if (from === 'latest' || from === 'end') return { kind: 'spec', spec: 'latest' };
  if (from.startsWith('-'))
    return { kind: 'from-end', count: BigInt(parseInteger('--from', from.slice(1), { min: 1 })) };
  if (/^\d+$/.test(from)) return { kind: 'offset', offset: BigInt(from) };
  throw new UsageError(
    `--from expects earliest, latest, an offset or -N (N before the end), got ${JSON.stringify(from)}`,
  );
}

function decodingOf(values: OptionValues, name: string): Decoding {
  const value = stringOption(values, name) ?? 'text';
  if (!decodings.includes(value as Decoding))
    throw new UsageError(`--${name} expects ${decodings.join(', ')}, got ${JSON.stringify(value)}`);
  return value as Decoding;
}

const nameOf = (p: { topic: string; partition: number }) => `${p.topic}/${p.partition}`;

/** The partitions to read and the offset each starts at. */
async function assignments(
  admin: Admin,
  topics: readonly string[],
  only: readonly number[],
  start: StartAt,
  readCommitted: boolean,
): Promise<PartitionAssignment[]> {
  const described = (await admin.describeTopics(topics)).throwIfFailed();
  const partitions = topics.flatMap((topic) => {
    const all = described.get(topic).partitions.map((p) => p.partition);
    for (const p of only)
      if (!all.includes(p))
        throw new UsageError(`--partition ${p}: topic ${topic} has partitions 0 to ${all.length - 1}`);
    return (only.length > 0 ? only : all).map((partition) => ({ topic, partition }));
  });
  if (start.kind === 'offset') return partitions.map((p) => ({ ...p, offset: start.offset }));
  const isolationLevel = readCommitted ? 'read_committed' : 'read_uncommitted';
  const lookup = async (spec: OffsetSpec) =>
    (
      await admin.listOffsets(
        partitions.map((p) => ({ ...p, spec })),
        { isolationLevel },
      )
    ).throwIfFailed();
  if (start.kind === 'from-end') {
    const [first, end] = await Promise.all([lookup('earliest'), lookup('latest')]);
    return partitions.map((p) => {
      const low = first.get(nameOf(p)).offset ?? 0n;
      const high = end.get(nameOf(p)).offset ?? 0n;
      return { ...p, offset: high - start.count > low ? high - start.count : low };
    });
  }
  const found = await lookup(start.spec);
  // A time after the last record finds nothing: start at the end, as the Java consumer's offsetsForTimes users do.
  const end = typeof start.spec === 'object' ? await lookup('latest') : found;
  return partitions.map((p) => ({
    ...p,
    offset: found.get(nameOf(p)).offset ?? end.get(nameOf(p)).offset ?? 0n,
  }));
}

/** Prints the records of `batch` one by one as text, at most `limit` of them (the path of every format). */
function printRecords(
  batch: ConsumerBatch,
  print: (r: ConsumerRecord) => string,
  limit: number,
): PrintedBatch {
  let text = '';
  let printed = 0;
  for (const record of consumerRecords(batch)) {
    text += print(record);
    if (++printed === limit) return { bytes: Buffer.from(text), printed, stoppedAt: record.offset + 1n };
  }
  return { bytes: Buffer.from(text), printed };
}

/**
 * Whether every assigned partition has been read to the end its last fetch reported: its
 * position is there, or a batch printed ended at the high watermark it came with (`reached`,
 * known before the consumer counts the batch processed). Like kcat's `-e`, a partition that
 * reached its end once counts as done.
 */
function atEnd(consumer: Consumer, reached: ReadonlySet<string>): boolean {
  const lag = consumer.lag();
  return (
    lag.length > 0 &&
    lag.every((p) => reached.has(nameOf(p)) || (p.endOffset >= 0n && p.lag !== undefined && p.lag <= 0n))
  );
}

const consume: Command = {
  words: ['consume'],
  summary: 'print records of topics: from the start, the end, an offset, a time; kcat-style formats or JSON',
  arguments: 'TOPIC...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  description:
    'Without --group, reads every partition (or those of --partition) without committing. With --group,\n' +
    'joins the group, starts at its committed offsets (--from earliest|latest where it has none) and commits.\n' +
    'Format placeholders: %t topic, %p partition, %o offset, %T timestamp, %k key, %s value,\n' +
    '%K / %S key / value length, %h headers (k=v,...), %% a percent sign; escapes \\n \\t \\r \\\\.',
  options: {
    from: {
      type: 'string',
      short: 'o',
      value: 'WHERE',
      description: 'earliest (default), latest, an offset, or -N: N records before the end',
    },
    'from-time': {
      type: 'string',
      value: 'TIME',
      description: 'the first record at or after TIME (ms since the epoch or 2026-12-04T10:00:00Z)',
    },
    since: {
      type: 'string',
      value: 'DURATION',
      description: 'records of the last DURATION, e.g. 15m, 2h, 1d',
    },
    partition: {
      type: 'string',
      short: 'p',
      multiple: true,
      value: 'N',
      description: 'read only this partition',
    },
    group: {
      type: 'string',
      short: 'g',
      value: 'GROUP',
      description: 'consume as a member of this consumer group',
    },
    format: {
      type: 'string',
      short: 'f',
      value: 'FORMAT',
      description: 'how to print a record (default "%s\\n")',
    },
    decode: {
      type: 'string',
      short: 'd',
      value: 'AS',
      description: 'values as text (default), json, base64 or hex',
    },
    'key-decode': { type: 'string', value: 'AS', description: 'keys as text (default), json, base64 or hex' },
    count: { type: 'string', short: 'c', value: 'N', description: 'stop after N records' },
    exit: { type: 'boolean', short: 'e', description: 'stop at the end of every partition' },
    'read-committed': { type: 'boolean', description: 'skip records of aborted and open transactions' },
  },
  examples: [
    '# everything so far, then stop',
    'kafe consume events --exit',
    '# the last 10 records of partition 0, with keys and offsets',
    'kafe consume events -p 0 --from -10 -e -f "%p@%o %k=%s\\n"',
    '# the last hour as JSON lines',
    'kafe consume events --since 1h --exit --json | jq .value',
    '# as a group member, committing',
    'kafe consume events --group audit',
  ],
  async run({ values, positionals, io, output, kafka }) {
    const topics = [...new Set(positionals)];
    const start = startAt(values);
    const group = stringOption(values, 'group');
    const only = stringsOption(values, 'partition').map((p) => parseInteger('--partition', p, { min: 0 }));
    const count = integerOption(values, 'count', { min: 1 });
    const keyDecoding = decodingOf(values, 'key-decode');
    const valueDecoding = decodingOf(values, 'decode');
    const format = stringOption(values, 'format') ?? '%s\\n';
    const print = output.json
      ? (r: Parameters<typeof recordJson>[0]) => `${recordJson(r, keyDecoding, valueDecoding)}\n`
      : compileFormat(format, keyDecoding, valueDecoding);
    const asBytes = output.json ? undefined : byteFormat(parseFormat(format), keyDecoding, valueDecoding);
    const readCommitted = flag(values, 'read-committed');
    if (
      group !== undefined &&
      (only.length > 0 || (start.kind === 'spec' ? typeof start.spec === 'object' : true))
    )
      throw new UsageError(
        'with --group, the group decides partitions and offsets: only --from earliest|latest apply (kafe groups reset-offsets moves them)',
      );

    const client = kafka();
    const options: ConsumerOptions = {
      isolationLevel: readCommitted ? 'read_committed' : 'read_uncommitted',
      // A group's offsets are committed by hand: exactly past the records printed (--count may
      // stop in the middle of a fetched batch, which auto-commit would count whole or not at all).
      autoCommit: false,
      ...(group !== undefined
        ? {
            groupId: group,
            autoOffsetReset: start.kind === 'spec' && start.spec === 'latest' ? 'latest' : 'earliest',
          }
        : {}),
    };
    const consumer = client.consumer(options);
    if (group !== undefined) {
      (await client.admin().describeTopics(topics)).throwIfFailed();
      consumer.subscribe(topics);
    } else consumer.assign(await assignments(client.admin(), topics, only, start, readCommitted));

    const stop = new AbortController();
    const onInterrupt = () => stop.abort();
    io.signal.addEventListener('abort', onInterrupt, { once: true });
    // --exit: the end is what the last fetch of each partition reported; fetches answer empty
    // partitions too, so a check now and then sees a partition with nothing to read as done.
    const reached = new Set<string>();
    const endCheck = flag(values, 'exit')
      ? setInterval(() => atEnd(consumer, reached) && stop.abort(), 100)
      : undefined;
    const toCommit = new Map<string, { topic: string; partition: number; offset: bigint }>();
    const commit = async () => {
      const offsets = [...toCommit.values()];
      toCommit.clear();
      if (group !== undefined && offsets.length > 0) await consumer.commit(offsets);
    };
    // While following a topic, the group's offsets advance every few seconds, as auto-commit would.
    const commitTimer =
      group !== undefined ? setInterval(() => void commit().catch(() => {}), 5000) : undefined;
    let printed = 0;
    try {
      for await (const batch of consumer.batches({ signal: stop.signal })) {
        const limit = count === undefined ? Number.POSITIVE_INFINITY : count - printed;
        const out = asBytes ? printBatch(batch, asBytes, limit) : printRecords(batch, print, limit);
        printed += out.printed;
        if (out.bytes.length > 0) io.stdout.write(out.bytes);
        const next = out.stoppedAt ?? batch.nextOffset;
        toCommit.set(nameOf(batch), { topic: batch.topic, partition: batch.partition, offset: next });
        if (next >= batch.highWatermark) reached.add(nameOf(batch));
        if (printed === count || (endCheck !== undefined && atEnd(consumer, reached))) break;
      }
      await commit();
    } finally {
      clearInterval(endCheck);
      clearInterval(commitTimer);
      io.signal.removeEventListener('abort', onInterrupt);
      await consumer.close();
    }
  },
};

/** The consume command. */
export const consumeCommands: readonly Command[] = [consume];
