/**
 * The driver of every admin call about many resources (Java: `AdminApiDriver` with its lookup
 * strategies; franz-go: sharded requests with per-resource results). Each attempt:
 *
 * 1. the {@link Router} says where each pending resource goes (any broker, the controller, a
 *    partition's leader, a group or transaction coordinator, a named broker), or answers it
 *    itself (an unknown topic, a coordinator lookup that failed);
 * 2. one request per destination carries all its resources (split in chunks of `maxKeys` for
 *    APIs or versions that name one resource per request), all destinations in parallel;
 * 3. each resource's answer is final (its value or its error) or `again`: its leader,
 *    coordinator or controller moved or is loading; only those resources are routed again,
 *    after the router forgets where they were, a backoff, until the call's deadline.
 *
 * A resource still pending at the deadline fails with `DEADLINE_EXCEEDED` (cause: its last
 * error). The call rejects as a whole only when nothing could be asked: no broker answered any
 * request of the call (the error that prevented it, a `DeadlineExceededError` for unreachable
 * brokers), the caller aborted (`OperationAbortedError`), or the client is closed.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { DeadlineExceededError, InvalidArgumentError, OperationAbortedError } from '../cluster/errors.js';
import { isRetriable, retry } from '../cluster/retry.js';
import type { RoutableApi } from '../cluster/routing.js';
import type { RequestOf, ResponseOf } from '../net/api-codecs.js';
import type { Connection } from '../net/connection.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { AdminResults, type Outcome, ResourceError, type ResourceKind } from './results.js';

/** One resource's answer: its value, its error, or `again` (ask again, routed afresh). */
export type Answer<T> = { readonly value: T } | { readonly error: KafeError } | { readonly again: KafeError };

/** Where the pending resources go this attempt. */
export interface Located<K> {
  /** Resources per destination broker; `'any'` is any broker (the least loaded). */
  readonly byNode: ReadonlyMap<number | 'any', readonly K[]>;
  /** Resources the router answered itself (final errors, or `again` when not routable yet). */
  readonly answered: readonly (readonly [K, Answer<never>])[];
}

/** Where resources go, and what to forget when an answer says they moved. */
export interface Router<K> {
  locate(cluster: Cluster, keys: readonly K[], call: Required<CallOptions>): Promise<Located<K>>;
  /** Called with the resources answered `again`, before they are routed anew. */
  moved?(cluster: Cluster, keys: readonly K[], signal: AbortSignal | undefined): Promise<void>;
}

/** How one admin call asks about its resources with API `N`. */
export interface ResourceRequest<K, T, N extends RoutableApi> {
  readonly api: N;
  readonly kind: ResourceKind;
  /** The resource's name in results and errors; also its identity (duplicates are asked once). */
  nameOf(key: K): string;
  /** Why a resource is refused before any request (it fails with INVALID_ARGUMENT), if it is. */
  check?(key: K): string | undefined;
  readonly router: Router<K>;
  /** The version to send, from the one negotiated with the chosen broker (a cap, say). */
  version?(negotiated: number, connection: Connection): number;
  /** Most resources one request may carry at `version`; all by default. */
  maxKeys?(version: number): number;
  /** The request about `keys`; `remainingMs` is left of the call (for broker-side timeouts). */
  request(keys: readonly K[], version: number, remainingMs: number): RequestOf<N>;
  /** Each resource's answer in `response`, by name; a resource left out fails UNKNOWN_SERVER_ERROR. */
  answers(response: ResponseOf<N>, keys: readonly K[], version: number): ReadonlyMap<string, Answer<T>>;
}

/** Options of an admin call about many resources. */
export interface FanOutOptions extends CallOptions {
  /** Name of the operation in errors and retry diagnostics, e.g. `createTopics`. */
  readonly operation: string;
}

/**
 * Errors in a resource's answer that mean: ask again, routed afresh — the controller, leader or
 * coordinator moved or is not ready (Java: `AdminApiHandler` unmapping on these codes).
 */
const REROUTED = new Set<number>([
  errorCodes.NOT_CONTROLLER.code,
  errorCodes.NOT_COORDINATOR.code,
  errorCodes.COORDINATOR_NOT_AVAILABLE.code,
  errorCodes.COORDINATOR_LOAD_IN_PROGRESS.code,
  errorCodes.NOT_LEADER_OR_FOLLOWER.code,
  errorCodes.LEADER_NOT_AVAILABLE.code,
  errorCodes.FENCED_LEADER_EPOCH.code,
  errorCodes.UNKNOWN_LEADER_EPOCH.code,
]);

/**
 * A resource's answer from its error code: its value when 0, `again` for the codes that say it
 * moved (NOT_CONTROLLER, NOT_COORDINATOR, NOT_LEADER_OR_FOLLOWER, ...), else its error. Other
 * codes are final even when the error table calls them retriable: the answer about a resource
 * is what the broker knows of it (deleting an unknown topic stays unknown).
 */
export function answerOf<T>(
  errorCode: number,
  errorMessage: string | null | undefined,
  value: () => T,
): Answer<T> {
  const error = errorForCode(errorCode, errorMessage);
  if (error === undefined) return { value: value() };
  return REROUTED.has(errorCode) ? { again: error } : { error };
}

