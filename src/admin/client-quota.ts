/**
 * Client quota entities, filters and alterations (KIP-546; Java `ClientQuotaEntity`,
 * `ClientQuotaFilter`, `ClientQuotaFilterComponent`, `ClientQuotaAlteration`) and their wire
 * forms. An entity names a user, a client id, an IP, or a user and client id together; `null`
 * for a name is the default entity of that type (`<default>` in `kafka-configs.sh`). Pure.
 */
import type { DescribeClientQuotasRequestComponentData } from '../protocol/messages/describe-client-quotas.js';

/** The entity types Kafka knows (Java `ClientQuotaEntity.USER`, `CLIENT_ID`, `IP`). */
export type QuotaEntityType = 'user' | 'client-id' | 'ip';

const entityTypes: readonly QuotaEntityType[] = ['user', 'client-id', 'ip'];

/** An entity: each type it names with its name, or null for that type's default entity. */
export type ClientQuotaEntity = Readonly<Partial<Record<QuotaEntityType, string | null>>>;

/**
 * One component of a filter: entities with this type and `name` (null: the default entity);
 * with `name` left out, any entity of the type.
 */
export interface ClientQuotaFilterComponent {
  readonly entityType: QuotaEntityType;
  readonly name?: string | null;
}

/** Which quotas `describeClientQuotas` returns. */
export interface ClientQuotaFilter {
  /** Entities matching every component (none: every entity). */
  readonly components?: readonly ClientQuotaFilterComponent[];
  /** Only entities with no other type than the components' (Java `containsOnly`). Default false. */
  readonly strict?: boolean;
}

/** One quota change: `value` null removes the quota. */
export interface ClientQuotaOperation {
  readonly key: string;
  readonly value: number | null;
}

/** The changes to one entity's quotas. */
export interface ClientQuotaAlteration {
  readonly entity: ClientQuotaEntity;
  readonly ops: readonly ClientQuotaOperation[];
}

/** One entity's quotas, as `describeClientQuotas` returns them. */
export interface ClientQuotaEntry {
  readonly entity: ClientQuotaEntity;
  /** Quota name (`producer_byte_rate`, `consumer_byte_rate`, `request_percentage`, ...) to value. */
  readonly values: Readonly<Record<string, number>>;
}

/** Match types of a filter component (DescribeClientQuotasRequest `MatchType`). */
const MATCH = { exact: 0, default: 1, any: 2 } as const;

/** The wire entity (type and name pairs) of `entity`, in Kafka's type order. */
export function entityToWire(entity: ClientQuotaEntity): { entityType: string; entityName: string | null }[] {
  return entityTypes
    .filter((t) => Object.hasOwn(entity, t))
    .map((t) => ({ entityType: t, entityName: entity[t]! }));
}

/** The entity of wire type and name pairs (types this client does not know are kept as given). */
export function entityFromWire(
  pairs: readonly { entityType: string; entityName: string | null }[],
): ClientQuotaEntity {
  const entity: Record<string, string | null> = {};
  for (const p of pairs) entity[p.entityType] = p.entityName;
  return entity;
}

/** A printable name of an entity, as kafka-configs.sh names them (`user=alice,client-id=<default>`). */
export function entityName(entity: ClientQuotaEntity): string {
  const pairs = entityToWire(entity);
  return pairs.length === 0
    ? '(no entity)'
    : pairs.map((p) => `${p.entityType}=${p.entityName ?? '<default>'}`).join(',');
}

/** The wire components of `filter`. */
export function filterToWire(
  filter: ClientQuotaFilter,
): Omit<DescribeClientQuotasRequestComponentData, 'unknownTaggedFields'>[] {
  return (filter.components ?? []).map((c) => {
    if (c.name === undefined) return { entityType: c.entityType, matchType: MATCH.any, match: null };
    if (c.name === null) return { entityType: c.entityType, matchType: MATCH.default, match: null };
    return { entityType: c.entityType, matchType: MATCH.exact, match: c.name };
  });
}

function nameProblem(value: unknown, field: string): string | undefined {
  return value === null || (typeof value === 'string' && value !== '')
    ? undefined
    : `${field} must be a non-empty string, or null for the default entity`;
}

/** Why `entity` cannot be named to a broker, if it cannot. */
export function entityProblem(entity: ClientQuotaEntity): string | undefined {
  if (entity === null || typeof entity !== 'object') return 'an entity must be an object';
  const keys = Object.keys(entity);
  const unknown = keys.find((k) => !entityTypes.includes(k as QuotaEntityType));
  if (unknown !== undefined)
    return `unknown entity type ${JSON.stringify(unknown)}: use user, client-id or ip`;
  if (keys.length === 0) return 'an entity names at least one of user, client-id, ip';
  for (const k of keys) {
    const problem = nameProblem(entity[k as QuotaEntityType], k);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why `alteration` cannot be sent, if it cannot. */
export function alterationProblem(alteration: ClientQuotaAlteration): string | undefined {
  if (alteration === null || typeof alteration !== 'object') return 'an alteration must be an object';
  const entity = entityProblem(alteration.entity);
  if (entity !== undefined) return entity;
  if (!Array.isArray(alteration.ops)) return 'ops must be an array';
  for (const op of alteration.ops) {
    if (typeof op?.key !== 'string' || op.key === '') return 'each op needs a quota name as key';
    if (op.value !== null && (typeof op.value !== 'number' || !Number.isFinite(op.value)))
      return `${op.key}: value must be a finite number, or null to remove the quota`;
  }
  return undefined;
}

/** Why `filter` cannot be sent, if it cannot. */
export function filterProblem(filter: ClientQuotaFilter): string | undefined {
  for (const c of filter.components ?? []) {
    if (!entityTypes.includes(c?.entityType))
      return `unknown entity type ${JSON.stringify(c?.entityType)}: use user, client-id or ip`;
    if (c.name !== undefined) {
      const problem = nameProblem(c.name, `${c.entityType} name`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
