/**
 * Where the resources of an admin call go (Java: the `AdminApiLookupStrategy`s and
 * `NodeProvider`s of `KafkaAdminClient`), for {@link fanOut}:
 *
 * - {@link anyBroker}: every resource to one broker, the least loaded (Java `LeastLoadedNodeProvider`).
 * - {@link controller}: the controller as metadata names it, a forwarding broker under KRaft
 *   (KIP-590); NOT_CONTROLLER answers refresh metadata (Java `ControllerNodeProvider`).
 * - {@link brokers}: each resource to the broker it names (broker configs, log dirs), or any.
 * - {@link leaders}: each partition to its leader, one request per leader broker; partitions
 *   answered NOT_LEADER_OR_FOLLOWER (...) are routed again after a metadata refresh of their
 *   topics only (Java `PartitionLeaderStrategy`).
 * - {@link coordinators}: each group or transactional id to its coordinator, found with one
 *   batched FindCoordinator (KIP-699) for all of them; ids answered NOT_COORDINATOR (...) forget
 *   their coordinator and are looked up again (Java `CoordinatorStrategy`).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { CoordinatorType } from '../cluster/routing.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { BrokerError } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { Answer, Located, Router } from './fan-out.js';
import type { AdminResults } from './results.js';

/** Every resource to any broker. */
export function anyBroker<K>(): Router<K> {
  return { locate: async (_cluster, keys) => ({ byNode: new Map([['any', keys]]), answered: [] }) };
}

/** Every resource to the controller (a forwarding broker under KRaft). */
export function controller<K>(): Router<K> {
  return {
    async locate(cluster, keys, call) {
      let id = cluster.metadata.controllerId;
      if (!cluster.metadata.brokers.has(id)) {
        await cluster.refreshTopics([], call.signal);
        id = cluster.metadata.controllerId;
      }
      // No controller named: any broker forwards admin requests (KIP-590).
      const node = cluster.metadata.brokers.has(id) ? id : 'any';
      return { byNode: new Map([[node, keys]]), answered: [] };
    },
    // NOT_CONTROLLER: the refresh names the new one.
    moved: (cluster, _keys, signal) => cluster.refreshTopics([], signal),
  };
}

/** Each resource to the broker `nodeOf` names, or to any broker for `'any'`. */
export function brokers<K>(nodeOf: (key: K) => number | 'any'): Router<K> {
  return {
    async locate(_cluster, keys) {
      const byNode = new Map<number | 'any', K[]>();
      for (const key of keys) push(byNode, nodeOf(key), key);
      return { byNode, answered: [] };
    },
    moved: (cluster, _keys, signal) => cluster.refreshTopics([], signal),
  };
}

/**
 * Each partition to its leader. A partition of a topic metadata does not know (after a
 * refresh) fails UNKNOWN_TOPIC_OR_PARTITION; one without a leader yet is asked again.
 */
export function leaders<K extends TopicPartition>(): Router<K> {
  return {
    async locate(cluster, keys, call) {
      const { byLeader, unavailable } = await cluster.groupByLeader(keys, call);
      const answered = unavailable.map((p): readonly [K, Answer<never>] => {
        const known = cluster.metadata.partition(p.topic, p.partition) !== undefined;
        const error = new BrokerError(
          known ? errorCodes.LEADER_NOT_AVAILABLE.code : errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
          known ? `${p.topic}/${p.partition} has no leader` : undefined,
        );
        return [p, known ? { again: error } : { error }];
      });
      return { byNode: byLeader, answered };
    },
    moved: (cluster, keys, signal) => cluster.refreshTopics([...new Set(keys.map((k) => k.topic))], signal),
  };
}

/**
 * Each resource to the coordinator of its key (`keyOf`: the group id, transactional id, ...).
 * A lookup error the broker gives for a key is that resource's error (GROUP_AUTHORIZATION_FAILED,
 * ...), or `again` when retriable (COORDINATOR_NOT_AVAILABLE while the coordinator is elected).
 */
export function coordinators<K>(type: CoordinatorType, keyOf: (key: K) => string): Router<K> {
  return {
    async locate(cluster, keys, call) {
      const found = await Promise.allSettled(
        keys.map((k) => cluster.coordinatorOf(type, keyOf(k), call.signal)),
      );
      const byNode = new Map<number, K[]>();
      const answered: (readonly [K, Answer<never>])[] = [];
      found.forEach((f, i) => {
        const key = keys[i]!;
        if (f.status === 'fulfilled') {
          push(byNode, f.value.nodeId, key);
          return;
        }
        const error =
          f.reason instanceof KafeError
            ? f.reason
            : new KafeError('UNKNOWN_ERROR', String(f.reason), { cause: f.reason });
        // A lookup that could not be sent at all is the call's problem, not the key's.
        if (!(error instanceof BrokerError) && !error.retriable) throw error;
        answered.push([key, error.retriable ? { again: error } : { error }]);
      });
      return { byNode, answered } satisfies Located<K>;
    },
    async moved(cluster, keys) {
      for (const k of keys) cluster.invalidateCoordinator(type, keyOf(k));
    },
  };
}

/**
 * Results with each resource's coordinator node id: the one its call was routed to, still in
 * the cluster's coordinator cache (no request), -1 if it was forgotten meanwhile.
 */
export async function withCoordinators<T extends { readonly coordinator: number }>(
  cluster: Cluster,
  type: CoordinatorType,
  results: AdminResults<string, T>,
): Promise<AdminResults<string, T>> {
  const nodes = new Map<string, number>();
  await Promise.all(
    results.succeeded.map(async ({ key }) => {
      const c = await cluster.coordinatorOf(type, key).catch(() => undefined);
      nodes.set(key, c?.nodeId ?? -1);
    }),
  );
  return results.map((value, key) => ({ ...value, coordinator: nodes.get(key) ?? -1 }));
}

/** The ids of the cluster's brokers, from fresh metadata (for calls that ask every broker). */
export async function brokerIds(cluster: Cluster, options: CallOptions = {}): Promise<number[]> {
  await cluster.refreshMetadata([], options);
  return [...cluster.metadata.brokers.keys()].sort((a, b) => a - b);
}

function push<K>(map: Map<number | 'any', K[]>, node: number | 'any', key: K): void {
  const list = map.get(node);
  if (list === undefined) map.set(node, [key]);
  else list.push(key);
}
