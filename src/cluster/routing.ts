/**
 * Where each API's requests go: the routing table, total over every generated API (a new API
 * in the specs fails the typecheck until it is routed here) — franz-go declares routing with
 * the message the same way. Java: the `NodeProvider`s of `KafkaAdminClient` and the
 * coordinator lookups of `AbstractCoordinator` / `TransactionManager`.
 *
 * KRaft: clients cannot reach the controller quorum; brokers forward admin requests (KIP-590)
 * and answer Metadata with a live broker as `controllerId`. The `controller` route therefore
 * sends to that broker, as Java's `ControllerNodeProvider` does, and `NOT_CONTROLLER` (retriable)
 * refreshes metadata and tries again.
 */
import type { ApiName } from '../protocol/messages/index.js';

/** The kinds of destination. */
export const RouteKind = {
  /** Any broker (the least loaded one with an open connection). */
  any: 'any',
  /** A broker the caller names (e.g. the leader of the partitions it batched). */
  node: 'node',
  /** The leader of a topic partition (Produce, Fetch, ListOffsets, ...). */
  leader: 'leader',
  /** The group coordinator of a group id (FindCoordinator key type 0). */
  groupCoordinator: 'group-coordinator',
  /** The transaction coordinator of a transactional id (key type 1). */
  transactionCoordinator: 'transaction-coordinator',
  /** The share coordinator of a share-partition key (key type 2, KIP-932). */
  shareCoordinator: 'share-coordinator',
  /** The controller as the metadata names it (a forwarding broker under KRaft). */
  controller: 'controller',
  /** Sent by the connection itself while connecting (ApiVersions, SASL); never routed. */
  connection: 'connection',
  /** Inter-node APIs of the KRaft quorum and broker lifecycle; not for clients. */
  interBroker: 'inter-broker',
} as const;

/** A kind of destination. */
export type RouteKind = (typeof RouteKind)[keyof typeof RouteKind];

/** The kinds a client can send to through the cluster. */
export type ClientRouteKind = Exclude<RouteKind, 'connection' | 'inter-broker'>;

/** The route of every API. */
export const routes = {
  Produce: 'leader',
  Fetch: 'leader',
  ListOffsets: 'leader',
  Metadata: 'any',
  OffsetCommit: 'group-coordinator',
  OffsetFetch: 'group-coordinator',
  FindCoordinator: 'any',
  JoinGroup: 'group-coordinator',
  Heartbeat: 'group-coordinator',
  LeaveGroup: 'group-coordinator',
  SyncGroup: 'group-coordinator',
  DescribeGroups: 'group-coordinator',
  // Every broker coordinates some groups: listing all of them asks each broker.
  ListGroups: 'node',
  SaslHandshake: 'connection',
  ApiVersions: 'connection',
  CreateTopics: 'controller',
  DeleteTopics: 'controller',
  DeleteRecords: 'leader',
  InitProducerId: 'transaction-coordinator',
  OffsetForLeaderEpoch: 'leader',
  AddPartitionsToTxn: 'transaction-coordinator',
  AddOffsetsToTxn: 'transaction-coordinator',
  EndTxn: 'transaction-coordinator',
  // Coordinators send it to leaders; so does the admin client, to end a hanging transaction
  // (Java `Admin#abortTransaction`, KIP-664).
  WriteTxnMarkers: 'leader',
  TxnOffsetCommit: 'group-coordinator',
  DescribeAcls: 'any',
  CreateAcls: 'any',
  DeleteAcls: 'any',
  // Broker-scoped resources go to that broker; topic resources to any (Java: `ConfigResource`).
  DescribeConfigs: 'node',
  AlterConfigs: 'node',
  AlterReplicaLogDirs: 'node',
  DescribeLogDirs: 'node',
  SaslAuthenticate: 'connection',
  CreatePartitions: 'controller',
  CreateDelegationToken: 'any',
  RenewDelegationToken: 'any',
  ExpireDelegationToken: 'any',
  DescribeDelegationToken: 'any',
  DeleteGroups: 'group-coordinator',
  ElectLeaders: 'controller',
  IncrementalAlterConfigs: 'node',
  AlterPartitionReassignments: 'controller',
  ListPartitionReassignments: 'controller',
  OffsetDelete: 'group-coordinator',
  DescribeClientQuotas: 'any',
  AlterClientQuotas: 'any',
  DescribeUserScramCredentials: 'any',
  AlterUserScramCredentials: 'any',
  Vote: 'inter-broker',
  BeginQuorumEpoch: 'inter-broker',
  EndQuorumEpoch: 'inter-broker',
  DescribeQuorum: 'any',
  AlterPartition: 'inter-broker',
  UpdateFeatures: 'controller',
  Envelope: 'inter-broker',
  FetchSnapshot: 'inter-broker',
  DescribeCluster: 'any',
  DescribeProducers: 'leader',
  BrokerRegistration: 'inter-broker',
  BrokerHeartbeat: 'inter-broker',
  UnregisterBroker: 'any',
  // Transactions live on their coordinators; the listing asks each broker.
  DescribeTransactions: 'transaction-coordinator',
  ListTransactions: 'node',
  AllocateProducerIds: 'inter-broker',
  ConsumerGroupHeartbeat: 'group-coordinator',
  ConsumerGroupDescribe: 'group-coordinator',
  ControllerRegistration: 'inter-broker',
  // KIP-714: telemetry goes to one chosen broker for the client's lifetime.
  GetTelemetrySubscriptions: 'node',
  PushTelemetry: 'node',
  AssignReplicasToDirs: 'inter-broker',
  ListConfigResources: 'any',
  DescribeTopicPartitions: 'any',
  ShareGroupHeartbeat: 'group-coordinator',
  ShareGroupDescribe: 'group-coordinator',
  ShareFetch: 'leader',
  ShareAcknowledge: 'leader',
  AddRaftVoter: 'any',
  RemoveRaftVoter: 'any',
  UpdateRaftVoter: 'inter-broker',
  InitializeShareGroupState: 'share-coordinator',
  ReadShareGroupState: 'share-coordinator',
  WriteShareGroupState: 'share-coordinator',
  DeleteShareGroupState: 'share-coordinator',
  ReadShareGroupStateSummary: 'share-coordinator',
  StreamsGroupHeartbeat: 'group-coordinator',
  StreamsGroupDescribe: 'group-coordinator',
  DescribeShareGroupOffsets: 'group-coordinator',
  AlterShareGroupOffsets: 'group-coordinator',
  DeleteShareGroupOffsets: 'group-coordinator',
  StreamsGroupTopologyDescriptionUpdate: 'group-coordinator',
  UnregisterController: 'any',
} as const satisfies Record<ApiName, RouteKind>;

