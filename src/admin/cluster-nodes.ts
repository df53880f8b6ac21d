/**
 * The cluster's nodes (Java `Admin#describeCluster`, `#describeMetadataQuorum`,
 * `#unregisterBroker`): the brokers with their racks, the controller and the cluster id
 * (DescribeCluster, KIP-700, to any broker), the KRaft quorum of the metadata log (DescribeQuorum,
 * KIP-595/KIP-836/KIP-853, forwarded by a broker to the active controller), and the removal of a
 * broker's registration (UnregisterBroker, KIP-500, forwarded too).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { type AclOperationName, authorizedOperations } from './authorized-operations.js';

/** A broker as DescribeCluster lists it. */
export interface BrokerNode {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** `broker.rack`, or null when the broker has none. */
  readonly rack: string | null;
  /** Fenced by the controller (listed only with `includeFencedBrokers`, KIP-1073). */
  readonly isFenced: boolean;
}

/** What `describeCluster` returns (Java `DescribeClusterResult`). */
export interface ClusterDescription {
  readonly clusterId: string;
  /** The controller as brokers name it (a broker under KRaft, KIP-590), or null when none is known. */
  readonly controller: BrokerNode | null;
  readonly brokers: readonly BrokerNode[];
  /** The caller's rights on the cluster (KIP-430), when asked for with `includeAuthorizedOperations`. */
  readonly authorizedOperations?: readonly AclOperationName[];
}

/** Options of `describeCluster`. */
export interface DescribeClusterOptions extends CallOptions {
  /** Return the caller's authorized operations on the cluster. Default false. */
  readonly includeAuthorizedOperations?: boolean;
  /** List fenced brokers too (DescribeCluster v2, Kafka 4.0+, KIP-1073). Default false. */
  readonly includeFencedBrokers?: boolean;
}

/** One replica of the metadata log as the quorum leader sees it (Java `QuorumInfo.ReplicaState`). */
export interface QuorumReplica {
  readonly replicaId: number;
  /** The replica's directory id (KIP-853), the zero uuid before DescribeQuorum v2. */
  readonly replicaDirectoryId: string;
  readonly logEndOffset: bigint;
  /** Epoch ms of its last fetch, or undefined when unknown. */
  readonly lastFetchTimestamp?: number;
  /** Epoch ms when it was last caught up, or undefined when unknown. */
  readonly lastCaughtUpTimestamp?: number;
}

/** The KRaft quorum (Java `QuorumInfo`). */
export interface QuorumInfo {
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: bigint;
  readonly voters: readonly QuorumReplica[];
  readonly observers: readonly QuorumReplica[];
  /** The voters' listeners by node id (DescribeQuorum v2, KIP-853; empty before). */
  readonly nodes: ReadonlyMap<number, readonly { name: string; host: string; port: number }[]>;
}

/** DescribeCluster `endpointType` 1: the brokers' endpoints (2 is the controllers', KIP-919). */
const BROKER_ENDPOINTS = 1;
/** The metadata log's topic and partition (KIP-595). */
const METADATA_TOPIC = '__cluster_metadata';

/** The cluster's id, brokers (with racks), controller and, on request, the caller's rights on it. */
export async function describeCluster(
  cluster: Cluster,
  options: DescribeClusterOptions = {},
): Promise<ClusterDescription> {
  const { timeoutMs, signal } = options;
  const fenced = options.includeFencedBrokers ?? false;
  const response = await cluster.send(
    'DescribeCluster',
    (version) => {
      if (fenced && version < 2)
        throw new InvalidArgumentError('includeFencedBrokers needs DescribeCluster v2 (Kafka 4.0 or later)');
      return {
        includeClusterAuthorizedOperations: options.includeAuthorizedOperations ?? false,
        endpointType: BROKER_ENDPOINTS,
        includeFencedBrokers: fenced,
      };
    },
    { timeoutMs, signal, errorOf: (r) => errorForCode(r.errorCode, r.errorMessage) },
  );
  const brokers = response.brokers.map((b) => ({
    id: b.brokerId,
    host: b.host,
    port: b.port,
    rack: b.rack,
    isFenced: b.isFenced,
  }));
  return {
    clusterId: response.clusterId,
    controller: brokers.find((b) => b.id === response.controllerId) ?? null,
    brokers,
    ...(options.includeAuthorizedOperations
      ? { authorizedOperations: authorizedOperations(response.clusterAuthorizedOperations) }
      : {}),
  };
}

/** The KRaft quorum of the metadata log: leader, voters and observers with their progress. */
export async function describeMetadataQuorum(
  cluster: Cluster,
  options: CallOptions = {},
): Promise<QuorumInfo> {
  const response = await cluster.send(
    'DescribeQuorum',
    { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
    {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      errorOf: (r) =>
        errorForCode(r.errorCode, r.errorMessage) ??
        errorForCode(r.topics[0]?.partitions[0]?.errorCode ?? 0, r.topics[0]?.partitions[0]?.errorMessage),
    },
  );
  const partition = response.topics.find((t) => t.topicName === METADATA_TOPIC)?.partitions[0];
  if (partition === undefined)
    throw new BrokerError(
      errorCodes.UNKNOWN_SERVER_ERROR.code,
      `DescribeQuorum answered without ${METADATA_TOPIC}`,
    );
  const replica = (r: (typeof partition.currentVoters)[number]): QuorumReplica => ({
    replicaId: r.replicaId,
    replicaDirectoryId: r.replicaDirectoryId,
    logEndOffset: r.logEndOffset,
    ...(r.lastFetchTimestamp >= 0n ? { lastFetchTimestamp: Number(r.lastFetchTimestamp) } : {}),
    ...(r.lastCaughtUpTimestamp >= 0n ? { lastCaughtUpTimestamp: Number(r.lastCaughtUpTimestamp) } : {}),
  });
  return {
    leaderId: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    highWatermark: partition.highWatermark,
    voters: partition.currentVoters.map(replica),
    observers: partition.observers.map(replica),
    nodes: new Map(response.nodes.map((n) => [n.nodeId, n.listeners.map((l) => ({ ...l }))])),
  };
}

/**
 * Removes broker `brokerId`'s registration (Java `Admin#unregisterBroker`, `kafka-cluster.sh
 * unregister`): for a broker that is gone for good. A running broker registers again.
 */
export async function unregisterBroker(
  cluster: Cluster,
  brokerId: number,
  options: CallOptions = {},
): Promise<void> {
  if (!Number.isInteger(brokerId) || brokerId < 0)
    throw new InvalidArgumentError(`brokerId must be a broker id (an integer >= 0), not ${brokerId}`);
  await cluster.send(
    'UnregisterBroker',
    { brokerId },
    {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      errorOf: (r) => errorForCode(r.errorCode, r.errorMessage),
    },
  );
}
