/**
 * Consumer groups as a whole (Java `Admin#listGroups`, `#describeConsumerGroups`,
 * `#deleteConsumerGroups`, `#removeMembersFromConsumerGroup`, `#describeStreamsGroups`):
 * - listGroups asks every broker (each lists the groups it coordinates) and merges;
 * - describeConsumerGroups asks ConsumerGroupDescribe first (KIP-848 groups) and DescribeGroups
 *   for the groups it does not know as consumer groups, or for all of them where the broker
 *   does not serve it — so each group is described by the API of its type, as Java's
 *   `DescribeConsumerGroupsHandler` does;
 * - the others go to each group's coordinator, many groups per request where the API allows.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError, PartialFailureError } from '../cluster/errors.js';
import type { RoutableApi } from '../cluster/routing.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { type AclOperationName, authorizedOperations } from './authorized-operations.js';
import {
  type ConsumerGroupDescription,
  describeClassicGroup,
  describeKip848Group,
  type GroupState,
  type GroupType,
  groupState,
} from './consumer-group-description.js';
import { type Answer, answerOf, fanOut, type ResourceRequest } from './fan-out.js';
import type { AdminResults } from './results.js';
import { brokerIds, coordinators, withCoordinators } from './routers.js';
import { describeStreamsGroup, type StreamsGroupDescription } from './streams-group-description.js';

/** Options of {@link listGroups}. */
export interface ListGroupsOptions extends CallOptions {
  /** Only groups of these types (KIP-1043, ListGroups v5+). */
  types?: readonly GroupType[];
  /** Only groups in these states (KIP-518, ListGroups v4+). */
  states?: readonly GroupState[];
}

/** One group as ListGroups shows it (Java `GroupListing`). */
export interface GroupListing {
  readonly groupId: string;
  /** Its type; `undefined` from brokers older than ListGroups v5. */
  readonly type: GroupType | undefined;
  /** Its protocol type: `consumer` for consumer groups, empty for offsets-only groups, `connect`, ... */
  readonly protocolType: string;
  /** Its state; `undefined` from brokers older than ListGroups v4. */
  readonly state: GroupState | undefined;
}

const GROUP_TYPES: readonly GroupType[] = ['classic', 'consumer', 'share', 'streams'];

/**
 * Every group of the cluster, sorted by id. Throws a `PartialFailureError` (carrying every
 * broker's answer) when a broker could not be asked: its groups would be missing.
 */
export async function listGroups(cluster: Cluster, options: ListGroupsOptions = {}): Promise<GroupListing[]> {
  const types = [...(options.types ?? [])];
  const states = [...(options.states ?? [])];
  for (const t of types)
    if (!GROUP_TYPES.includes(t))
      throw new InvalidArgumentError(
        `types: ${JSON.stringify(t)} is not a group type (${GROUP_TYPES.join(', ')})`,
      );
  const requests = new Map(
    (await brokerIds(cluster, options)).map((id) => [id, { statesFilter: states, typesFilter: types }]),
  );
  const outcomes = await cluster.sendPerBroker('ListGroups', requests, {
    ...options,
    // Filters the broker cannot apply would list groups the caller did not ask for.
    version: (c) => {
      const v = c.versionFor('ListGroups');
      const needed = types.length > 0 ? 5 : states.length > 0 ? 4 : 0;
      if (v < needed)
        throw new UnsupportedVersionError(
          'ListGroups',
          `${c.broker} serves ListGroups up to v${v}; filtering by ${needed === 5 ? 'type' : 'state'} needs v${needed}`,
        );
      return v;
    },
    errorOf: (r) => errorForCode(r.errorCode),
  });
  if (outcomes.some((o) => o.error !== undefined)) throw new PartialFailureError('ListGroups', outcomes);
  const byId = new Map<string, GroupListing>();
  for (const o of outcomes)
    for (const g of o.response?.groups ?? [])
      byId.set(g.groupId, {
        groupId: g.groupId,
        type: GROUP_TYPES.find((t) => t === g.groupType.toLowerCase()),
        protocolType: g.protocolType,
        state: g.groupState === '' ? undefined : groupState(g.groupState),
      });
  return [...byId.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/**
 * The request of a call about groups with API `N`, each group to its coordinator (one batched
 * FindCoordinator for all), many groups per request unless `maxKeys` says otherwise.
 */
export function groupRequest<N extends RoutableApi, T>(
  api: N,
  spec: Pick<ResourceRequest<string, T, N>, 'request' | 'answers'> &
    Partial<Pick<ResourceRequest<string, T, N>, 'maxKeys' | 'version'>>,
): ResourceRequest<string, T, N> {
  return {
    api,
    kind: 'group',
    nameOf: (g) => g,
    check: groupIdProblem,
    router: coordinators('group', (g) => g),
    ...spec,
  };
}

/**
 * Why a group id is refused before any request: not a string, or empty (no coordinator owns
 * it; Kafka refuses it as INVALID_GROUP_ID where it checks, and answers other APIs oddly).
 */
export function groupIdProblem(groupId: unknown): string | undefined {
  if (typeof groupId !== 'string') return `${JSON.stringify(groupId)} is not a group id`;
  return groupId === '' ? 'the group id is empty' : undefined;
}

/** Options of {@link describeConsumerGroups}. */
export interface DescribeConsumerGroupsOptions extends CallOptions {
  /** Ask what the caller may do with each group (`authorizedOperations`). Default false. */
  includeAuthorizedOperations?: boolean;
}

/** Each group's description, or its error (GROUP_ID_NOT_FOUND for no such group). */
export async function describeConsumerGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: DescribeConsumerGroupsOptions = {},
): Promise<AdminResults<string, ConsumerGroupDescription>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const include = options.includeAuthorizedOperations ?? false;
  let kip848: AdminResults<string, ConsumerGroupDescription> | undefined;
  try {
    kip848 = await fanOut(
      cluster,
      groupIds,
      groupRequest('ConsumerGroupDescribe', {
        request: (ids) => ({ groupIds: [...ids], includeAuthorizedOperations: include }),
        answers: (r) =>
          answersOf(r.groups, (g) =>
            answerOf(g.errorCode, g.errorMessage, () =>
              withOperations(describeKip848Group(g, -1), g, include),
            ),
          ),
      }),
      { ...options, operation: 'describeConsumerGroups' },
    );
  } catch (error) {
    // A broker older than KIP-848 (no ConsumerGroupDescribe at all): every group is classic.
    if (!(error instanceof UnsupportedVersionError)) throw error;
  }
  // Not a consumer group (a classic one, or none), or a broker without KIP-848 — one that does
  // not serve the API, or (Kafka 3.9 with KIP-848 off) answers each group UNSUPPORTED_VERSION:
  // ask as classic.
  const classicIds =
    kip848 === undefined
      ? groupIds
      : [...kip848]
          .filter(
            (o) =>
              o.error?.cause instanceof UnsupportedVersionError ||
              o.error?.errorCode === errorCodes.GROUP_ID_NOT_FOUND.code ||
              o.error?.errorCode === errorCodes.UNSUPPORTED_VERSION.code,
          )
          .map((o) => o.key);
  if (kip848 !== undefined && classicIds.length === 0) return withCoordinators(cluster, 'group', kip848);
  const classic = await fanOut(
    cluster,
    classicIds,
    groupRequest('DescribeGroups', {
      request: (ids) => ({ groups: [...ids], includeAuthorizedOperations: include }),
      answers: (r) =>
        answersOf(r.groups, (g): Answer<ConsumerGroupDescription> => {
          // Before v6 (KIP-1043) an unknown group is answered Dead without an error.
          const unknown = g.errorCode === 0 && g.groupState === 'Dead';
          const code = unknown ? errorCodes.GROUP_ID_NOT_FOUND.code : g.errorCode;
          const message = unknown ? `Group ${g.groupId} not found.` : g.errorMessage;
          try {
            return answerOf(code, message, () => withOperations(describeClassicGroup(g, -1), g, include));
          } catch (error) {
            // Not the consumer protocol (NotConsumerGroupError), or member bytes that do not decode.
            return { error: error as KafeError };
          }
        }),
    }),
    {
      signal: options.signal,
      timeoutMs: Math.max(1, deadline - Date.now()),
      operation: 'describeConsumerGroups',
    },
  );
  return withCoordinators(
    cluster,
    'group',
    kip848?.mapOutcomes((o) => classic.outcome(o.key) ?? o) ?? classic,
  );
}

