/**
 * KafkaJS's config and ACL shapes to kafe's and back: KafkaJS numbers resource types, sources,
 * operations and permissions by their protocol codes, kafe names them.
 */
import type {
  AclBinding,
  AclBindingFilter,
  AclPatternType,
  AclPermissionType,
  AclResourceType,
} from '../admin/acl-binding.js';
import type { AclOperationName } from '../admin/authorized-operations.js';
import type { ConfigResource, ConfigResourceType } from '../admin/config-resources.js';
import type { ConfigEntry } from '../admin/configs.js';
import type { AclEntry, AclFilter, ConfigEntries, MatchingAcl } from './admin-types.js';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ConfigSource,
  ResourcePatternTypes,
} from './enums.js';
import { KafkaJSNonRetriableError } from './errors.js';

/** The name whose code is `code` in `table`. */
function nameOf<T extends Record<string, number>>(table: T, code: number, what: string): keyof T & string {
  const name = Object.keys(table).find((k) => table[k] === code);
  if (name === undefined) throw new KafkaJSNonRetriableError(`Invalid ${what} ${String(code)}`);
  return name;
}

const CONFIG_RESOURCE_NAMES: Record<number, ConfigResourceType> = {
  [ConfigResourceTypes.TOPIC]: 'topic',
  [ConfigResourceTypes.BROKER]: 'broker',
  [ConfigResourceTypes.BROKER_LOGGER]: 'broker-logger',
};

/** kafe's config resource for KafkaJS's type and name. */
export function configResource(type: ConfigResourceTypes, name: string): ConfigResource {
  const kind = CONFIG_RESOURCE_NAMES[type];
  if (kind === undefined) throw new KafkaJSNonRetriableError(`Invalid config resource type ${String(type)}`);
  return { type: kind, name };
}

/** KafkaJS's number for a kafe config resource type. */
export function configResourceType(type: ConfigResourceType): ConfigResourceTypes {
  const code = Object.entries(CONFIG_RESOURCE_NAMES).find(([, n]) => n === type)?.[0];
  return (code === undefined ? ConfigResourceTypes.UNKNOWN : Number(code)) as ConfigResourceTypes;
}

/** KafkaJS's number for kafe's config source name (Java's `DYNAMIC_TOPIC_CONFIG` is KafkaJS's `TOPIC_CONFIG`). */
function configSource(source: ConfigEntry['source']): ConfigSource {
  if (source === 'DYNAMIC_TOPIC_CONFIG') return ConfigSource.TOPIC_CONFIG;
  return (ConfigSource as Record<string, ConfigSource>)[source] ?? ConfigSource.UNKNOWN;
}

/** A described config in KafkaJS's shape. */
export function configEntries(entry: ConfigEntry): ConfigEntries {
  return {
    configName: entry.name,
    configValue: entry.value as string,
    isDefault: entry.isDefault,
    configSource: configSource(entry.source),
    isSensitive: entry.isSensitive,
    readOnly: entry.isReadOnly,
    configSynonyms: entry.synonyms.map((s) => ({
      configName: s.name,
      configValue: s.value as string,
      configSource: configSource(s.source),
    })),
  };
}

/** kafe's ACL for KafkaJS's. */
export function aclBinding(acl: AclEntry): AclBinding {
  return {
    resourceType: nameOf(AclResourceTypes, acl.resourceType, 'ACL resource type') as AclResourceType,
    resourceName: acl.resourceName,
    patternType: nameOf(
      ResourcePatternTypes,
      acl.resourcePatternType,
      'resource pattern type',
    ) as AclPatternType,
    principal: acl.principal,
    host: acl.host,
    operation: nameOf(AclOperationTypes, acl.operation, 'ACL operation') as AclOperationName,
    permissionType: nameOf(
      AclPermissionTypes,
      acl.permissionType,
      'ACL permission type',
    ) as AclPermissionType,
  };
}

/** kafe's ACL filter for KafkaJS's (absent names, principals and hosts match any). */
export function aclFilter(filter: AclFilter): AclBindingFilter {
  return {
    resourceType: nameOf(AclResourceTypes, filter.resourceType, 'ACL resource type') as AclResourceType,
    resourceName: filter.resourceName ?? null,
    patternType: nameOf(
      ResourcePatternTypes,
      filter.resourcePatternType,
      'resource pattern type',
    ) as AclPatternType,
    principal: filter.principal ?? null,
    host: filter.host ?? null,
    operation: nameOf(AclOperationTypes, filter.operation, 'ACL operation') as AclOperationName,
    permissionType: nameOf(
      AclPermissionTypes,
      filter.permissionType,
      'ACL permission type',
    ) as AclPermissionType,
  };
}

/** KafkaJS's ACL for kafe's (a name kafe knows and KafkaJS does not is UNKNOWN). */
export function aclEntry(binding: AclBinding): AclEntry {
  const code = <T extends Record<string, number>>(table: T, name: string) =>
    ((table as Record<string, number>)[name] ?? 0) as T[keyof T];
  return {
    resourceType: code(AclResourceTypes, binding.resourceType),
    resourceName: binding.resourceName,
    resourcePatternType: code(ResourcePatternTypes, binding.patternType),
    principal: binding.principal,
    host: binding.host,
    operation: code(AclOperationTypes, binding.operation),
    permissionType: code(AclPermissionTypes, binding.permissionType),
  };
}

/** A deleted ACL in KafkaJS's shape. */
export function matchingAcl(
  binding: AclBinding,
  error?: { errorCode: number; message: string },
): MatchingAcl {
  return {
    errorCode: error?.errorCode ?? 0,
    ...(error === undefined ? {} : { errorMessage: error.message }),
    ...aclEntry(binding),
  };
}
