/**
 * The admin client over the cluster layer: per-resource results (`results.ts`) and one file per
 * area of operations (the fan-out driver and its routers stay internal). It imports only `cluster/`,
 * `net/` and `protocol/`; `Kafka#admin()` hands it out.
 */

export type { AbortTransactionSpec } from './abort-transaction.js';
export {
  type AclBinding,
  type AclBindingFilter,
  type AclPatternType,
  type AclPermissionType,
  type AclResourceType,
  aclPatternTypes,
  aclPermissionTypes,
  aclResourceTypes,
} from './acl-binding.js';
export type { DeletedAcl } from './acls.js';
export { Admin } from './admin.js';
export { type AclOperationName, aclOperationCodes, authorizedOperations } from './authorized-operations.js';
export type {
  ClientQuotaAlteration,
  ClientQuotaEntity,
  ClientQuotaEntry,
  ClientQuotaFilter,
  ClientQuotaFilterComponent,
  ClientQuotaOperation,
  QuotaEntityType,
} from './client-quota.js';
export type { AlterClientQuotasOptions } from './client-quotas.js';
export type {
  BrokerNode,
  ClusterDescription,
  DescribeClusterOptions,
  QuorumInfo,
  QuorumReplica,
} from './cluster-nodes.js';
export type { ConfigResource, ConfigResourceType, ConfigSource, ConfigType } from './config-resources.js';
export type {
  AlterConfigOp,
  AlterConfigOpType,
  AlterConfigsOptions,
  ConfigAlteration,
  ConfigEntry,
  ConfigReplacement,
  DescribeConfigsOptions,
  ListConfigResourcesOptions,
} from './configs.js';
export {
  type ConsumerGroupDescription,
  type GroupState,
  type GroupType,
  type MemberDescription,
  NotConsumerGroupError,
} from './consumer-group-description.js';
export type { ConsumerGroupLag, ConsumerGroupLagOptions, GroupPartitionLag } from './consumer-group-lag.js';
export type {
  CommittedOffset,
  GroupOffsetsSpec,
  ListConsumerGroupOffsetsOptions,
  OffsetToCommit,
} from './consumer-group-offsets.js';
export type {
  DescribeConsumerGroupsOptions,
  DescribeStreamsGroupsOptions,
  GroupListing,
  ListGroupsOptions,
} from './consumer-groups.js';
export type {
  CreateDelegationTokenOptions,
  DelegationToken,
  DescribeDelegationTokenOptions,
  ExpireDelegationTokenOptions,
  RenewDelegationTokenOptions,
} from './delegation-tokens.js';
export type { DescribeProducersOptions, ProducerState } from './describe-producers.js';
export {
  type DescribeTopicsOptions,
  describeTopics,
  type PartitionDescription,
  type TopicDescription,
} from './describe-topics.js';
export type { TransactionDescription } from './describe-transactions.js';
export type {
  FeatureMetadata,
  FeatureUpdate,
  FeatureUpgradeType,
  UpdateFeaturesOptions,
} from './features.js';
export type { FencedProducer, FenceProducersOptions } from './fence-producers.js';
export type { ElectionType } from './leader-election.js';
export {
  type ListTransactionsOptions,
  type TransactionCoordinatorState,
  type TransactionListing,
  transactionCoordinatorStates,
} from './list-transactions.js';
export type { LogDirDescription, Replica, ReplicaInfo, ReplicaLogDir, ReplicaMove } from './log-dirs.js';
export type { OffsetResetPlan, ResetConsumerGroupOffsetsOptions } from './offset-reset.js';
export { OffsetResetError, type OffsetResetStrategy, type PlannedOffset } from './offset-reset-plan.js';
export type {
  AlterPartitionReassignmentsOptions,
  PartitionReassignment,
  PartitionReassignmentTarget,
} from './partition-reassignments.js';
export type { RaftVoterEndpoint, RaftVoterOptions } from './raft-voters.js';
export type {
  DeleteRecordsOptions,
  ListedOffset,
  ListOffsetsOptions,
  OffsetQuery,
  OffsetSpec,
  RecordsToDelete,
} from './records.js';
export type { MemberToRemove, RemoveMembersOptions } from './remove-members.js';
export {
  AdminResults,
  FailedResourcesError,
  type Outcome,
  ResourceError,
  type ResourceKind,
  type ResourceRef,
} from './results.js';
export type {
  ScramCredentialAlteration,
  ScramCredentialDeletion,
  ScramCredentialInfo,
  ScramCredentialUpsertion,
  ScramMechanism,
} from './scram-credential.js';
export type {
  ShareGroupConfigs,
  ShareGroupDescription,
  ShareGroupMember,
  ShareGroupOffsetOutcome,
  ShareGroupPartitionOffset,
} from './share-groups.js';
export type {
  StreamsAssignment,
  StreamsGroupDescription,
  StreamsGroupMemberDescription,
  StreamsInternalTopic,
  StreamsSubtopology,
  StreamsTasks,
} from './streams-group-description.js';
export type {
  CreatedTopic,
  CreatePartitionsOptions,
  CreateTopicsOptions,
  DeletedTopic,
  DeleteTopicsOptions,
  ListTopicsOptions,
  NewPartitions,
  NewTopic,
  TopicListing,
  TopicRef,
} from './topics.js';
