/**
 * ACL bindings and filters as the admin client takes and returns them (Java:
 * `org.apache.kafka.common.acl.AclBinding` / `AclBindingFilter`, flattened as the wire carries
 * them), the enum codes of the protocol (Java `ResourceType`, `PatternType`,
 * `AclPermissionType`, and `AclOperation` in `authorized-operations.ts`; names are Java's constants), and the checks Java's client makes before
 * sending one (`AclBinding#isUnknown`, `AclBindingFilter#findIndefiniteField`). Pure.
 */
import type { CreateAclsRequestAclCreation } from '../protocol/messages/create-acls.js';
import type { DeleteAclsRequestDeleteAclsFilter } from '../protocol/messages/delete-acls.js';
import { type AclOperationName, aclOperationCodes } from './authorized-operations.js';

/** Resource type codes (Java `ResourceType`). */
export const aclResourceTypes = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
} as const;

/** Pattern type codes (Java `PatternType`, KIP-290). */
export const aclPatternTypes = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;

/** Permission type codes (Java `AclPermissionType`). */
export const aclPermissionTypes = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

/** A resource type; `UNKNOWN` in a result is a type this client does not know. */
export type AclResourceType = keyof typeof aclResourceTypes;
/** A pattern type; `ANY` and `MATCH` only in filters. */
export type AclPatternType = keyof typeof aclPatternTypes;
/** A permission; `ANY` only in filters. */
export type AclPermissionType = keyof typeof aclPermissionTypes;

/**
 * One ACL: who (`principal`, e.g. `User:alice`, from `host`, `*` for any) may or may not do
 * `operation` on the resources `resourceType`/`resourceName` names under `patternType`
 * (`LITERAL`: that name, `*` for all; `PREFIXED`: names starting with it).
 */
export interface AclBinding {
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
  readonly principal: string;
  readonly host: string;
  readonly operation: AclOperationName;
  readonly permissionType: AclPermissionType;
}

/**
 * Which ACLs to describe or delete: every field left out (or `ANY`, or null for the strings)
 * matches anything. `patternType: 'MATCH'` matches the bindings that apply to `resourceName`:
 * literal, wildcard and prefixed ones (KIP-290).
 */
export interface AclBindingFilter {
  readonly resourceType?: AclResourceType;
  readonly resourceName?: string | null;
  readonly patternType?: AclPatternType;
  readonly principal?: string | null;
  readonly host?: string | null;
  readonly operation?: AclOperationName;
  readonly permissionType?: AclPermissionType;
}

/** The wire shape of a filter, shared by DescribeAcls and DeleteAcls. */
export type WireAclFilter = Omit<DeleteAclsRequestDeleteAclsFilter, 'unknownTaggedFields'>;

