/**
 * The admin client (Java: `Admin` / `KafkaAdminClient`). It borrows the {@link Cluster} of the
 * `Kafka` object that made it; closing that object ends it. Every method is one line that hands
 * its arguments to the file of its area; calls about many resources resolve with an
 * {@link AdminResults} (each resource's value or typed error) and reject only when nothing could
 * be asked (`results.ts`).
 *
 * How to add an operation (Java's `Admin` method name in camelCase):
 * 1. Write it as a function `(cluster, input, options) => Promise<...>` in the file of its area
 *    (`topics.ts`, `configs.ts`, `records.ts`, `consumer-groups.ts`, ...; a new area gets a new
 *    file), with its input, result and options types exported beside it. Options extend
 *    `CallOptions` (`timeoutMs`, `signal`).
 * 2. For many resources, describe the request to {@link fanOut} (`fan-out.ts`): the API, the
 *    resource kind and name, a router from `routers.ts` (`anyBroker`, `controller`, `brokers`,
 *    `leaders`, `coordinators`), the request for a batch of resources and each resource's
 *    answer (`answerOf` turns an error code into a value, an error, or "route it again"). The
 *    driver batches per broker, re-routes only what moved, retries until the deadline and
 *    honours the signal. One request without resources: `cluster.send`.
 * 3. Add a one-line method here, export the types from `index.ts`, add the row of the README's
 *    admin table (linked to its test), and run `npm run api:snapshot`.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { type AbortTransactionSpec, abortTransaction } from './abort-transaction.js';
import type { AclBinding, AclBindingFilter } from './acl-binding.js';
import { createAcls, type DeletedAcl, deleteAcls, describeAcls } from './acls.js';
import type { ClientQuotaAlteration, ClientQuotaEntry, ClientQuotaFilter } from './client-quota.js';
import { type AlterClientQuotasOptions, alterClientQuotas, describeClientQuotas } from './client-quotas.js';
import {
  type ClusterDescription,
  type DescribeClusterOptions,
  describeCluster,
  describeMetadataQuorum,
  type QuorumInfo,
  unregisterBroker,
} from './cluster-nodes.js';
import type { ConfigResource } from './config-resources.js';
import {
  type AlterConfigsOptions,
  alterConfigs,
  type ConfigAlteration,
  type ConfigEntry,
  type ConfigReplacement,
  type DescribeConfigsOptions,
  describeConfigs,
  incrementalAlterConfigs,
  type ListConfigResourcesOptions,
  listConfigResources,
} from './configs.js';
import type { ConsumerGroupDescription } from './consumer-group-description.js';
import {
  type ConsumerGroupLag,
  type ConsumerGroupLagOptions,
  fetchConsumerGroupLag,
} from './consumer-group-lag.js';
import {
  alterConsumerGroupOffsets,
  type CommittedOffset,
  deleteConsumerGroupOffsets,
  type GroupOffsetsSpec,
  type ListConsumerGroupOffsetsOptions,
  listConsumerGroupOffsets,
  type OffsetToCommit,
} from './consumer-group-offsets.js';
import {
  type DescribeConsumerGroupsOptions,
  type DescribeStreamsGroupsOptions,
  deleteConsumerGroups,
  describeConsumerGroups,
  describeStreamsGroups,
  type GroupListing,
  type ListGroupsOptions,
  listGroups,
} from './consumer-groups.js';
import {
  type CreateDelegationTokenOptions,
  createDelegationToken,
  type DelegationToken,
  type DescribeDelegationTokenOptions,
  describeDelegationToken,
  type ExpireDelegationTokenOptions,
  expireDelegationToken,
  type RenewDelegationTokenOptions,
  renewDelegationToken,
} from './delegation-tokens.js';
import {
  type DescribeProducersOptions,
  describeProducers,
  type ProducerState,
} from './describe-producers.js';
import { type DescribeTopicsOptions, describeTopics, type TopicDescription } from './describe-topics.js';
import { describeTransactions, type TransactionDescription } from './describe-transactions.js';
import {
  describeFeatures,
  type FeatureMetadata,
  type FeatureUpdate,
  type UpdateFeaturesOptions,
  updateFeatures,
} from './features.js';
import {
  type FencedProducer,
  type FenceProducersOptions,
  fenceProducers,
  forceTerminateTransaction,
} from './fence-producers.js';
import { type ElectionType, electLeaders } from './leader-election.js';
import {
  type ListTransactionsOptions,
  listTransactions,
  type TransactionListing,
} from './list-transactions.js';
import {
  alterReplicaLogDirs,
  describeLogDirs,
  describeReplicaLogDirs,
  type LogDirDescription,
  type Replica,
  type ReplicaLogDir,
  type ReplicaMove,
} from './log-dirs.js';
import {
  type OffsetResetPlan,
  type ResetConsumerGroupOffsetsOptions,
  resetConsumerGroupOffsets,
} from './offset-reset.js';
import {
  type AlterPartitionReassignmentsOptions,
  alterPartitionReassignments,
  listPartitionReassignments,
  type PartitionReassignment,
  type PartitionReassignmentTarget,
} from './partition-reassignments.js';
import {
  addRaftVoter,
  type RaftVoterEndpoint,
  type RaftVoterOptions,
  removeRaftVoter,
} from './raft-voters.js';
import {
  type DeleteRecordsOptions,
  deleteRecords,
  type ListedOffset,
  type ListOffsetsOptions,
  listOffsets,
  type OffsetQuery,
  type RecordsToDelete,
} from './records.js';
import {
  type MemberToRemove,
  type RemoveMembersOptions,
  removeMembersFromConsumerGroup,
} from './remove-members.js';
import type { AdminResults } from './results.js';
import type { ScramCredentialAlteration, ScramCredentialInfo } from './scram-credential.js';
import { alterUserScramCredentials, describeUserScramCredentials } from './scram-credentials.js';
import {
  alterShareGroupConfigs,
  alterShareGroupOffsets,
  deleteShareGroupOffsets,
  deleteShareGroups,
  describeShareGroups,
  listShareGroupOffsets,
  type ShareGroupConfigs,
  type ShareGroupDescription,
  type ShareGroupOffsetOutcome,
  type ShareGroupPartitionOffset,
} from './share-groups.js';
import type { StreamsGroupDescription } from './streams-group-description.js';
import {
  alterStreamsGroupOffsets,
  deleteStreamsGroupOffsets,
  deleteStreamsGroups,
  listStreamsGroupOffsets,
} from './streams-groups.js';
import {
  type CreatedTopic,
  type CreatePartitionsOptions,
  type CreateTopicsOptions,
  createPartitions,
  createTopics,
  type DeletedTopic,
  type DeleteTopicsOptions,
  deleteTopics,
  type ListTopicsOptions,
  listTopics,
  type NewPartitions,
  type NewTopic,
  type TopicListing,
  type TopicRef,
} from './topics.js';

/** The admin client. Get one from `Kafka#admin()`. */
export class Admin {
  constructor(private readonly cluster: Cluster) {}

