/** The argument and result types of KafkaJS's admin client. */

import type {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ConfigSource,
  ResourcePatternTypes,
} from './enums.js';
import type { DeleteGroupsResult } from './errors.js';
import type { PartitionOffset } from './metadata-types.js';

export type { DeleteGroupsResult };

/** A config to set on a new topic or a resource. */
export interface IResourceConfigEntry {
  name: string;
  value: string;
}

/** Replicas of one partition. */
export interface ReplicaAssignment {
  partition: number;
  replicas: Array<number>;
}

/** A topic to create. */
export interface ITopicConfig {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  replicaAssignment?: ReplicaAssignment[];
  configEntries?: IResourceConfigEntry[];
}

/** Partitions to add to a topic (`count`: the new total). */
export interface ITopicPartitionConfig {
  topic: string;
  count: number;
  assignments?: Array<Array<number>>;
}

/** New replicas for some partitions of a topic. */
export interface PartitionReassignment {
  topic: string;
  partitionAssignment: Array<ReplicaAssignment>;
}

/** A resource whose configs to describe. */
export interface ResourceConfigQuery {
  type: ConfigResourceTypes;
  name: string;
  configNames?: string[];
}

/** A config and where its value comes from. */
export interface ConfigSynonyms {
  configName: string;
  configValue: string;
  configSource: ConfigSource;
}

/** A described config. */
export interface ConfigEntries {
  configName: string;
  configValue: string;
  isDefault: boolean;
  configSource: ConfigSource;
  isSensitive: boolean;
  readOnly: boolean;
  configSynonyms: ConfigSynonyms[];
}

/** What `describeConfigs` resolves to. */
export interface DescribeConfigResponse {
  resources: {
    configEntries: ConfigEntries[];
    errorCode: number;
    errorMessage: string;
    resourceName: string;
    resourceType: ConfigResourceTypes;
  }[];
  throttleTime: number;
}

/** A resource and the configs to give it (the others return to their defaults). */
export interface IResourceConfig {
  type: ConfigResourceTypes;
  name: string;
  configEntries: IResourceConfigEntry[];
}

/** Who may or may not do what. */
export interface Acl {
  principal: string;
  host: string;
  operation: AclOperationTypes;
  permissionType: AclPermissionTypes;
}

/** What an ACL is about. */
export interface AclResource {
  resourceType: AclResourceTypes;
  resourceName: string;
  resourcePatternType: ResourcePatternTypes;
}

/** One ACL. */
export type AclEntry = Acl & AclResource;

/** A resource and its ACLs. */
export type DescribeAclResource = AclResource & { acls: Acl[] };

/** What `describeAcls` resolves to. */
export interface DescribeAclResponse {
  throttleTime: number;
  errorCode: number;
  errorMessage?: string;
  resources: DescribeAclResource[];
}

/** Which ACLs to describe or delete. */
export interface AclFilter {
  resourceType: AclResourceTypes;
  resourceName?: string;
  resourcePatternType: ResourcePatternTypes;
  principal?: string;
  host?: string;
  operation: AclOperationTypes;
  permissionType: AclPermissionTypes;
}

/** An ACL a filter deleted. */
export interface MatchingAcl {
  errorCode: number;
  errorMessage?: string;
  resourceType: AclResourceTypes;
  resourceName: string;
  resourcePatternType: ResourcePatternTypes;
  principal: string;
  host: string;
  operation: AclOperationTypes;
  permissionType: AclPermissionTypes;
}

/** What one delete filter did. */
export interface DeleteAclFilterResponses {
  errorCode: number;
  errorMessage?: string;
  matchingAcls: MatchingAcl[];
}

/** What `deleteAcls` resolves to. */
export interface DeleteAclResponse {
  throttleTime: number;
  filterResponses: DeleteAclFilterResponses[];
}

/** A reassignment in progress. */
export interface OngoingPartitionReassignment {
  partitionIndex: number;
  replicas: number[];
  addingReplicas?: number[];
  removingReplicas?: number[];
}

/** A topic's reassignments in progress. */
export interface OngoingTopicReassignment {
  topic: string;
  partitions: OngoingPartitionReassignment[];
}

/** What `listPartitionReassignments` resolves to. */
export interface ListPartitionReassignmentsResponse {
  topics: OngoingTopicReassignment[];
}

/** A group as `listGroups` lists it. */
export type GroupOverview = { groupId: string; protocolType: string };

/** A committed offset with its metadata. */
export type FetchOffsetsPartition = PartitionOffset & { metadata: string | null };
