/**
 * Log directories: describeLogDirs, describeReplicaLogDirs and alterReplicaLogDirs (Java
 * `Admin#describeLogDirs`, `#describeReplicaLogDirs`, `#alterReplicaLogDirs`, KIP-113). Each
 * broker answers about its own directories, so each goes to the broker it names (`brokers`
 * router), all brokers in parallel.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { groupByTopic, type TopicPartition } from '../cluster/topic-partition.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { KafeError } from '../protocol/errors.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import { partitionProblem } from './partition-checks.js';
import type { AdminResults } from './results.js';
import { brokers } from './routers.js';

/** A replica held in a log directory. */
export interface ReplicaInfo extends TopicPartition {
  /** Bytes on disk. */
  size: bigint;
  /** How far the replica is behind its leader's log end (or, for a future replica, the current one's). */
  offsetLag: bigint;
  /** Whether it is the future replica of a move between directories (KIP-113). */
  isFuture: boolean;
}

/** One log directory of a broker. */
export interface LogDirDescription {
  path: string;
  /** The directory's error (KAFKA_STORAGE_ERROR for an offline one), or `undefined`. */
  error: KafeError | undefined;
  replicas: ReplicaInfo[];
  /** Size of the volume, bytes (DescribeLogDirs v4+, KIP-827), else -1. */
  totalBytes: bigint;
  /** Free bytes of the volume (v4+), else -1. */
  usableBytes: bigint;
}

/** A replica: a partition on one broker. */
export interface Replica extends TopicPartition {
  broker: number;
}

/** Where a replica's log is, and where it is moving (Java `ReplicaLogDirInfo`). */
export interface ReplicaLogDir {
  /** The directory of the current log, or `null` when the broker does not hold the replica. */
  currentLogDir: string | null;
  currentOffsetLag: bigint;
  /** The directory the replica is moving to, or `null`. */
  futureLogDir: string | null;
  futureOffsetLag: bigint;
}

/** A replica to move to another log directory of its broker. */
export interface ReplicaMove extends Replica {
  /** The destination directory, an absolute path among the broker's `log.dirs`. */
  logDir: string;
}

const replicaName = (r: Replica) => `${String(r?.topic)}/${String(r?.partition)}@${String(r?.broker)}`;

/** Describes the log directories of brokers: each broker's directories or its error. */
export function describeLogDirs(
  cluster: Cluster,
  brokerIds: readonly number[],
  options: CallOptions = {},
): Promise<AdminResults<number, LogDirDescription[]>> {
  return fanOut(
    cluster,
    brokerIds,
    {
      api: 'DescribeLogDirs',
      kind: 'broker',
      nameOf: (b) => String(b),
      check: (b) => (Number.isInteger(b) && b >= 0 ? undefined : `${String(b)} is not a broker id`),
      router: brokers((b) => b),
      request: () => ({ topics: null }),
      answers: (response, list) => {
        const value = () =>
          response.results.map(
            (d): LogDirDescription => ({
              path: d.logDir,
              error: errorForCode(d.errorCode),
              replicas: d.topics.flatMap((t) =>
                t.partitions.map((p) => ({
                  topic: t.name,
                  partition: p.partitionIndex,
                  size: p.partitionSize,
                  offsetLag: p.offsetLag,
                  isFuture: p.isFutureKey,
                })),
              ),
              totalBytes: d.totalBytes,
              usableBytes: d.usableBytes,
            }),
          );
        return new Map(list.map((b) => [String(b), answerOf(response.errorCode, null, value)]));
      },
    },
    { ...options, operation: 'describeLogDirs' },
  );
}

/** Where replicas' logs are: each replica's {@link ReplicaLogDir} or its error. */
export function describeReplicaLogDirs(
  cluster: Cluster,
  replicas: readonly Replica[],
  options: CallOptions = {},
): Promise<AdminResults<Replica, ReplicaLogDir>> {
  return fanOut(
    cluster,
    replicas,
    {
      api: 'DescribeLogDirs',
      kind: 'replica',
      nameOf: replicaName,
      check: replicaProblem,
      router: brokers((r) => r.broker),
      request: (list) => ({
        topics: groupByTopic(list).map(([topic, ps]) => ({ topic, partitions: ps.map((p) => p.partition) })),
      }),
      answers: (response, list) => {
        const top = errorForCode(response.errorCode);
        const out = new Map<string, Answer<ReplicaLogDir>>();
        for (const r of list) {
          if (top !== undefined) {
            out.set(replicaName(r), { error: top });
            continue;
          }
          const info: ReplicaLogDir = {
            currentLogDir: null,
            currentOffsetLag: -1n,
            futureLogDir: null,
            futureOffsetLag: -1n,
          };
          for (const d of response.results) {
            const p = d.topics
              .find((t) => t.name === r.topic)
              ?.partitions.find((x) => x.partitionIndex === r.partition);
            if (p === undefined) continue;
            if (p.isFutureKey) {
              info.futureLogDir = d.logDir;
              info.futureOffsetLag = p.offsetLag;
            } else {
              info.currentLogDir = d.logDir;
              info.currentOffsetLag = p.offsetLag;
            }
          }
          out.set(replicaName(r), { value: info });
        }
        return out;
      },
    },
    { ...options, operation: 'describeReplicaLogDirs' },
  );
}

/**
 * Moves replicas between the log directories of their brokers (the broker copies the log, then
 * swaps; follow it with {@link describeReplicaLogDirs}). A partition that does not exist fails
 * UNKNOWN_TOPIC_OR_PARTITION, a directory the broker does not have LOG_DIR_NOT_FOUND.
 */
export function alterReplicaLogDirs(
  cluster: Cluster,
  moves: readonly ReplicaMove[],
  options: CallOptions = {},
): Promise<AdminResults<ReplicaMove, void>> {
  return fanOut(
    cluster,
    moves,
    {
      api: 'AlterReplicaLogDirs',
      kind: 'replica',
      nameOf: replicaName,
      check: (m) =>
        replicaProblem(m) ??
        (typeof m.logDir === 'string' && m.logDir.startsWith('/')
          ? undefined
          : `logDir ${JSON.stringify(m.logDir)} is not an absolute path`),
      router: brokers((m) => m.broker),
      request: (list) => {
        const byDir = new Map<string, ReplicaMove[]>();
        for (const m of list) byDir.set(m.logDir, [...(byDir.get(m.logDir) ?? []), m]);
        return {
          dirs: [...byDir].map(([path, ms]) => ({
            path,
            topics: groupByTopic(ms).map(([name, ps]) => ({ name, partitions: ps.map((p) => p.partition) })),
          })),
        };
      },
      answers: (response, list) => {
        const node = list[0]?.broker ?? -1;
        const out = new Map<string, Answer<void>>();
        for (const t of response.results) {
          for (const p of t.partitions) {
            out.set(
              replicaName({ topic: t.topicName, partition: p.partitionIndex, broker: node }),
              answerOf(p.errorCode, null, () => undefined),
            );
          }
        }
        return out;
      },
    },
    { ...options, operation: 'alterReplicaLogDirs' },
  );
}

function replicaProblem(r: Replica): string | undefined {
  if (typeof r !== 'object' || r === null) return `${JSON.stringify(r)} is not a replica`;
  if (!Number.isInteger(r.broker) || r.broker < 0) return `broker ${String(r.broker)} is not a broker id`;
  return partitionProblem(r);
}
