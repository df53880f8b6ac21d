/**
 * Records and offsets: deleteRecords and listOffsets (Java `Admin#deleteRecords`,
 * `#listOffsets`). Both go to each partition's leader, one request per leader broker carrying
 * all its partitions; a partition answered NOT_LEADER_OR_FOLLOWER (...) is asked again at its
 * new leader, alone, after a metadata refresh of its topic (`routers.ts`, `leaders`).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { groupByTopic, type TopicPartition } from '../cluster/topic-partition.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import { partitionProblem } from './partition-checks.js';
import type { AdminResults } from './results.js';
import { leaders } from './routers.js';

/** Records of a partition to delete: every record before `beforeOffset`. */
export interface RecordsToDelete extends TopicPartition {
  /** Records before this offset are deleted; `-1` deletes up to the high watermark. */
  beforeOffset: bigint | number;
}

/** Options of `Admin#deleteRecords`. */
export interface DeleteRecordsOptions extends CallOptions {}

/**
 * Which offset `listOffsets` looks up (Java `OffsetSpec`): the log start, the log end (the high
 * watermark, or the last stable offset with read_committed), the record with the largest
 * timestamp (KIP-734, ListOffsets v7+), the first offset of the local log and the end of the
 * tiered log (KIP-1005, v8 / v9+), or the first offset whose timestamp is at or after one.
 */
export type OffsetSpec =
  | 'earliest'
  | 'latest'
  | 'max-timestamp'
  | 'earliest-local'
  | 'latest-tiered'
  | { readonly timestamp: number | bigint };

/** A partition and the offset to look up in it. */
export interface OffsetQuery extends TopicPartition {
  spec: OffsetSpec;
}

/** An offset found (Java `ListOffsetsResultInfo`). */
export interface ListedOffset {
  /** `null` when no record matches (a timestamp after the last record, an empty log's max-timestamp). */
  offset: bigint | null;
  /** The record's timestamp for timestamp lookups, else -1. */
  timestamp: bigint;
  /** The leader epoch of the record found, -1 when unknown. */
  leaderEpoch: number;
}

/** Options of `Admin#listOffsets`. */
export interface ListOffsetsOptions extends CallOptions {
  /** `read_committed`: `latest` is the last stable offset (KIP-98). Default `read_uncommitted`. */
  isolationLevel?: 'read_uncommitted' | 'read_committed';
}

/** ListOffsets' special timestamps (Java `ListOffsetsRequest`) and the first version serving each. */
const SPECIAL: Record<Exclude<OffsetSpec, object>, { timestamp: bigint; since: number }> = {
  latest: { timestamp: -1n, since: 0 },
  earliest: { timestamp: -2n, since: 0 },
  'max-timestamp': { timestamp: -3n, since: 7 },
  'earliest-local': { timestamp: -4n, since: 8 },
  'latest-tiered': { timestamp: -5n, since: 9 },
};

const partitionName = (p: TopicPartition) => `${String(p?.topic)}/${String(p?.partition)}`;

/** Deletes records before an offset in partitions: each partition's new log start offset (low watermark) or its error. */
export function deleteRecords(
  cluster: Cluster,
  records: readonly RecordsToDelete[],
  options: DeleteRecordsOptions = {},
): Promise<AdminResults<RecordsToDelete, bigint>> {
  return fanOut(
    cluster,
    records,
    {
      api: 'DeleteRecords',
      kind: 'partition',
      nameOf: partitionName,
      check: (r) =>
        partitionProblem(r) ??
        (isOffset(r.beforeOffset)
          ? undefined
          : `beforeOffset ${String(r.beforeOffset)} is not an offset (>= 0, or -1)`),
      router: leaders(),
      request: (list, _version, remainingMs) => ({
        topics: groupByTopic(list).map(([name, partitions]) => ({
          name,
          partitions: partitions.map((p) => ({
            partitionIndex: p.partition,
            offset: BigInt(p.beforeOffset),
          })),
        })),
        timeoutMs: Math.max(1, Math.min(remainingMs, 60_000)),
      }),
      answers: (response) =>
        new Map(
          response.topics.flatMap((t) =>
            t.partitions.map((p) => [
              partitionName({ topic: t.name, partition: p.partitionIndex }),
              answerOf(p.errorCode, null, () => p.lowWatermark),
            ]),
          ),
        ),
    },
    { ...options, operation: 'deleteRecords' },
  );
}

/**
 * Looks up offsets in partitions (earliest, latest, by timestamp, max-timestamp, earliest-local,
 * latest-tiered): each partition's {@link ListedOffset} or its error. A spec the leader's version
 * of ListOffsets does not serve fails that partition with UNSUPPORTED_VERSION.
 */
export function listOffsets(
  cluster: Cluster,
  queries: readonly OffsetQuery[],
  options: ListOffsetsOptions = {},
): Promise<AdminResults<OffsetQuery, ListedOffset>> {
  const servable = (q: OffsetQuery, version: number) =>
    typeof q.spec === 'object' || SPECIAL[q.spec].since <= version;
  return fanOut(
    cluster,
    queries,
    {
      api: 'ListOffsets',
      kind: 'partition',
      nameOf: partitionName,
      check: (q) => partitionProblem(q) ?? specProblem(q.spec),
      router: leaders(),
      request: (list, version, remainingMs) => ({
        replicaId: -1,
        isolationLevel: options.isolationLevel === 'read_committed' ? 1 : 0,
        topics: groupByTopic(list.filter((q) => servable(q, version))).map(([name, partitions]) => ({
          name,
          partitions: partitions.map((q) => ({
            partitionIndex: q.partition,
            currentLeaderEpoch: -1,
            timestamp: typeof q.spec === 'object' ? BigInt(q.spec.timestamp) : SPECIAL[q.spec].timestamp,
          })),
        })),
        timeoutMs: Math.max(1, Math.min(remainingMs, 60_000)),
      }),
      answers: (response, list, version) => {
        const out = new Map<string, Answer<ListedOffset>>();
        for (const t of response.topics) {
          for (const p of t.partitions) {
            out.set(
              partitionName({ topic: t.name, partition: p.partitionIndex }),
              answerOf(p.errorCode, null, () => ({
                offset: p.offset < 0n ? null : p.offset,
                timestamp: p.timestamp,
                leaderEpoch: p.leaderEpoch,
              })),
            );
          }
        }
        for (const q of list) {
          if (servable(q, version)) continue;
          const spec = q.spec as Exclude<OffsetSpec, object>;
          out.set(partitionName(q), {
            error: new BrokerError(
              errorCodes.UNSUPPORTED_VERSION.code,
              `${spec} needs ListOffsets v${SPECIAL[spec].since}, the leader serves v${version}`,
            ),
          });
        }
        return out;
      },
    },
    { ...options, operation: 'listOffsets' },
  );
}

function isOffset(o: unknown): boolean {
  return (typeof o === 'bigint' && o >= -1n) || (typeof o === 'number' && Number.isSafeInteger(o) && o >= -1);
}

function specProblem(spec: OffsetSpec): string | undefined {
  if (typeof spec === 'string' && Object.hasOwn(SPECIAL, spec)) return undefined;
  if (typeof spec === 'object' && spec !== null) {
    const t = spec.timestamp;
    if ((typeof t === 'bigint' && t >= 0n) || (typeof t === 'number' && Number.isSafeInteger(t) && t >= 0))
      return undefined;
    return `timestamp ${String(t)} is not a time in ms (>= 0)`;
  }
  return `unknown offset spec ${JSON.stringify(spec)} (earliest, latest, max-timestamp, earliest-local, latest-tiered, { timestamp })`;
}
