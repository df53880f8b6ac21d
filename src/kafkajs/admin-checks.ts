/**
 * KafkaJS's admin argument checks, with its messages (applications and KafkaJS's own specs
 * match on them): each throws a `KafkaJSNonRetriableError` before any request.
 */
import type { AclEntry, AclFilter, IResourceConfig, ResourceConfigQuery } from './admin-types.js';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ResourcePatternTypes,
} from './enums.js';
import { KafkaJSNonRetriableError } from './errors.js';

const fail = (message: string): never => {
  throw new KafkaJSNonRetriableError(message);
};
const isName = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isCode = (table: Record<string, number>, v: unknown) => Object.values(table).includes(v as number);

/** A list of objects naming distinct topics in `field` (`createTopics`, `createPartitions`, reassignments). */
export function checkTopicList(list: unknown, field: 'topic', what = 'topics array'): void {
  if (!Array.isArray(list)) fail(`Invalid ${what} ${String(list)}`);
  const names = (list as Record<string, unknown>[]).map((t) => t?.[field]);
  if (!names.every(isName)) fail(`Invalid ${what}, the topic names have to be a valid string`);
  if (new Set(names).size < names.length)
    fail(`Invalid ${what}, it cannot have multiple entries for the same topic`);
}

/** `createTopics`' topics and their config entries. */
export function checkNewTopics(topics: unknown): void {
  checkTopicList(topics, 'topic');
  for (const { topic, configEntries } of topics as { topic: string; configEntries?: unknown }[]) {
    if (configEntries === undefined) continue;
    if (!Array.isArray(configEntries)) fail(`Invalid configEntries for topic "${topic}", must be an array`);
    (configEntries as unknown[]).forEach((entry, index) => {
      if (entry === null || typeof entry !== 'object')
        fail(`Invalid configEntries for topic "${topic}". Entry ${index} must be an object`);
      for (const property of ['name', 'value'])
        if (typeof (entry as Record<string, unknown>)[property] !== 'string')
          fail(
            `Invalid configEntries for topic "${topic}". Entry ${index} must have a valid "${property}" property`,
          );
    });
  }
}

/** `createPartitions`' topic partitions. */
export function checkTopicPartitions(list: unknown): void {
  if (!Array.isArray(list)) fail(`Invalid topic partitions array ${String(list)}`);
  if ((list as unknown[]).length === 0) fail('Empty topic partitions array');
  checkTopicList(list, 'topic', 'topic partitions array');
}

/** `deleteTopics`' names. */
export function checkTopicNames(topics: unknown): void {
  if (!Array.isArray(topics)) fail(`Invalid topics array ${String(topics)}`);
  if (!(topics as unknown[]).every(isName)) fail('Invalid topics array, the names must be a valid string');
}

/** One topic name. */
export function checkTopic(topic: unknown, quoted = false): void {
  if (!isName(topic)) fail(quoted ? `Invalid topic "${String(topic)}"` : `Invalid topic ${String(topic)}`);
}

/** A group id. */
export function checkGroupId(groupId: unknown): void {
  if (!isName(groupId)) fail(`Invalid groupId ${String(groupId)}`);
}

/** Partitions and offsets (`setOffsets`, `deleteTopicRecords`). */
export function checkPartitions(partitions: unknown): void {
  if (!Array.isArray(partitions) || partitions.length === 0) fail('Invalid partitions');
}

/** `describeConfigs`' and `alterConfigs`' resources. */
export function checkConfigResources(resources: unknown, entries: 'configNames' | 'configEntries'): void {
  if (!Array.isArray(resources)) fail(`Invalid resources array ${String(resources)}`);
  const list = resources as (ResourceConfigQuery & IResourceConfig)[];
  if (list.length === 0) fail('Resources array cannot be empty');
  const badType = list.find((r) => !isCode(ConfigResourceTypes, r.type));
  if (badType) fail(`Invalid resource type ${String(badType.type)}: ${JSON.stringify(badType)}`);
  const badName = list.find((r) => typeof r.name !== 'string');
  if (badName) fail(`Invalid resource name ${String(badName.name)}: ${JSON.stringify(badName)}`);
  if (entries === 'configNames') {
    const bad = list.find((r) => r.configNames !== undefined && !Array.isArray(r.configNames));
    if (bad) fail(`Invalid resource configNames ${String(bad.configNames)}: ${JSON.stringify(bad)}`);
    return;
  }
  const bad = list.find((r) => !Array.isArray(r.configEntries));
  if (bad) fail(`Invalid resource configEntries ${String(bad.configEntries)}: ${JSON.stringify(bad)}`);
  const badValue = list.find((r) => r.configEntries.some((e) => typeof e.value !== 'string'));
  if (badValue) fail(`Invalid resource config value: ${JSON.stringify(badValue)}`);
}

