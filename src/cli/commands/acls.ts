/** `kafe acls list|add|remove`: ACL bindings (the cluster needs an authorizer). */
import type { AclBinding, AclBindingFilter, AclResourceType } from '../../admin/acl-binding.js';
import type { AclOperationName } from '../../admin/authorized-operations.js';
import { UsageError } from '../cli-errors.js';
import type { Command, OptionSpecs, OptionValues } from '../command.js';
import { flag, stringOption, stringsOption } from '../option-values.js';

const resourceOptions: OptionSpecs = {
  topic: { type: 'string', value: 'NAME', description: 'a topic ("*" for all)' },
  group: { type: 'string', value: 'NAME', description: 'a consumer group ("*" for all)' },
  'transactional-id': { type: 'string', value: 'ID', description: 'a transactional id ("*" for all)' },
  cluster: { type: 'boolean', description: 'the cluster' },
  prefixed: {
    type: 'boolean',
    description: 'NAME is a prefix (PREFIXED pattern) rather than a literal name',
  },
  principal: { type: 'string', value: 'PRINCIPAL', description: 'who, e.g. User:alice' },
  host: { type: 'string', value: 'HOST', description: 'from which host (default * for any)' },
  operation: {
    type: 'string',
    multiple: true,
    value: 'OP',
    description: 'READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, ALL, ...',
  },
  deny: { type: 'boolean', description: 'a DENY rule (default ALLOW)' },
};

function resourceOf(
  values: OptionValues,
  required: boolean,
): { type: AclResourceType; name: string } | undefined {
  const given: { type: AclResourceType; name: string }[] = [];
  const topic = stringOption(values, 'topic');
  if (topic !== undefined) given.push({ type: 'TOPIC', name: topic });
  const group = stringOption(values, 'group');
  if (group !== undefined) given.push({ type: 'GROUP', name: group });
  const txn = stringOption(values, 'transactional-id');
  if (txn !== undefined) given.push({ type: 'TRANSACTIONAL_ID', name: txn });
  if (flag(values, 'cluster')) given.push({ type: 'CLUSTER', name: 'kafka-cluster' });
  if (given.length > 1)
    throw new UsageError('name one resource: --topic, --group, --transactional-id or --cluster');
  if (required && given.length === 0)
    throw new UsageError('name a resource: --topic, --group, --transactional-id or --cluster');
  return given[0];
}

function operationsOf(values: OptionValues): AclOperationName[] {
  return stringsOption(values, 'operation').map(
    (o) => o.toUpperCase().replace(/-/g, '_') as AclOperationName,
  );
}

function filterOf(values: OptionValues): AclBindingFilter[] {
  const resource = resourceOf(values, false);
  const base: AclBindingFilter = {
    ...(resource
      ? {
          resourceType: resource.type,
          resourceName: resource.name,
          patternType: flag(values, 'prefixed') ? 'PREFIXED' : 'LITERAL',
        }
      : {}),
    principal: stringOption(values, 'principal') ?? null,
    host: stringOption(values, 'host') ?? null,
    ...(flag(values, 'deny') ? { permissionType: 'DENY' as const } : {}),
  };
  const operations = operationsOf(values);
  return operations.length === 0 ? [base] : operations.map((operation) => ({ ...base, operation }));
}

function bindingsOf(values: OptionValues): AclBinding[] {
  const resource = resourceOf(values, true)!;
  const principal = stringOption(values, 'principal');
  if (principal === undefined) throw new UsageError('give --principal, e.g. User:alice');
  const operations = operationsOf(values);
  if (operations.length === 0) throw new UsageError('give --operation (repeatable), e.g. --operation READ');
  return operations.map((operation) => ({
    resourceType: resource.type,
    resourceName: resource.name,
    patternType: flag(values, 'prefixed') ? 'PREFIXED' : 'LITERAL',
    principal,
    host: stringOption(values, 'host') ?? '*',
    operation,
    permissionType: flag(values, 'deny') ? 'DENY' : 'ALLOW',
  }));
}

const headers = ['PRINCIPAL', 'HOST', 'PERMISSION', 'OPERATION', 'RESOURCE', 'NAME', 'PATTERN'];
const row = (b: AclBinding) => [
  b.principal,
  b.host,
  b.permissionType,
  b.operation,
  b.resourceType,
  b.resourceName,
  b.patternType,
];

const list: Command = {
  words: ['acls', 'list'],
  summary: 'list ACL bindings, all or those matching the options',
  positionals: { min: 0, max: 0 },
  options: resourceOptions,
  examples: ['kafe acls list', 'kafe acls list --topic orders --principal User:alice'],
  async run({ values, output, kafka }) {
    const admin = kafka().admin();
    const found = (await Promise.all(filterOf(values).map((f) => admin.describeAcls(f)))).flat();
    if (output.json) return output.document(found);
    output.table(headers, found.map(row));
  },
};

const add: Command = {
  words: ['acls', 'add'],
  summary: 'add ACL bindings: a principal may (or may not, --deny) do operations on a resource',
  positionals: { min: 0, max: 0 },
  options: resourceOptions,
  examples: [
    'kafe acls add --principal User:alice --topic orders --operation READ --operation DESCRIBE',
    'kafe acls add --principal User:ci --topic test- --prefixed --operation ALL',
  ],
  async run({ values, output, kafka }) {
    const bindings = bindingsOf(values);
    (await kafka().admin().createAcls(bindings)).throwIfFailed();
    if (output.json) return output.document(bindings);
    output.lines(
      bindings.map(
        (b) =>
          `added: ${b.principal} ${b.permissionType} ${b.operation} on ${b.resourceType} ${b.resourceName} (${b.patternType})`,
      ),
    );
  },
};

const remove: Command = {
  words: ['acls', 'remove'],
  summary: 'remove the ACL bindings matching the options',
  positionals: { min: 0, max: 0 },
  options: resourceOptions,
  examples: ['kafe acls remove --principal User:alice --topic orders --operation READ'],
  async run({ values, output, kafka }) {
    const filters = filterOf(values);
    if (resourceOf(values, false) === undefined && stringOption(values, 'principal') === undefined)
      throw new UsageError('name what to remove: a resource (--topic, --group, ...) or --principal');
    const results = await kafka().admin().deleteAcls(filters);
    const removed = results.succeeded.flatMap((s) =>
      s.value.filter((d) => d.error === undefined).map((d) => d.binding),
    );
    if (output.json) output.document(removed);
    else
      output.lines(
        removed.map(
          (b) =>
            `removed: ${b.principal} ${b.permissionType} ${b.operation} on ${b.resourceType} ${b.resourceName} (${b.patternType})`,
        ),
      );
    results.throwIfFailed();
  },
};

/** The ACL commands. */
export const aclCommands: readonly Command[] = [list, add, remove];
