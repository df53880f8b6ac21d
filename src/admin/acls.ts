/**
 * ACL administration (Java `Admin#describeAcls`, `#createAcls`, `#deleteAcls`; KIP-140, prefixed
 * patterns KIP-290). The three go to any broker; under KRaft the broker forwards creations and
 * deletions to the controller (KIP-590), which writes them to the metadata log. A creation is
 * one resource (its binding's outcome), a deletion filter is one resource (the bindings it
 * matched and removed, each with its own error, Java `DeleteAclsResult.FilterResults`).
 * Bindings and filters are checked here first, as Java does: one that cannot be sent fails
 * alone with INVALID_ARGUMENT.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { type BrokerError, errorForCode } from '../protocol/broker-error.js';
import {
  type AclBinding,
  type AclBindingFilter,
  aclCreation,
  aclFilterToWire,
  aclFromWire,
  bindingName,
  bindingProblem,
  filterName,
  filterProblem,
} from './acl-binding.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { anyBroker } from './routers.js';

/** One binding a deletion filter matched: removed, or its own error. */
export interface DeletedAcl {
  readonly binding: AclBinding;
  /** Why this binding was not removed, if it was not. */
  readonly error?: BrokerError;
}

/** The bindings matching `filter` (every binding when it names nothing). */
export async function describeAcls(
  cluster: Cluster,
  filter: AclBindingFilter = {},
  options: CallOptions = {},
): Promise<AclBinding[]> {
  const problem = filterProblem(filter);
  if (problem !== undefined) throw new InvalidArgumentError(`ACL filter: ${problem}`);
  const response = await cluster.send('DescribeAcls', aclFilterToWire(filter), {
    ...options,
    errorOf: (r) => errorForCode(r.errorCode, r.errorMessage),
  });
  return response.resources.flatMap((r) =>
    r.acls.map((acl) =>
      aclFromWire({
        ...acl,
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        patternType: r.patternType,
      }),
    ),
  );
}

/** Creates ACLs: each binding's outcome. */
export function createAcls(
  cluster: Cluster,
  bindings: readonly AclBinding[],
  options: CallOptions = {},
): Promise<AdminResults<AclBinding, void>> {
  return fanOut(
    cluster,
    bindings,
    {
      api: 'CreateAcls',
      kind: 'acl',
      nameOf: bindingName,
      check: bindingProblem,
      router: anyBroker(),
      request: (list) => ({ creations: list.map(aclCreation) }),
      // The results come in the order of the creations (CreateAclsResponse has no names).
      answers: (response, list) =>
        new Map(
          response.results.flatMap((r, i) =>
            i < list.length
              ? [[bindingName(list[i]!), answerOf(r.errorCode, r.errorMessage, () => undefined)]]
              : [],
          ),
        ),
    },
    { ...options, operation: 'createAcls' },
  );
}

/** Deletes the ACLs each filter matches: each filter's outcome lists the matched bindings. */
export function deleteAcls(
  cluster: Cluster,
  filters: readonly AclBindingFilter[],
  options: CallOptions = {},
): Promise<AdminResults<AclBindingFilter, DeletedAcl[]>> {
  return fanOut(
    cluster,
    filters,
    {
      api: 'DeleteAcls',
      kind: 'acl-filter',
      nameOf: filterName,
      check: filterProblem,
      router: anyBroker(),
      request: (list) => ({ filters: list.map(aclFilterToWire) }),
      // Results come in the order of the filters.
      answers: (response, list) => {
        const out = new Map<string, Answer<DeletedAcl[]>>();
        response.filterResults.forEach((r, i) => {
          const filter = list[i];
          if (filter === undefined) return;
          out.set(
            filterName(filter),
            answerOf(r.errorCode, r.errorMessage, () =>
              r.matchingAcls.map((m) => {
                const error = errorForCode(m.errorCode, m.errorMessage);
                return { binding: aclFromWire(m), ...(error === undefined ? {} : { error }) };
              }),
            ),
          );
        });
        return out;
      },
    },
    { ...options, operation: 'deleteAcls' },
  );
}
