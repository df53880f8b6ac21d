/**
 * SCRAM credential administration (Java `Admin#describeUserScramCredentials`,
 * `#alterUserScramCredentials`; KIP-554). Both go to any broker (alterations are forwarded to
 * the controller, KIP-590). Upsertions are salted here (`scram-credential.ts`): the request
 * carries the salt and the salted password, never the password. The resource is the user:
 * every alteration of one user shares that user's outcome, as in Java.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { errorForCode } from '../protocol/broker-error.js';
import { answerOf, fanOut } from './fan-out.js';
import { AdminResults, ResourceError } from './results.js';
import { anyBroker } from './routers.js';
import {
  alterationProblem,
  type ScramCredentialAlteration,
  type ScramCredentialInfo,
  type ScramCredentialUpsertion,
  saltedUpsertion,
  scramMechanismCodes,
  scramMechanismOf,
} from './scram-credential.js';

const userNameProblem = (user: string) =>
  typeof user === 'string' && user !== '' ? undefined : 'a user name must be a non-empty string';

/**
 * The SCRAM credentials (mechanism and iterations) of `users`, each user's outcome on its own
 * (RESOURCE_NOT_FOUND for a user without credentials); of every user that has one when `users`
 * is left out.
 */
export async function describeUserScramCredentials(
  cluster: Cluster,
  users?: readonly string[],
  options: CallOptions = {},
): Promise<AdminResults<string, ScramCredentialInfo[]>> {
  const infos = (r: { credentialInfos: readonly { mechanism: number; iterations: number }[] }) =>
    r.credentialInfos.map((c) => ({ mechanism: scramMechanismOf(c.mechanism), iterations: c.iterations }));
  if (users === undefined) {
    const response = await cluster.send(
      'DescribeUserScramCredentials',
      { users: null },
      { ...options, errorOf: (r) => errorForCode(r.errorCode, r.errorMessage) },
    );
    return new AdminResults<string, ScramCredentialInfo[]>(
      'user',
      response.results.map((r) => {
        const error = errorForCode(r.errorCode, r.errorMessage);
        return error === undefined
          ? { key: r.user, name: r.user, value: infos(r) }
          : { key: r.user, name: r.user, error: new ResourceError({ kind: 'user', name: r.user }, error) };
      }),
      (user) => user,
    );
  }
  return fanOut(
    cluster,
    users,
    {
      api: 'DescribeUserScramCredentials',
      kind: 'user',
      nameOf: (user) => String(user),
      check: userNameProblem,
      router: anyBroker(),
      request: (list) => ({ users: list.map((name) => ({ name })) }),
      answers: (response, list) => {
        // A top-level error (CLUSTER_AUTHORIZATION_FAILED, ...) is every user's.
        if (response.errorCode !== 0)
          return new Map(list.map((u) => [u, answerOf(response.errorCode, response.errorMessage, () => [])]));
        return new Map(
          response.results.map((r) => [r.user, answerOf(r.errorCode, r.errorMessage, () => infos(r))]),
        );
      },
    },
    { ...options, operation: 'describeUserScramCredentials' },
  );
}

/**
 * Applies SCRAM credential upsertions and deletions: each user's outcome. Kafka refuses a
 * request that alters one user twice (DUPLICATE_RESOURCE), also for two mechanisms, so a user's
 * alterations go in successive requests, one mechanism each, in the order given; a user whose
 * alteration fails is not altered further. Two alterations of the same user and mechanism, or
 * one that cannot be sent, fail the user before anything is sent for it.
 */
export async function alterUserScramCredentials(
  cluster: Cluster,
  alterations: readonly ScramCredentialAlteration[],
  options: CallOptions = {},
): Promise<AdminResults<string, void>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const users = [...new Set(alterations.map((a) => String(a?.user)))];
  const ofUser = (user: string) => alterations.filter((a) => String(a?.user) === user);
  const refused = new Map<string, string>();
  for (const user of users) {
    const mine = ofUser(user);
    const problem =
      mine.map(alterationProblem).find((p) => p !== undefined) ??
      (new Set(mine.map((a) => a.mechanism)).size < mine.length
        ? "a user's credential for one mechanism can be altered once per call"
        : undefined);
    if (problem !== undefined) refused.set(user, problem);
  }
  // Salted once, before any request: a retry sends the same salt.
  const salted = new Map(
    await Promise.all(
      alterations
        .filter((a) => a.type === 'upsert' && !refused.has(a.user))
        .map(async (a) => [a, await saltedUpsertion(a as ScramCredentialUpsertion)] as const),
    ),
  );
  // Round r carries the r-th alteration of every user still standing.
  const failed = new Map<string, ResourceError>();
  const rounds = Math.max(0, ...users.map((u) => ofUser(u).length));
  for (let round = 0; round < rounds; round++) {
    const inRound = users.filter((u) => !failed.has(u) && ofUser(u).length > round);
    if (inRound.length === 0) break;
    const results = await fanOut(
      cluster,
      inRound,
      {
        api: 'AlterUserScramCredentials',
        kind: 'user',
        nameOf: (user) => user,
        check: (user) => refused.get(user),
        router: anyBroker(),
        request: (list) => {
          const mine = list.map((u) => ofUser(u)[round]!);
          return {
            deletions: mine.flatMap((a) =>
              a.type === 'delete' ? [{ name: a.user, mechanism: scramMechanismCodes[a.mechanism] }] : [],
            ),
            upsertions: mine.flatMap((a) => {
              const upsertion = salted.get(a);
              return upsertion === undefined ? [] : [upsertion];
            }),
          };
        },
        answers: (response) =>
          new Map(
            response.results.map((r) => [r.user, answerOf(r.errorCode, r.errorMessage, () => undefined)]),
          ),
      },
      {
        signal: options.signal,
        timeoutMs: Math.max(1, deadline - Date.now()),
        operation: 'alterUserScramCredentials',
      },
    );
    for (const error of results.errors) failed.set(error.resource.name, error);
  }
  return new AdminResults<string, void>(
    'user',
    users.map((user) => {
      const error = failed.get(user);
      return error === undefined
        ? { key: user, name: user, value: undefined }
        : { key: user, name: user, error };
    }),
    (user) => user,
  );
}