/** The route of API `N`. */
export type RouteOf<N extends ApiName> = (typeof routes)[N];

/** APIs a client may send through the cluster. */
export type RoutableApi = { [N in ApiName]: RouteOf<N> extends ClientRouteKind ? N : never }[ApiName];

/** Where one request goes. */
export type Destination =
  | { readonly kind: 'any' }
  | { readonly kind: 'node'; readonly nodeId: number }
  | { readonly kind: 'leader'; readonly topic: string; readonly partition: number }
  | { readonly kind: 'coordinator'; readonly type: CoordinatorType; readonly key: string }
  | { readonly kind: 'controller' };

/** FindCoordinator key types (FindCoordinatorRequest `keyType`). */
export const CoordinatorType = { group: 0, transaction: 1, share: 2 } as const;

/** A coordinator key type name. */
export type CoordinatorType = keyof typeof CoordinatorType;

/**
 * What the caller names to route API `N`: nothing for `any`/`controller`, a node id for `node`,
 * the partition (or the leader's node id, once the caller has grouped partitions by leader) for
 * `leader`, the group / transactional id / share key for the coordinators. Type-checked: a Fetch
 * without a partition or node does not compile.
 */
export type TargetOf<N extends ApiName> =
  RouteOf<N> extends 'any' | 'controller'
    ? undefined | { readonly nodeId: number }
    : RouteOf<N> extends 'node'
      ? { readonly nodeId: number }
      : RouteOf<N> extends 'leader'
        ? { readonly nodeId: number } | { readonly topic: string; readonly partition: number }
        : RouteOf<N> extends 'group-coordinator'
          ? { readonly group: string } | { readonly nodeId: number }
          : RouteOf<N> extends 'transaction-coordinator'
            ? { readonly transactionalId: string } | { readonly nodeId: number }
            : RouteOf<N> extends 'share-coordinator'
              ? { readonly shareKey: string } | { readonly nodeId: number }
              : never;

/** The destination of a request of `api` to `target`. */
export function destinationOf<N extends RoutableApi>(api: N, target: TargetOf<N>): Destination {
  const t = target as Record<string, unknown> | undefined;
  if (t !== undefined && typeof t.nodeId === 'number') return { kind: 'node', nodeId: t.nodeId };
  const route = routes[api] as ClientRouteKind;
  switch (route) {
    case 'any':
    case 'node':
      return { kind: 'any' };
    case 'controller':
      return { kind: 'controller' };
    case 'leader':
      return { kind: 'leader', topic: String(t?.topic), partition: Number(t?.partition) };
    case 'group-coordinator':
      return { kind: 'coordinator', type: 'group', key: String(t?.group) };
    case 'transaction-coordinator':
      return { kind: 'coordinator', type: 'transaction', key: String(t?.transactionalId) };
    case 'share-coordinator':
      return { kind: 'coordinator', type: 'share', key: String(t?.shareKey) };
  }
}
