/**
 * Config resources and the codes of the config APIs (Java `ConfigResource`, `ConfigEntry`):
 * resource types, config sources and types as names, and where a resource's requests go. A
 * broker or broker-logger resource named by a broker id is answered by that broker only (its own
 * dynamic and static configs); the cluster-wide broker default (name `''`), topics, groups and
 * client-metrics resources are answered by any broker (they forward changes to the controller,
 * KIP-590).
 */

/** Config resource type codes (`resourceType` of the config APIs; Java `ConfigResource.Type`). */
export const configResourceTypeCodes = {
  topic: 2,
  broker: 4,
  'broker-logger': 8,
  'client-metrics': 16,
  group: 32,
} as const;

/** A kind of config resource. */
export type ConfigResourceType = keyof typeof configResourceTypeCodes;

/**
 * A resource that has configs: a topic by name, a broker by id (`'1'`; `''` for the cluster-wide
 * default), a broker's loggers (`broker-logger`, by broker id), a client-metrics subscription
 * (KIP-714) or a group (KIP-848 group configs) by name.
 */
export interface ConfigResource {
  readonly type: ConfigResourceType;
  readonly name: string;
}

/** Where a config value comes from (Java `ConfigEntry.ConfigSource`), by protocol code. */
const configSources = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'DYNAMIC_CLIENT_METRICS_CONFIG',
  'DYNAMIC_GROUP_CONFIG',
] as const;

/** Where a config value comes from. */
export type ConfigSource = (typeof configSources)[number];

/** A config's type (Java `ConfigEntry.ConfigType`), by protocol code. */
const configTypes = [
  'UNKNOWN',
  'BOOLEAN',
  'STRING',
  'INT',
  'SHORT',
  'LONG',
  'DOUBLE',
  'LIST',
  'CLASS',
  'PASSWORD',
] as const;

/** A config's type. */
export type ConfigType = (typeof configTypes)[number];

/** The source named by a protocol code (`UNKNOWN` for a code kafe does not know). */
export function configSourceOf(code: number): ConfigSource {
  return configSources[code] ?? 'UNKNOWN';
}

/** The type named by a protocol code (`UNKNOWN` for a code kafe does not know). */
export function configTypeOf(code: number): ConfigType {
  return configTypes[code] ?? 'UNKNOWN';
}

/** The type named by a resource type code, or `undefined` for one kafe does not know. */
export function configResourceTypeOf(code: number): ConfigResourceType | undefined {
  return (Object.keys(configResourceTypeCodes) as ConfigResourceType[]).find(
    (t) => configResourceTypeCodes[t] === code,
  );
}

/** A resource's name in results and errors: `topic orders`, `broker 1`. */
export function configResourceName(r: ConfigResource): string {
  return `${String(r?.type)} ${String(r?.name)}`;
}

/** Why `r` cannot be asked about, or `undefined`. */
export function configResourceProblem(r: ConfigResource): string | undefined {
  if (typeof r !== 'object' || r === null) return `${JSON.stringify(r)} is not a config resource`;
  if (!Object.hasOwn(configResourceTypeCodes, r.type))
    return `unknown config resource type ${JSON.stringify(r.type)} (one of ${Object.keys(configResourceTypeCodes).join(', ')})`;
  if (typeof r.name !== 'string') return `the resource name must be a string`;
  if ((r.type === 'broker' || r.type === 'broker-logger') && r.name !== '' && !/^\d+$/.test(r.name))
    return `a ${r.type} resource is named by a broker id, not ${JSON.stringify(r.name)}`;
  if (r.type === 'broker-logger' && r.name === '') return 'a broker-logger resource names one broker';
  if (r.type !== 'broker' && r.name === '') return `a ${r.type} resource name cannot be empty`;
  return undefined;
}

/** The broker that must answer about `r`: its id for a broker resource, else any broker. */
export function configResourceNode(r: ConfigResource): number | 'any' {
  return (r.type === 'broker' || r.type === 'broker-logger') && r.name !== '' ? Number(r.name) : 'any';
}
