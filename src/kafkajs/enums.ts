/**
 * KafkaJS's enumerations, with KafkaJS's names and numbers (the protocol's codes for the ACL and
 * config ones, so they go to the broker as they are). Objects `as const` with a type of the same
 * name, so that `logLevel.INFO` is a value and `(level: logLevel) => ...` a type, as with
 * KafkaJS's TypeScript enums. The ACL codes are the admin client's tables, without the codes
 * newer than KafkaJS.
 */
import { aclPatternTypes, aclPermissionTypes, aclResourceTypes } from '../admin/acl-binding.js';
import { aclOperationCodes } from '../admin/authorized-operations.js';

/** `table` without the entries `names`. */
function without<T extends Record<string, number>, K extends keyof T>(table: T, ...names: K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(table).filter(([name]) => !names.includes(name as K))) as Omit<
    T,
    K
  >;
}

/** The severity of a log line; a logger writes the lines at or below its level. */
export const logLevel = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 } as const;
/** One of {@link logLevel}'s values. */
export type logLevel = (typeof logLevel)[keyof typeof logLevel];

/** The compression of a produce request (the record batch's attribute bits). */
export const CompressionTypes = { None: 0, GZIP: 1, Snappy: 2, LZ4: 3, ZSTD: 4 } as const;
/** One of {@link CompressionTypes}' values. */
export type CompressionTypes = (typeof CompressionTypes)[keyof typeof CompressionTypes];

/** Resource types of the ACL APIs (Java `ResourceType`). */
export const AclResourceTypes = without(aclResourceTypes, 'USER');
/** One of {@link AclResourceTypes}' values. */
export type AclResourceTypes = (typeof AclResourceTypes)[keyof typeof AclResourceTypes];

/** Resource types of DescribeConfigs / AlterConfigs (Java `ConfigResource.Type`). */
export const ConfigResourceTypes = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
/** One of {@link ConfigResourceTypes}' values. */
export type ConfigResourceTypes = (typeof ConfigResourceTypes)[keyof typeof ConfigResourceTypes];

/** Where a config value comes from (DescribeConfigs v1+, Java `ConfigEntry.ConfigSource`). */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;
/** One of {@link ConfigSource}'s values. */
export type ConfigSource = (typeof ConfigSource)[keyof typeof ConfigSource];

/** Whether an ACL allows or denies (Java `AclPermissionType`). */
export const AclPermissionTypes = aclPermissionTypes;
/** One of {@link AclPermissionTypes}' values. */
export type AclPermissionTypes = (typeof AclPermissionTypes)[keyof typeof AclPermissionTypes];

/** The operation an ACL is about (Java `AclOperation`). */
export const AclOperationTypes = without(
  aclOperationCodes,
  'CREATE_TOKENS',
  'DESCRIBE_TOKENS',
  'TWO_PHASE_COMMIT',
);
/** One of {@link AclOperationTypes}' values. */
export type AclOperationTypes = (typeof AclOperationTypes)[keyof typeof AclOperationTypes];

/** How an ACL's resource name matches (Java `PatternType`, KIP-290). */
export const ResourcePatternTypes = aclPatternTypes;
/** One of {@link ResourcePatternTypes}' values. */
export type ResourcePatternTypes = (typeof ResourcePatternTypes)[keyof typeof ResourcePatternTypes];