  /** Creates topics (with configs, manual assignment, or only validated): each topic's {@link CreatedTopic} or error. */
  createTopics(
    topics: readonly NewTopic[],
    options?: CreateTopicsOptions,
  ): Promise<AdminResults<NewTopic, CreatedTopic>> {
    return createTopics(this.cluster, topics, options);
  }

  /** Deletes topics by name or id: each topic's {@link DeletedTopic} or error. */
  deleteTopics(
    topics: readonly TopicRef[],
    options?: DeleteTopicsOptions,
  ): Promise<AdminResults<TopicRef, DeletedTopic>> {
    return deleteTopics(this.cluster, topics, options);
  }

  /** The cluster's topics, sorted by name; internal ones on request. */
  listTopics(options?: ListTopicsOptions): Promise<TopicListing[]> {
    return listTopics(this.cluster, options);
  }

  /** Describes topics by name or id: each topic's {@link TopicDescription} or error. */
  describeTopics(
    topics: readonly TopicRef[],
    options?: DescribeTopicsOptions,
  ): Promise<AdminResults<TopicRef, TopicDescription>> {
    return describeTopics(this.cluster, topics, options);
  }

  /** Adds partitions to topics: each topic's new partition count or error. */
  createPartitions(
    increases: readonly NewPartitions[],
    options?: CreatePartitionsOptions,
  ): Promise<AdminResults<NewPartitions, number>> {
    return createPartitions(this.cluster, increases, options);
  }