/** The wire shape of one ACL, as DescribeAcls and DeleteAcls return them. */
export interface WireAcl {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly patternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

function nameOf<T extends Record<string, number>>(codes: T, code: number): keyof T {
  for (const [name, value] of Object.entries(codes)) if (value === code) return name;
  return 'UNKNOWN';
}

/** The binding of one ACL read from a response. */
export function aclFromWire(acl: WireAcl): AclBinding {
  return {
    resourceType: nameOf(aclResourceTypes, acl.resourceType),
    resourceName: acl.resourceName,
    patternType: nameOf(aclPatternTypes, acl.patternType),
    principal: acl.principal,
    host: acl.host,
    operation: nameOf(aclOperationCodes, acl.operation),
    permissionType: nameOf(aclPermissionTypes, acl.permissionType),
  };
}

/** The CreateAcls entry of a binding that passed {@link bindingProblem}. */
export function aclCreation(binding: AclBinding): Omit<CreateAclsRequestAclCreation, 'unknownTaggedFields'> {
  return {
    resourceType: aclResourceTypes[binding.resourceType],
    resourceName: binding.resourceName,
    resourcePatternType: aclPatternTypes[binding.patternType],
    principal: binding.principal,
    host: binding.host,
    operation: aclOperationCodes[binding.operation],
    permissionType: aclPermissionTypes[binding.permissionType],
  };
}

/** The wire filter of a filter that passed {@link filterProblem}. */
export function aclFilterToWire(filter: AclBindingFilter): WireAclFilter {
  return {
    resourceTypeFilter: aclResourceTypes[filter.resourceType ?? 'ANY'],
    resourceNameFilter: filter.resourceName ?? null,
    patternTypeFilter: aclPatternTypes[filter.patternType ?? 'ANY'],
    principalFilter: filter.principal ?? null,
    hostFilter: filter.host ?? null,
    operation: aclOperationCodes[filter.operation ?? 'ANY'],
    permissionType: aclPermissionTypes[filter.permissionType ?? 'ANY'],
  };
}

/** A printable name of a binding, for results and errors. */
export function bindingName(b: AclBinding): string {
  return `${b.permissionType} ${b.principal}@${b.host} ${b.operation} ${b.resourceType}:${b.patternType}:${b.resourceName}`;
}

/** A printable name of a filter (`*` for what it leaves open), for results and errors. */
export function filterName(f: AclBindingFilter): string {
  const open = (v: string | null | undefined, any?: string) =>
    v === undefined || v === null || v === any ? '*' : v;
  return `${open(f.permissionType, 'ANY')} ${open(f.principal)}@${open(f.host)} ${open(f.operation, 'ANY')} ${open(
    f.resourceType,
    'ANY',
  )}:${open(f.patternType, 'ANY')}:${open(f.resourceName)}`;
}

function enumProblem<T extends Record<string, number>>(
  codes: T,
  value: unknown,
  field: string,
  refused: readonly string[],
): string | undefined {
  if (typeof value !== 'string' || !Object.hasOwn(codes, value))
    return `${field} must be one of ${Object.keys(codes)
      .filter((k) => !refused.includes(k))
      .join(', ')}, not ${JSON.stringify(value)}`;
  if (refused.includes(value)) return `${field} ${value} is not allowed here`;
  return undefined;
}

/**
 * Why `binding` cannot be created, if it cannot (Java `AclBinding#isUnknown` and
 * `CreateAclsRequest#validate`): a binding is definite — no UNKNOWN or ANY, no MATCH pattern,
 * and names present.
 */
export function bindingProblem(binding: AclBinding): string | undefined {
  if (binding === null || typeof binding !== 'object') return 'an ACL binding must be an object';
  const definite = ['UNKNOWN', 'ANY'];
  return (
    enumProblem(aclResourceTypes, binding.resourceType, 'resourceType', definite) ??
    enumProblem(aclPatternTypes, binding.patternType, 'patternType', [...definite, 'MATCH']) ??
    enumProblem(aclOperationCodes, binding.operation, 'operation', definite) ??
    enumProblem(aclPermissionTypes, binding.permissionType, 'permissionType', definite) ??
    (typeof binding.resourceName === 'string' && binding.resourceName !== ''
      ? undefined
      : 'resourceName must be a non-empty string') ??
    (typeof binding.principal === 'string' && /^[^:]+:.+$/.test(binding.principal)
      ? undefined
      : `principal must be "Type:name" (e.g. User:alice), not ${JSON.stringify(binding.principal)}`) ??
    (typeof binding.host === 'string' && binding.host !== ''
      ? undefined
      : 'host must be a non-empty string ("*" for any)')
  );
}

/** Why `filter` cannot be sent, if it cannot: UNKNOWN values match nothing the broker stores. */
export function filterProblem(filter: AclBindingFilter): string | undefined {
  if (filter === null || typeof filter !== 'object') return 'an ACL filter must be an object';
  const unknown = ['UNKNOWN'];
  const optional = <T extends Record<string, number>>(codes: T, value: unknown, field: string) =>
    value === undefined ? undefined : enumProblem(codes, value, field, unknown);
  const text = (value: unknown, field: string) =>
    value === undefined || value === null || typeof value === 'string'
      ? undefined
      : `${field} must be a string or null`;
  return (
    optional(aclResourceTypes, filter.resourceType, 'resourceType') ??
    optional(aclPatternTypes, filter.patternType, 'patternType') ??
    optional(aclOperationCodes, filter.operation, 'operation') ??
    optional(aclPermissionTypes, filter.permissionType, 'permissionType') ??
    text(filter.resourceName, 'resourceName') ??
    text(filter.principal, 'principal') ??
    text(filter.host, 'host')
  );
}
