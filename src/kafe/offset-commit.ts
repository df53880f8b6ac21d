/**
 * The seed's three `offset_commit` forms, each carrying exactly its own fields:
 * - v0 `(group, topics)`: offsets and metadata, no group membership ("simple commit").
 * - v1 `(group, generationId, memberId, topics)`: plus a per-partition commit timestamp.
 * - v2 `(group, generationId, memberId, retentionTime, topics)`: plus a retention time.
 *
 * Each is sent at its own version when the broker accepts it, else at the lowest version the
 * broker accepts that carries its fields (Kafka 4.0 removed OffsetCommit v0-1, KIP-896: v0 and
 * v1 commits go out as v2 there, and v1's per-partition timestamp, which no later version
 * carries, is dropped: the broker stamps the commit itself). A v0 commit that a broker refuses
 * with UNSUPPORTED_VERSION on every partition — a KRaft 3.x broker does: v0 wrote to ZooKeeper
 * ("Unsupported when using a Raft-based metadata quorum: Version 0 offset commit requests") —
 * is sent again as v1 with generation -1 and no member id: the simple-commit form of v1, which
 * stores the same fields in Kafka's `__consumer_offsets` (Java's `KafkaConsumer.commitSync`
 * outside a group sends exactly that).
 */
import type { Cluster } from '../cluster/cluster.js';
import type { Connection } from '../net/connection.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { apiKeys } from '../protocol/messages/index.js';
import type { OffsetCommitRequestInput, OffsetCommitResponse } from '../protocol/messages/offset-commit.js';
import { checkGroup, checkInt64, checkPartition } from './arguments.js';
import { errorName } from './error-names.js';
import { retriablePartitionError } from './retriable-partition-error.js';
import type {
  KafeCommitPartition,
  KafeCommitPartitionV1,
  KafeCommitTopics,
  KafeOffsetCommitResult,
} from './types.js';

/** A commit in one of the seed's forms, normalised. */
export interface CommitForm {
  /** The seed form: 0, 1 or 2 (what the caller asked for, and the version sent when accepted). */
  readonly version: 0 | 1 | 2;
  readonly group: string;
  readonly generationId: number;
  readonly memberId: string;
  /** Retention in ms (v2 form), -1 for the broker's `offsets.retention.minutes`. */
  readonly retentionTime: bigint;
  readonly topics: KafeCommitTopics<KafeCommitPartitionV1>;
}

const OFFSET_COMMIT = apiKeys.OffsetCommit.key;
/** Last OffsetCommit version that names topics (v10 names them by id, KIP-848). */
const LAST_BY_NAME = 9;

/**
 * The lowest OffsetCommit version, from `wanted` up, that both kafe and the broker behind
 * `connection` support (every version from `wanted` up carries the fields of form `wanted`,
 * except v1's commit timestamp).
 */
export function lowestCommitVersion(connection: Connection, wanted: number): number {
  for (let v = wanted; v <= LAST_BY_NAME; v++) if (connection.negotiated.supports(OFFSET_COMMIT, v)) return v;
  throw connection.negotiated.unsupported(OFFSET_COMMIT, connection.broker, wanted);
}

/**
 * Commits `form` at the version chosen as the module comment says. The version actually sent
 * is visible on the `kafe:net:request` diagnostics channel (`api` 'OffsetCommit', `version`).
 */
export async function offsetCommit(cluster: Cluster, form: CommitForm): Promise<KafeOffsetCommitResult[]> {
  checkGroup(form.group);
  const topics = form.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => normalise(p, t.name)),
  }));
  const send = async (wanted: number, f: CommitForm) => {
    let sent = -1;
    const response = await cluster.send('OffsetCommit', (version) => request(f, topics, version), {
      to: { group: f.group },
      version: (connection) => {
        sent = lowestCommitVersion(connection, wanted);
        return sent;
      },
      errorOf: (r) => retriablePartitionError(codes(r), `OffsetCommit ${f.group}`),
    });
    return { response, sent };
  };
  let { response, sent } = await send(form.version, form);
  const all = codes(response);
  if (sent === 0 && all.length > 0 && all.every((c) => c === errorCodes.UNSUPPORTED_VERSION.code)) {
    ({ response } = await send(1, { ...form, generationId: -1, memberId: '' }));
  }
  return response.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, errorCode: errorName(p.errorCode) })),
  }));
}

interface Normalised {
  readonly partition: number;
  readonly offset: bigint;
  readonly metadata: string | null;
  readonly timestamp: bigint;
}

function normalise(p: KafeCommitPartition & { timestamp?: bigint | number }, topic: string): Normalised {
  return {
    partition: checkPartition(p.partition, `${topic} partition`),
    offset: checkInt64(p.offset, `${topic}/${p.partition} offset`),
    metadata: p.metadata ?? null,
    timestamp: p.timestamp === undefined ? -1n : checkInt64(p.timestamp, `${topic}/${p.partition} timestamp`),
  };
}

function request(
  form: CommitForm,
  topics: readonly { name: string; partitions: readonly Normalised[] }[],
  version: number,
): OffsetCommitRequestInput {
  return {
    groupId: form.group,
    // Fields a version does not have are left out (the encoder refuses non-defaults there).
    ...(version >= 1 ? { generationIdOrMemberEpoch: form.generationId, memberId: form.memberId } : {}),
    ...(version >= 2 && version <= 4 ? { retentionTimeMs: form.retentionTime } : {}),
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partition,
        committedOffset: p.offset,
        committedMetadata: p.metadata,
        ...(version === 1 ? { commitTimestamp: p.timestamp } : {}),
      })),
    })),
  };
}

function codes(r: OffsetCommitResponse): number[] {
  return r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
}