  /** Describes the configs of topics, brokers, broker loggers, client-metrics resources and groups. */
  describeConfigs(
    resources: readonly ConfigResource[],
    options?: DescribeConfigsOptions,
  ): Promise<AdminResults<ConfigResource, ConfigEntry[]>> {
    return describeConfigs(this.cluster, resources, options);
  }

  /** Sets, deletes, appends to or subtracts from configs, each resource atomically (KIP-339). */
  incrementalAlterConfigs(
    alterations: readonly ConfigAlteration[],
    options?: AlterConfigsOptions,
  ): Promise<AdminResults<ConfigResource, void>> {
    return incrementalAlterConfigs(this.cluster, alterations, options);
  }

  /** Replaces resources' whole sets of dynamic configs (legacy; prefer {@link incrementalAlterConfigs}). */
  alterConfigs(
    replacements: readonly ConfigReplacement[],
    options?: AlterConfigsOptions,
  ): Promise<AdminResults<ConfigResource, void>> {
    return alterConfigs(this.cluster, replacements, options);
  }

  /** The config resources the cluster knows of (KIP-1142; client-metrics only before it). */
  listConfigResources(options?: ListConfigResourcesOptions): Promise<ConfigResource[]> {
    return listConfigResources(this.cluster, options);
  }

  /** Deletes records before offsets: each partition's new low watermark or error. */
  deleteRecords(
    records: readonly RecordsToDelete[],
    options?: DeleteRecordsOptions,
  ): Promise<AdminResults<RecordsToDelete, bigint>> {
    return deleteRecords(this.cluster, records, options);
  }

  /** Looks up offsets (earliest, latest, by timestamp, max-timestamp, earliest-local, latest-tiered). */
  listOffsets(
    queries: readonly OffsetQuery[],
    options?: ListOffsetsOptions,
  ): Promise<AdminResults<OffsetQuery, ListedOffset>> {
    return listOffsets(this.cluster, queries, options);
  }

  /** The log directories of brokers, with their replicas and free space. */
  describeLogDirs(
    brokerIds: readonly number[],
    options?: CallOptions,
  ): Promise<AdminResults<number, LogDirDescription[]>> {
    return describeLogDirs(this.cluster, brokerIds, options);
  }

  /** Where replicas' logs are, and where they are moving. */
  describeReplicaLogDirs(
    replicas: readonly Replica[],
    options?: CallOptions,
  ): Promise<AdminResults<Replica, ReplicaLogDir>> {
    return describeReplicaLogDirs(this.cluster, replicas, options);
  }

  /** Moves replicas to other log directories of their brokers (KIP-113). */
  alterReplicaLogDirs(
    moves: readonly ReplicaMove[],
    options?: CallOptions,
  ): Promise<AdminResults<ReplicaMove, void>> {
    return alterReplicaLogDirs(this.cluster, moves, options);
  }

  /** Every group of the cluster (all brokers asked), with type and state filters (KIP-518, KIP-1043). */
  listGroups(options?: ListGroupsOptions): Promise<GroupListing[]> {
    return listGroups(this.cluster, options);
  }

  /** Describes consumer groups, classic or KIP-848 (members' assignments decoded): each group's description or error. */
  describeConsumerGroups(
    groupIds: readonly string[],
    options?: DescribeConsumerGroupsOptions,
  ): Promise<AdminResults<string, ConsumerGroupDescription>> {
    return describeConsumerGroups(this.cluster, groupIds, options);
  }

  /** Deletes consumer groups without members, and their offsets: each group's outcome. */
  deleteConsumerGroups(
    groupIds: readonly string[],
    options?: CallOptions,
  ): Promise<AdminResults<string, void>> {
    return deleteConsumerGroups(this.cluster, groupIds, options);
  }

  /** The committed offsets of many groups (one OffsetFetch per coordinator): each group's offsets or error. */
  listConsumerGroupOffsets(
    groups: readonly GroupOffsetsSpec[],
    options?: ListConsumerGroupOffsetsOptions,
  ): Promise<AdminResults<GroupOffsetsSpec, CommittedOffset[]>> {
    return listConsumerGroupOffsets(this.cluster, groups, options);
  }

  /** Commits offsets for a group without members: each partition's outcome. */
  alterConsumerGroupOffsets(
    groupId: string,
    offsets: readonly OffsetToCommit[],
    options?: CallOptions,
  ): Promise<AdminResults<OffsetToCommit, void>> {
    return alterConsumerGroupOffsets(this.cluster, groupId, offsets, options);
  }

