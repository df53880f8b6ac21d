/**
 * Client quotas (Java `Admin#describeClientQuotas`, `#alterClientQuotas`; KIP-546). Both go to
 * any broker (alterations are forwarded to the controller, KIP-590). The resource of an
 * alteration is its entity (`user=alice,client-id=<default>`); entities, filters and operations
 * are checked here first (`client-quota.ts`).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { errorForCode } from '../protocol/broker-error.js';
import {
  alterationProblem,
  type ClientQuotaAlteration,
  type ClientQuotaEntry,
  type ClientQuotaFilter,
  entityFromWire,
  entityName,
  entityToWire,
  filterProblem,
  filterToWire,
} from './client-quota.js';
import { answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { anyBroker } from './routers.js';

/** Options of `alterClientQuotas`. */
export interface AlterClientQuotasOptions extends CallOptions {
  /** Only check the alterations. Default false. */
  readonly validateOnly?: boolean;
}

/** The quotas of the entities `filter` matches (every entity with a quota when it names none). */
export async function describeClientQuotas(
  cluster: Cluster,
  filter: ClientQuotaFilter = {},
  options: CallOptions = {},
): Promise<ClientQuotaEntry[]> {
  const problem = filterProblem(filter);
  if (problem !== undefined) throw new InvalidArgumentError(`client quota filter: ${problem}`);
  const response = await cluster.send(
    'DescribeClientQuotas',
    { components: filterToWire(filter), strict: filter.strict ?? false },
    { ...options, errorOf: (r) => errorForCode(r.errorCode, r.errorMessage) },
  );
  return (response.entries ?? []).map((e) => ({
    entity: entityFromWire(e.entity),
    values: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
  }));
}

/** Sets and removes quotas: each entity's outcome. */
export function alterClientQuotas(
  cluster: Cluster,
  alterations: readonly ClientQuotaAlteration[],
  options: AlterClientQuotasOptions = {},
): Promise<AdminResults<ClientQuotaAlteration, void>> {
  const nameOf = (a: ClientQuotaAlteration) =>
    a !== null && typeof a === 'object' && a.entity !== null && typeof a.entity === 'object'
      ? entityName(a.entity)
      : String(a);
  return fanOut(
    cluster,
    alterations,
    {
      api: 'AlterClientQuotas',
      kind: 'quota-entity',
      nameOf,
      check: alterationProblem,
      router: anyBroker(),
      request: (list) => ({
        entries: list.map((a) => ({
          entity: entityToWire(a.entity),
          ops: a.ops.map((op) => ({ key: op.key, value: op.value ?? 0, remove: op.value === null })),
        })),
        validateOnly: options.validateOnly ?? false,
      }),
      answers: (response) =>
        new Map(
          response.entries.map((e) => [
            entityName(entityFromWire(e.entity)),
            answerOf(e.errorCode, e.errorMessage, () => undefined),
          ]),
        ),
    },
    { ...options, operation: 'alterClientQuotas' },
  );
}
