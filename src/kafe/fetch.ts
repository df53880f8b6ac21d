/**
 * The seed's `fetch(ReplicaId, Topic, Options)`: one FetchRequest for one partition, sent to its
 * leader outside any fetch session (sessionId 0, epoch -1: a full fetch, KIP-227), read
 * uncommitted. With no partition it reads the partition with the highest log-end offset; with
 * no offset, the last message of it (the seed's defaults).
 */
import type { Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { FetchRequestInput } from '../protocol/messages/fetch.js';
import { decodeRecordBatchesAsync } from '../protocol/records/decode-record-batch.js';
import { recordOffset, recordTimestamp } from '../protocol/records/record-batch.js';
import { checkInt64, checkPartition, checkPositive, checkTopic } from './arguments.js';
import { errorName } from './error-names.js';
import { listOffsets, OffsetTime } from './list-offsets.js';
import { retriablePartitionError } from './retriable-partition-error.js';
import { topicInfo } from './topic-partitions.js';
import type { KafeFetchedMessage, KafeFetchOptions, KafeFetchResult } from './types.js';

/** Seed defaults of `fetch`. */
export const fetchDefaults = { maxBytes: 1024 * 1024, minBytes: 1, maxWaitTime: 100 } as const;

/** Reads `topic` as the seed's `fetch` did (see {@link KafeFetchOptions} for the defaults). */
export async function fetch(
  cluster: Cluster,
  topic: string,
  options: KafeFetchOptions = {},
): Promise<KafeFetchResult> {
  checkTopic(topic);
  const maxBytes = checkPositive(options.maxBytes, 'maxBytes', fetchDefaults.maxBytes);
  const minBytes = checkPositive(options.minBytes, 'minBytes', fetchDefaults.minBytes, 0);
  const maxWaitMs = checkPositive(options.maxWaitTime, 'maxWaitTime', fetchDefaults.maxWaitTime, 0);
  let partition = options.partition === undefined ? undefined : checkPartition(options.partition);
  let offset = options.offset === undefined ? undefined : checkInt64(options.offset, 'offset');
  if (offset !== undefined && offset < 0n)
    throw new InvalidArgumentError(`offset: expected >= 0, got ${offset}`);
  const call = { timeoutMs: cluster.defaultTimeoutMs };
  const info = await topicInfo(cluster, topic, partition, call);

  if (partition === undefined || offset === undefined) {
    const candidates = partition === undefined ? info.partitions.map((p) => p.partition) : [partition];
    const ends = await listOffsets(
      cluster,
      candidates.map((p) => ({ topic, partition: p, time: OffsetTime.latest })),
      call,
    );
    // Highest log-end offset; the lowest partition on a tie (the seed sorted the same way).
    let best = ends[0]!;
    for (const e of ends) if (e.offset > best.offset) best = e;
    partition ??= best.partition;
    offset ??= best.offset > 0n ? best.offset - 1n : 0n;
  }
  const fetchOffset = offset;
  const at = partition;

  const response = await cluster.send(
    'Fetch',
    (version): FetchRequestInput => ({
      maxWaitMs,
      minBytes,
      maxBytes,
      topics: [
        {
          // Fetch v13 (KIP-516) names topics by id only.
          ...(version >= 13 ? { topicId: info.topicId } : { topic }),
          partitions: [{ partition: at, fetchOffset, partitionMaxBytes: maxBytes }],
        },
      ],
    }),
    {
      ...call,
      to: { topic, partition: at },
      errorOf: (r) =>
        errorForCode(r.errorCode) ??
        retriablePartitionError(
          r.responses.flatMap((t) => t.partitions.map((p) => p.errorCode)),
          `Fetch ${topic}/${at}`,
        ),
    },
  );

  const topics = await Promise.all(
    response.responses.map(async (t) => ({
      name: t.topic !== '' ? t.topic : topic,
      partitions: await Promise.all(
        t.partitions.map(async (p) => ({
          partition: p.partitionIndex,
          errorCode: errorName(p.errorCode),
          highWatermarkOffset: p.highWatermark,
          messages: p.records === null ? [] : await messagesOf(p.records, fetchOffset),
        })),
      ),
    })),
  );
  return { throttleTime: response.throttleTimeMs, topics };
}

/** The data messages of a partition's records from `from` on (a batch may start before it; control batches are skipped). */
async function messagesOf(records: Uint8Array, from: bigint): Promise<KafeFetchedMessage[]> {
  const { batches } = await decodeRecordBatchesAsync(records);
  const out: KafeFetchedMessage[] = [];
  for (const batch of batches) {
    if (batch.isControl) continue;
    for (const record of batch.records) {
      const offset = recordOffset(batch, record);
      if (offset < from) continue;
      out.push({
        offset,
        key: record.key,
        value: record.value,
        timestamp: recordTimestamp(batch, record),
        crc: batch.crc,
        attributes: batch.attributes,
        magicByte: batch.magic,
        headers: record.headers,
      });
    }
  }
  return out;
}
