/**
 * Partition reassignments (Java `Admin#alterPartitionReassignments`,
 * `#listPartitionReassignments`, `kafka-reassign-partitions.sh`; KIP-455, replication factor
 * changes KIP-860). Both go to the controller. A reassignment moves a partition to a new replica
 * list (its order names the preferred leader); `replicas: null` cancels the partition's ongoing
 * reassignment. Each partition's outcome is its own: a conflicting or impossible target
 * (INVALID_REPLICA_ASSIGNMENT, UNKNOWN_TOPIC_OR_PARTITION, NO_REASSIGNMENT_IN_PROGRESS, ...)
 * fails that partition and the others still move.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { groupByTopic as byTopic } from '../cluster/topic-partition.js';
import { errorForCode } from '../protocol/broker-error.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import { partitionProblem } from './partition-checks.js';
import { partitionName } from './partition-names.js';
import type { AdminResults } from './results.js';
import { controller } from './routers.js';

/** A partition's new replicas, or null to cancel its ongoing reassignment. */
export interface PartitionReassignmentTarget extends TopicPartition {
  readonly replicas: readonly number[] | null;
}

/** A reassignment in progress (Java `PartitionReassignment`). */
export interface PartitionReassignment extends TopicPartition {
  /** The replicas while it moves: the target and those still being removed. */
  readonly replicas: readonly number[];
  readonly addingReplicas: readonly number[];
  readonly removingReplicas: readonly number[];
}

/** Options of `alterPartitionReassignments`. */
export interface AlterPartitionReassignmentsOptions extends CallOptions {
  /**
   * Allow a target with another replica count than the partition has (KIP-860; AlterPartitionReassignments
   * v1, Kafka 4.1+, which refuses it otherwise when false). Default true, as before KIP-860.
   */
  readonly allowReplicationFactorChange?: boolean;
}

/** Most a broker-side timeout may be: a lost request stays bounded. */
const BROKER_TIMEOUT_CAP_MS = 60_000;
const brokerTimeout = (remainingMs: number) => Math.max(1, Math.min(remainingMs, BROKER_TIMEOUT_CAP_MS));

function targetProblem(t: PartitionReassignmentTarget): string | undefined {
  const partition = partitionProblem(t);
  if (partition !== undefined) return partition;
  if (t.replicas === null) return undefined;
  if (!Array.isArray(t.replicas) || t.replicas.length === 0)
    return 'replicas must be a non-empty list of broker ids, or null to cancel';
  if (!t.replicas.every((r) => Number.isInteger(r) && r >= 0))
    return 'replicas must be broker ids (integers >= 0)';
  return undefined;
}

/** Starts (or cancels, `replicas: null`) reassignments: each partition's outcome. */
export function alterPartitionReassignments(
  cluster: Cluster,
  targets: readonly PartitionReassignmentTarget[],
  options: AlterPartitionReassignmentsOptions = {},
): Promise<AdminResults<PartitionReassignmentTarget, void>> {
  const allowChange = options.allowReplicationFactorChange ?? true;
  return fanOut(
    cluster,
    targets,
    {
      api: 'AlterPartitionReassignments',
      kind: 'partition',
      nameOf: partitionName,
      check: targetProblem,
      router: controller(),
      request: (list, _version, remainingMs) => ({
        timeoutMs: brokerTimeout(remainingMs),
        // v0 cannot carry false (KIP-860): the encoder refuses it there.
        allowReplicationFactorChange: allowChange,
        topics: [...byTopic(list)].map(([name, ps]) => ({
          name,
          partitions: ps.map((p) => ({
            partitionIndex: p.partition,
            replicas: p.replicas === null ? null : [...p.replicas],
          })),
        })),
      }),
      answers: (response, list) => {
        // A top-level error (CLUSTER_AUTHORIZATION_FAILED, ...) is every partition's.
        if (response.errorCode !== 0)
          return new Map(
            list.map((p) => [
              partitionName(p),
              answerOf(response.errorCode, response.errorMessage, () => undefined),
            ]),
          );
        const out = new Map<string, Answer<void>>();
        for (const t of response.responses)
          for (const p of t.partitions)
            out.set(
              partitionName({ topic: t.name, partition: p.partitionIndex }),
              answerOf(p.errorCode, p.errorMessage, () => undefined),
            );
        return out;
      },
    },
    { ...options, operation: 'alterPartitionReassignments' },
  );
}

/** The reassignments in progress, of `partitions` when given (partitions not moving are left out). */
export async function listPartitionReassignments(
  cluster: Cluster,
  partitions?: readonly TopicPartition[],
  options: CallOptions = {},
): Promise<PartitionReassignment[]> {
  for (const p of partitions ?? []) {
    const problem = partitionProblem(p);
    if (problem !== undefined) throw new InvalidArgumentError(`partition ${partitionName(p)}: ${problem}`);
  }
  const response = await cluster.send(
    'ListPartitionReassignments',
    {
      timeoutMs: brokerTimeout(options.timeoutMs ?? cluster.defaultTimeoutMs),
      topics:
        partitions === undefined
          ? null
          : [...byTopic(partitions)].map(([name, ps]) => ({
              name,
              partitionIndexes: ps.map((p) => p.partition),
            })),
    },
    {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      errorOf: (r) => errorForCode(r.errorCode, r.errorMessage),
    },
  );
  return response.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      replicas: p.replicas,
      addingReplicas: p.addingReplicas,
      removingReplicas: p.removingReplicas,
    })),
  );
}
