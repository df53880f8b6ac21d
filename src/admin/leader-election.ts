/**
 * Leader elections (Java `Admin#electLeaders`, `kafka-leader-election.sh`; KIP-183 preferred,
 * KIP-460 unclean). ElectLeaders goes to the controller; each partition's outcome is its own:
 * a partition whose leader is already the one the election would pick fails with
 * ELECTION_NOT_NEEDED, as in Java. An unclean election may pick a replica outside the ISR and
 * lose the records only the old leader had, whatever the topic's
 * `unclean.leader.election.enable` says.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { groupByTopic as byTopic } from '../cluster/topic-partition.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { ElectLeadersResponse } from '../protocol/messages/elect-leaders.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import { partitionProblem } from './partition-checks.js';
import { partitionName } from './partition-names.js';
import { AdminResults, ResourceError } from './results.js';
import { controller } from './routers.js';

/** Which replica an election picks (Java `ElectionType`). */
export type ElectionType = 'PREFERRED' | 'UNCLEAN';

const electionTypes: Record<ElectionType, number> = { PREFERRED: 0, UNCLEAN: 1 };

/** Most a broker-side timeout may be: a lost request stays bounded. */
const BROKER_TIMEOUT_CAP_MS = 60_000;

/** Each partition's answer in an ElectLeaders response. */
function electionAnswers(response: ElectLeadersResponse): [TopicPartition, Answer<void>][] {
  return response.replicaElectionResults.flatMap((t) =>
    t.partitionResult.map((r): [TopicPartition, Answer<void>] => [
      { topic: t.topic, partition: r.partitionId },
      answerOf(r.errorCode, r.errorMessage, () => undefined),
    ]),
  );
}

/**
 * Elects leaders of `partitions` (of every partition whose leader is not its preferred replica,
 * when `partitions` is null): each partition's outcome.
 */
export async function electLeaders(
  cluster: Cluster,
  electionType: ElectionType,
  partitions: readonly TopicPartition[] | null,
  options: CallOptions = {},
): Promise<AdminResults<TopicPartition, void>> {
  const type = electionTypes[electionType];
  if (type === undefined)
    throw new InvalidArgumentError(`electionType must be PREFERRED or UNCLEAN, not ${String(electionType)}`);
  if (partitions === null) {
    // Every partition: the controller says which it tried.
    const response = await cluster.send(
      'ElectLeaders',
      { electionType: type, topicPartitions: null, timeoutMs: BROKER_TIMEOUT_CAP_MS },
      { timeoutMs: options.timeoutMs, signal: options.signal, errorOf: (r) => errorForCode(r.errorCode) },
    );
    const outcomes = electionAnswers(response).map(([key, answer]) =>
      'value' in answer
        ? { key, name: partitionName(key), value: undefined }
        : {
            key,
            name: partitionName(key),
            error: new ResourceError(
              { kind: 'partition', name: partitionName(key) },
              'error' in answer ? answer.error : answer.again,
            ),
          },
    );
    return new AdminResults('partition', outcomes, partitionName);
  }
  return fanOut(
    cluster,
    partitions,
    {
      api: 'ElectLeaders',
      kind: 'partition',
      nameOf: partitionName,
      check: partitionProblem,
      router: controller(),
      request: (list, _version, remainingMs) => ({
        electionType: type,
        topicPartitions: [...byTopic(list)].map(([topic, ps]) => ({
          topic,
          partitions: ps.map((p) => p.partition),
        })),
        timeoutMs: Math.max(1, Math.min(remainingMs, BROKER_TIMEOUT_CAP_MS)),
      }),
      answers: (response, list) => {
        // A top-level error (v1+: CLUSTER_AUTHORIZATION_FAILED, ...) is every partition's.
        if (response.errorCode !== 0)
          return new Map(
            list.map((p) => [partitionName(p), answerOf(response.errorCode, null, () => undefined)]),
          );
        return new Map(electionAnswers(response).map(([p, answer]) => [partitionName(p), answer]));
      },
    },
    { ...options, operation: 'electLeaders' },
  );
}