  /** Deletes a group's committed offsets of partitions no member subscribes to: each partition's outcome. */
  deleteConsumerGroupOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
    options?: CallOptions,
  ): Promise<AdminResults<TopicPartition, void>> {
    return deleteConsumerGroupOffsets(this.cluster, groupId, partitions, options);
  }

  /** Removes members (by instance or member id; all of them when none is named): each member's outcome. */
  removeMembersFromConsumerGroup(
    groupId: string,
    options?: RemoveMembersOptions,
  ): Promise<AdminResults<MemberToRemove, void>> {
    return removeMembersFromConsumerGroup(this.cluster, groupId, options);
  }

  /** Each group's lag per partition: committed offset vs log end (read_committed: the last stable offset). */
  consumerGroupLag(
    groupIds: readonly string[],
    options?: ConsumerGroupLagOptions,
  ): Promise<AdminResults<string, ConsumerGroupLag>> {
    return fetchConsumerGroupLag(this.cluster, groupIds, options);
  }

  /** `kafka-consumer-groups.sh --reset-offsets`: the plan, committed only with `execute`; refused while the group has members. */
  resetConsumerGroupOffsets(
    groupId: string,
    options: ResetConsumerGroupOffsetsOptions,
  ): Promise<OffsetResetPlan> {
    return resetConsumerGroupOffsets(this.cluster, groupId, options);
  }

  /** Describes streams groups (KIP-1071, Kafka 4.x): each group's description or error. */
  describeStreamsGroups(
    groupIds: readonly string[],
    options?: DescribeStreamsGroupsOptions,
  ): Promise<AdminResults<string, StreamsGroupDescription>> {
    return describeStreamsGroups(this.cluster, groupIds, options);
  }

  /** The committed offsets of streams groups (KIP-1071): each group's offsets or error. */
  listStreamsGroupOffsets(
    groups: readonly GroupOffsetsSpec[],
    options?: ListConsumerGroupOffsetsOptions,
  ): Promise<AdminResults<GroupOffsetsSpec, CommittedOffset[]>> {
    return listStreamsGroupOffsets(this.cluster, groups, options);
  }

  /** Commits offsets for a streams group without members: each partition's outcome. */
  alterStreamsGroupOffsets(
    groupId: string,
    offsets: readonly OffsetToCommit[],
    options?: CallOptions,
  ): Promise<AdminResults<OffsetToCommit, void>> {
    return alterStreamsGroupOffsets(this.cluster, groupId, offsets, options);
  }

  /** Deletes a streams group's committed offsets of partitions: each partition's outcome. */
  deleteStreamsGroupOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
    options?: CallOptions,
  ): Promise<AdminResults<TopicPartition, void>> {
    return deleteStreamsGroupOffsets(this.cluster, groupId, partitions, options);
  }

  /** Deletes streams groups without members, and their offsets: each group's outcome. */
  deleteStreamsGroups(
    groupIds: readonly string[],
    options?: CallOptions,
  ): Promise<AdminResults<string, void>> {
    return deleteStreamsGroups(this.cluster, groupIds, options);
  }

  /** The cluster's id, brokers (with racks), controller and, on request, the caller's rights on it. */
  describeCluster(options?: DescribeClusterOptions): Promise<ClusterDescription> {
    return describeCluster(this.cluster, options);
  }

  /** The finalized feature levels and the ones a broker supports (`kafka-features.sh describe`). */
  describeFeatures(options?: CallOptions): Promise<FeatureMetadata> {
    return describeFeatures(this.cluster, options);
  }

  /** Changes finalized feature levels (or only validates them): each feature's outcome. */
  updateFeatures(
    updates: readonly FeatureUpdate[],
    options?: UpdateFeaturesOptions,
  ): Promise<AdminResults<FeatureUpdate, void>> {
    return updateFeatures(this.cluster, updates, options);
  }

  /** The KRaft quorum of the metadata log (`kafka-metadata-quorum.sh describe`). */
  describeMetadataQuorum(options?: CallOptions): Promise<QuorumInfo> {
    return describeMetadataQuorum(this.cluster, options);
  }

  /** Removes a broker's registration (for a broker gone for good). */
  unregisterBroker(brokerId: number, options?: CallOptions): Promise<void> {
    return unregisterBroker(this.cluster, brokerId, options);
  }

  /** Adds a controller to a dynamic KRaft quorum's voters (KIP-853). */
  addRaftVoter(
    voterId: number,
    voterDirectoryId: string,
    endpoints: readonly RaftVoterEndpoint[],
    options?: RaftVoterOptions,
  ): Promise<void> {
    return addRaftVoter(this.cluster, voterId, voterDirectoryId, endpoints, options);
  }

  /** Removes a controller from a dynamic KRaft quorum's voters (KIP-853). */
  removeRaftVoter(voterId: number, voterDirectoryId: string, options?: RaftVoterOptions): Promise<void> {
    return removeRaftVoter(this.cluster, voterId, voterDirectoryId, options);
  }

  /** Elects preferred or unclean leaders (of every partition needing one when `partitions` is null): each partition's outcome. */
  electLeaders(
    electionType: ElectionType,
    partitions: readonly TopicPartition[] | null,
    options?: CallOptions,
  ): Promise<AdminResults<TopicPartition, void>> {
    return electLeaders(this.cluster, electionType, partitions, options);
  }

  /** Starts or cancels (`replicas: null`) partition reassignments: each partition's outcome. */
  alterPartitionReassignments(
    targets: readonly PartitionReassignmentTarget[],
    options?: AlterPartitionReassignmentsOptions,
  ): Promise<AdminResults<PartitionReassignmentTarget, void>> {
    return alterPartitionReassignments(this.cluster, targets, options);
  }

  /** The reassignments in progress, of `partitions` when given. */
  listPartitionReassignments(
    partitions?: readonly TopicPartition[],
    options?: CallOptions,
  ): Promise<PartitionReassignment[]> {
    return listPartitionReassignments(this.cluster, partitions, options);
  }

  /** The ACL bindings `filter` matches (all of them for an empty filter). */
  describeAcls(filter?: AclBindingFilter, options?: CallOptions): Promise<AclBinding[]> {
    return describeAcls(this.cluster, filter, options);
  }

  /** Creates ACL bindings: each binding's outcome. */
  createAcls(
    bindings: readonly AclBinding[],
    options?: CallOptions,
  ): Promise<AdminResults<AclBinding, void>> {
    return createAcls(this.cluster, bindings, options);
  }

  /** Deletes the ACL bindings each filter matches: each filter's removed bindings or error. */
  deleteAcls(
    filters: readonly AclBindingFilter[],
    options?: CallOptions,
  ): Promise<AdminResults<AclBindingFilter, DeletedAcl[]>> {
    return deleteAcls(this.cluster, filters, options);
  }

  /** The SCRAM credentials of `users` (of every user when left out): each user's credentials or error. */
  describeUserScramCredentials(
    users?: readonly string[],
    options?: CallOptions,
  ): Promise<AdminResults<string, ScramCredentialInfo[]>> {
    return describeUserScramCredentials(this.cluster, users, options);
  }

  /** Upserts (salted here, the password never sent) and deletes SCRAM credentials: each user's outcome. */
  alterUserScramCredentials(
    alterations: readonly ScramCredentialAlteration[],
    options?: CallOptions,
  ): Promise<AdminResults<string, void>> {
    return alterUserScramCredentials(this.cluster, alterations, options);
  }

  /** Creates a delegation token (its HMAC is its password). */
  createDelegationToken(options?: CreateDelegationTokenOptions): Promise<DelegationToken> {
    return createDelegationToken(this.cluster, options);
  }

  /** Renews the token with `hmac`; resolves with its new expiry, epoch ms. */
  renewDelegationToken(hmac: Uint8Array, options?: RenewDelegationTokenOptions): Promise<number> {
    return renewDelegationToken(this.cluster, hmac, options);
  }

  /** Expires the token with `hmac` (now by default); resolves with its expiry, epoch ms. */
  expireDelegationToken(hmac: Uint8Array, options?: ExpireDelegationTokenOptions): Promise<number> {
    return expireDelegationToken(this.cluster, hmac, options);
  }

  /** The delegation tokens the caller may describe, of some owners when asked. */
  describeDelegationToken(options?: DescribeDelegationTokenOptions): Promise<DelegationToken[]> {
    return describeDelegationToken(this.cluster, options);
  }

  /** The client quotas of the entities `filter` matches. */
  describeClientQuotas(filter?: ClientQuotaFilter, options?: CallOptions): Promise<ClientQuotaEntry[]> {
    return describeClientQuotas(this.cluster, filter, options);
  }

  /** Sets and removes client quotas (or only validates): each entity's outcome. */
  alterClientQuotas(
    alterations: readonly ClientQuotaAlteration[],
    options?: AlterClientQuotasOptions,
  ): Promise<AdminResults<ClientQuotaAlteration, void>> {
    return alterClientQuotas(this.cluster, alterations, options);
  }

  /** Describes share groups (KIP-932): each group's {@link ShareGroupDescription} or error. */
  describeShareGroups(
    groupIds: readonly string[],
    options?: CallOptions,
  ): Promise<AdminResults<string, ShareGroupDescription>> {
    return describeShareGroups(this.cluster, groupIds, options);
  }

  /** Deletes share groups without members, with their state: each group's outcome. */
  deleteShareGroups(groupIds: readonly string[], options?: CallOptions): Promise<AdminResults<string, void>> {
    return deleteShareGroups(this.cluster, groupIds, options);
  }

  /** A share group's start offset and lag per partition (all its partitions when `topics` is absent). */
  listShareGroupOffsets(
    groupId: string,
    topics?: readonly { topic: string; partitions: readonly number[] }[] | null,
    options?: CallOptions,
  ): Promise<ShareGroupPartitionOffset[]> {
    return listShareGroupOffsets(this.cluster, groupId, topics ?? null, options);
  }

  /** Moves a share group's start offsets (the group must have no members); one outcome per partition. */
  alterShareGroupOffsets(
    groupId: string,
    offsets: readonly { topic: string; partition: number; startOffset: bigint }[],
    options?: CallOptions,
  ): Promise<ShareGroupOffsetOutcome[]> {
    return alterShareGroupOffsets(this.cluster, groupId, offsets, options);
  }

  /** Deletes a share group's state for whole topics (no members); one outcome per topic. */
  deleteShareGroupOffsets(
    groupId: string,
    topics: readonly string[],
    options?: CallOptions,
  ): Promise<ShareGroupOffsetOutcome[]> {
    return deleteShareGroupOffsets(this.cluster, groupId, topics, options);
  }

  /** Sets (null: removes) a share group's configs: `share.auto.offset.reset`, `share.record.lock.duration.ms`, ... */
  alterShareGroupConfigs(groupId: string, configs: ShareGroupConfigs, options?: CallOptions): Promise<void> {
    return alterShareGroupConfigs(this.cluster, groupId, configs, options);
  }

  /** The cluster's transactional ids (every broker asked), with state, producer id, duration and id-pattern filters. */
  listTransactions(options?: ListTransactionsOptions): Promise<TransactionListing[]> {
    return listTransactions(this.cluster, options);
  }

  /** Describes transactions at their coordinators: each transactional id's {@link TransactionDescription} or error. */
  describeTransactions(
    transactionalIds: readonly string[],
    options?: CallOptions,
  ): Promise<AdminResults<string, TransactionDescription>> {
    return describeTransactions(this.cluster, transactionalIds, options);
  }

  /** The producers with state in partitions (open transactions included): each partition's producers or error. */
  describeProducers(
    partitions: readonly TopicPartition[],
    options?: DescribeProducersOptions,
  ): Promise<AdminResults<TopicPartition, ProducerState[]>> {
    return describeProducers(this.cluster, partitions, options);
  }

  /** Ends a hanging transaction in one partition by writing its abort marker at the leader. */
  abortTransaction(spec: AbortTransactionSpec, options?: CallOptions): Promise<void> {
    return abortTransaction(this.cluster, spec, options);
  }

  /** Fences the producers of transactional ids (aborting their open transactions): each id's new producer id and epoch. */
  fenceProducers(
    transactionalIds: readonly string[],
    options?: FenceProducersOptions,
  ): Promise<AdminResults<string, FencedProducer>> {
    return fenceProducers(this.cluster, transactionalIds, options);
  }

  /** Aborts a transactional id's open transaction by fencing its producer (Java 4.x's form). */
  forceTerminateTransaction(transactionalId: string, options?: FenceProducersOptions): Promise<void> {
    return forceTerminateTransaction(this.cluster, transactionalId, options);
  }
}

export type { CallOptions };