/** A description with what the caller may do with the group, when it asked (`includeAuthorizedOperations`). */
function withOperations<T extends { readonly authorizedOperations?: AclOperationName[] }>(
  description: T,
  g: { readonly authorizedOperations: number },
  include: boolean,
): T {
  return include
    ? { ...description, authorizedOperations: authorizedOperations(g.authorizedOperations) }
    : description;
}

/**
 * Each group's deletion, or its error (NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND).
 * DeleteGroups deletes groups of every type: share and streams groups too (`operation` names the call).
 */
export function deleteConsumerGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: CallOptions = {},
  operation = 'deleteConsumerGroups',
): Promise<AdminResults<string, void>> {
  return fanOut(
    cluster,
    groupIds,
    groupRequest('DeleteGroups', {
      request: (ids) => ({ groupsNames: [...ids] }),
      answers: (r) =>
        new Map(r.results.map((g) => [g.groupId, answerOf(g.errorCode, g.errorMessage, () => undefined)])),
    }),
    { ...options, operation },
  );
}

/** Options of {@link describeStreamsGroups}. */
export interface DescribeStreamsGroupsOptions extends CallOptions {
  /** Ask what the caller may do with each group. Default false. */
  includeAuthorizedOperations?: boolean;
}

/** Each streams group's description (StreamsGroupDescribe, Kafka 4.x), or its error. */
export async function describeStreamsGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: DescribeStreamsGroupsOptions = {},
): Promise<AdminResults<string, StreamsGroupDescription>> {
  const include = options.includeAuthorizedOperations ?? false;
  const described = await fanOut(
    cluster,
    groupIds,
    groupRequest('StreamsGroupDescribe', {
      request: (ids) => ({
        groupIds: [...ids],
        includeAuthorizedOperations: include,
        includeTopologyDescription: false,
      }),
      answers: (r) =>
        answersOf(r.groups, (g) =>
          answerOf(g.errorCode, g.errorMessage, () =>
            withOperations(describeStreamsGroup(g, -1), g, include),
          ),
        ),
    }),
    { ...options, operation: 'describeStreamsGroups' },
  );
  return withCoordinators(cluster, 'group', described);
}

/** The answers of a response's per-group entries, by group id. */
export function answersOf<G extends { groupId: string }, T>(
  groups: readonly G[],
  answer: (g: G) => Answer<T>,
): Map<string, Answer<T>> {
  return new Map(groups.map((g) => [g.groupId, answer(g)]));
}