/** Marks an attempt that left resources to ask again; its cause is one of their errors. */
class PendingResourcesError extends KafeError {
  constructor(count: number, cause: KafeError | undefined) {
    super('RESOURCES_PENDING', `${count} resource(s) to ask again`, { retriable: true, cause });
  }
}

/**
 * Asks about `keys` as `spec` says and resolves with each resource's outcome, in the order
 * given. See the file comment for retries and when it rejects.
 */
export async function fanOut<K, T, N extends RoutableApi>(
  cluster: Cluster,
  keys: readonly K[],
  spec: ResourceRequest<NoInfer<K>, T, N>,
  options: FanOutOptions,
): Promise<AdminResults<K, T>> {
  const ordered = new Map<string, K>();
  for (const key of keys) {
    const name = spec.nameOf(key);
    if (!ordered.has(name)) ordered.set(name, key);
  }
  const done = new Map<string, { value: T } | KafeError>();
  const pending = new Map<string, K>();
  for (const [name, key] of ordered) {
    const problem = spec.check?.(key);
    if (problem === undefined) pending.set(name, key);
    else done.set(name, new InvalidArgumentError(problem));
  }
  const lastError = new Map<string, KafeError>();
  const timeoutMs = options.timeoutMs ?? cluster.defaultTimeoutMs;
  let answered = false;
  let callError: KafeError | undefined;

  const settle = (key: K, answer: Answer<T>, moved: K[]) => {
    const name = spec.nameOf(key);
    if ('again' in answer) {
      lastError.set(name, answer.again);
      moved.push(key);
    } else {
      done.set(name, 'value' in answer ? answer : answer.error);
      pending.delete(name);
    }
  };

  const ask = async (
    node: number | 'any',
    list: readonly K[],
    moved: K[],
    remainingMs: number,
    signal?: AbortSignal,
  ) => {
    const failed = (error: unknown) => {
      const e = asKafeError(error);
      if (!answered) callError ??= e;
      for (const key of list) settle(key, isRetriable(e) ? { again: e } : { error: e }, moved);
    };
    let connection: Connection;
    let version: number;
    try {
      connection =
        node === 'any' ? await cluster.anyConnection(signal) : await cluster.connection(node, signal);
      const negotiated = connection.versionFor(spec.api);
      version = spec.version?.(negotiated, connection) ?? negotiated;
    } catch (error) {
      failed(error);
      return;
    }
    const size = Math.max(1, spec.maxKeys?.(version) ?? list.length);
    const chunks: K[][] = [];
    for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
    await Promise.all(
      chunks.map(async (chunk) => {
        let response: ResponseOf<N>;
        try {
          response = (await connection.send(spec.api, spec.request(chunk, version, remainingMs), {
            version,
            timeoutMs: Math.min(cluster.defaultRequestTimeoutMs, remainingMs),
            ...(signal === undefined ? {} : { signal }),
          })) as ResponseOf<N>;
        } catch (error) {
          failed(error);
          return;
        }
        answered = true;
        const answers = spec.answers(response, chunk, version);
        for (const key of chunk) {
          const answer = answers.get(spec.nameOf(key)) ?? {
            error: new BrokerError(errorCodes.UNKNOWN_SERVER_ERROR.code, `no answer for ${spec.nameOf(key)}`),
          };
          settle(key, answer, moved);
        }
      }),
    );
  };

  if (pending.size > 0) {
    try {
      await retry(
        async (attempt) => {
          const call = { signal: attempt.signal, timeoutMs: attempt.remainingMs } as Required<CallOptions>;
          const moved: K[] = [];
          const located = await spec.router.locate(cluster, [...pending.values()], call);
          for (const [key, answer] of located.answered) settle(key, answer, moved);
          await Promise.all(
            [...located.byNode].map(([node, list]) =>
              ask(node, list, moved, attempt.remainingMs, attempt.signal),
            ),
          );
          if (pending.size === 0) return;
          if (moved.length > 0) await spec.router.moved?.(cluster, moved, attempt.signal);
          throw new PendingResourcesError(pending.size, lastError.get(pending.keys().next().value!));
        },
        {
          operation: options.operation,
          timeoutMs,
          signal: options.signal,
          shouldRetry: (e) => e instanceof PendingResourcesError || isRetriable(e),
        },
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const deadline = (cause: unknown) =>
        error instanceof DeadlineExceededError
          ? new DeadlineExceededError(options.operation, timeoutMs, error.attempts, cause)
          : asKafeError(error);
      if (!answered) throw deadline(callError ?? (error as Error).cause);
      for (const [name] of pending) done.set(name, deadline(lastError.get(name)));
    }
  }
  // The caller gave up: whatever the requests in flight then reported, the call is aborted.
  if (options.signal?.aborted) throw new OperationAbortedError(options.operation, options.signal.reason);
  // Requests were tried and none could be sent (an API the broker does not serve, ...).
  if (!answered && callError !== undefined) throw callError;
  const outcomes = [...ordered].map(([name, key]): Outcome<K, T> => {
    const r = done.get(name)!;
    return r instanceof KafeError
      ? { key, name, error: new ResourceError({ kind: spec.kind, name }, r) }
      : { key, name, value: r.value };
  });
  return new AdminResults(spec.kind, outcomes, spec.nameOf);
}

function asKafeError(error: unknown): KafeError {
  return error instanceof KafeError ? error : new KafeError('UNKNOWN_ERROR', String(error), { cause: error });
}