/** `deleteGroups`' group ids. */
export function checkGroupIds(groupIds: unknown): void {
  if (!Array.isArray(groupIds)) fail(`Invalid groupIds array ${String(groupIds)}`);
  const bad = (groupIds as unknown[]).find((g) => !isName(g));
  if (bad !== undefined) fail(`Invalid groupId name: ${JSON.stringify(bad)}`);
}

/** `createAcls`' entries and `deleteAcls`' filters (`what`: 'ACL' or 'ACL Filter'). */
export function checkAclList(list: unknown, what: 'ACL' | 'ACL Filter', optional: boolean): void {
  if (!Array.isArray(list)) fail(`Invalid ${what} array ${String(list)}`);
  const acls = list as (AclEntry | AclFilter)[];
  if (acls.length === 0) fail(`Empty ${what} array`);
  const text = (v: unknown) => (optional && v === undefined) || typeof v === 'string';
  if (!acls.every((a) => text(a.principal)))
    fail(`Invalid ${what} array, the principals have to be a valid string`);
  if (!acls.every((a) => text(a.host))) fail(`Invalid ${what} array, the hosts have to be a valid string`);
  if (!acls.every((a) => text(a.resourceName)))
    fail(`Invalid ${what} array, the resourceNames have to be a valid string`);
  const bad = (field: keyof AclEntry, table: Record<string, number>, name: string) => {
    const found = acls.find((a) => !isCode(table, a[field]));
    if (found) fail(`Invalid ${name} ${String(found[field])}: ${JSON.stringify(found)}`);
  };
  bad('operation', AclOperationTypes, 'operation type');
  bad('permissionType', AclPermissionTypes, 'permission type');
  bad('resourceType', AclResourceTypes, 'resource type');
  bad('resourcePatternType', ResourcePatternTypes, 'resource pattern type');
}

/** `describeAcls`' filter. */
export function checkAclFilter(filter: AclFilter): void {
  const text = (v: unknown) => v === undefined || typeof v === 'string';
  if (!text(filter.principal)) fail('Invalid principal, the principal have to be a valid string');
  if (!text(filter.host)) fail('Invalid host, the host have to be a valid string');
  if (!text(filter.resourceName)) fail('Invalid resourceName, the resourceName have to be a valid string');
  if (!isCode(AclOperationTypes, filter.operation))
    fail(`Invalid operation type ${String(filter.operation)}`);
  if (!isCode(ResourcePatternTypes, filter.resourcePatternType))
    fail(`Invalid resource pattern filter type ${String(filter.resourcePatternType)}`);
  if (!isCode(AclPermissionTypes, filter.permissionType))
    fail(`Invalid permission type ${String(filter.permissionType)}`);
  if (!isCode(AclResourceTypes, filter.resourceType))
    fail(`Invalid resource type ${String(filter.resourceType)}`);
}

/** `alterPartitionReassignments`' topics. */
export function checkReassignments(topics: unknown): void {
  checkTopicList(topics, 'topic');
  for (const { topic, partitionAssignment } of topics as { topic: string; partitionAssignment: unknown }[]) {
    if (!Array.isArray(partitionAssignment))
      fail(`Invalid partitions array: ${String(partitionAssignment)} for topic: ${topic}`);
    for (const { partition, replicas } of partitionAssignment as {
      partition: unknown;
      replicas: unknown;
    }[]) {
      if (!Number.isInteger(partition) || (partition as number) < 0)
        fail(`Invalid partitions index: ${String(partition)} for topic: ${topic}`);
      if (!Array.isArray(replicas))
        fail(
          `Invalid replica assignment: ${String(replicas)} for topic: ${topic} on partition: ${String(partition)}`,
        );
      if (!(replicas as unknown[]).every((r) => Number.isInteger(r) && (r as number) >= 0))
        fail(
          `Invalid replica assignment: ${String(replicas)} for topic: ${topic} on partition: ${String(partition)}. Replicas must be a non negative number`,
        );
    }
  }
}

/** `listPartitionReassignments`' topics (absent: all). */
export function checkReassignmentTopics(topics: unknown): void {
  if (topics === undefined || topics === null) return;
  checkTopicList(topics, 'topic');
  for (const { topic, partitions } of topics as { topic: string; partitions: unknown }[]) {
    if (!Array.isArray(partitions))
      fail(`Invalid partition array: ${String(partitions)} for topic: ${topic}`);
    if (!(partitions as unknown[]).every((p) => Number.isInteger(p) && (p as number) >= 0))
      fail(
        `Invalid partition array: ${String(partitions)} for topic: ${topic}. The partition indices have to be a valid number greater than 0.`,
      );
  }
}
