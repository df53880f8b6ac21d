/**
 * Per-resource outcomes of admin calls (Java: one `KafkaFuture` per resource in every
 * `...Result`; franz-go: one result with its own `Err` per topic, group, ...). A call about
 * many resources resolves with an {@link AdminResults}: each resource's value or
 * {@link ResourceError}; it rejects as a whole only when nothing could be asked (no broker
 * answered before the deadline, the call was aborted, its options are invalid, the client is
 * closed). For all-or-nothing callers, {@link AdminResults.values} and
 * {@link AdminResults.throwIfFailed} turn the first failure into a thrown
 * {@link FailedResourcesError}.
 */
import { BrokerError } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';

/**
 * What kind of thing a resource is; it names the resource in errors (`topic orders: ...`).
 * An admin call about a new kind adds it here.
 */
export type ResourceKind =
  | 'topic'
  | 'partition'
  | 'replica'
  | 'group'
  | 'config-resource'
  | 'acl-filter'
  | 'acl'
  | 'user'
  | 'broker'
  | 'log-dir'
  | 'transaction'
  | 'producer'
  | 'delegation-token'
  | 'quota-entity'
  | 'feature'
  | 'member';

/** A resource as errors name it: its kind and its printable name (`orders/3`, `BROKER 1`, ...). */
export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly name: string;
}

/**
 * The failure of one resource of an admin call. Its `code` and `retriable` are those of the
 * cause: a broker's error name (`TOPIC_ALREADY_EXISTS`, `UNKNOWN_TOPIC_OR_PARTITION`,
 * `INVALID_CONFIG`, ...), `INVALID_ARGUMENT` for input refused before any request, or
 * `DEADLINE_EXCEEDED` when the resource still had no answer at the call's deadline. The message
 * starts with the resource (`topic orders: ...`).
 */
export class ResourceError extends KafeError {
  /** The resource this error is about. */
  readonly resource: ResourceRef;
  /** The broker's int16 error code, when a broker gave this error. */
  readonly errorCode: number | undefined;

  constructor(resource: ResourceRef, cause: KafeError) {
    super(cause.code, `${resource.kind} ${resource.name}: ${cause.message}`, {
      retriable: cause.retriable,
      cause,
    });
    this.resource = resource;
    this.errorCode = cause instanceof BrokerError ? cause.errorCode : undefined;
  }
}

/** One resource's outcome: its key as given, its name, and its value or its error. */
export type Outcome<K, T> =
  | { readonly key: K; readonly name: string; readonly value: T; readonly error?: undefined }
  | { readonly key: K; readonly name: string; readonly value?: undefined; readonly error: ResourceError };

/**
 * Thrown by {@link AdminResults.values} / {@link AdminResults.throwIfFailed} when some resources
 * failed: its `code` is the first failure's, its `cause` the first {@link ResourceError};
 * `failures` lists them all and `results` keeps every outcome, successes included.
 */
export class FailedResourcesError<K = unknown, T = unknown> extends KafeError {
  /** Every failed resource's error, in the order the resources were given. */
  readonly failures: readonly ResourceError[];
  /** Every resource's outcome. */
  readonly results: AdminResults<K, T>;

  constructor(results: AdminResults<K, T>, failures: readonly ResourceError[]) {
    const first = failures[0]!;
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed, see failures)` : '';
    super(first.code, `${first.message}${more}`, {
      retriable: failures.every((f) => f.retriable),
      cause: first,
    });
    this.failures = failures;
    this.results = results;
  }
}

/**
 * The outcomes of one admin call, in the order the resources were given (a resource given twice
 * appears once). Look one up by its key as given or by its name (`get('orders')`,
 * `get({ topic: 'orders', partition: 0 })` and `get('orders/0')` alike), iterate over all, or take
 * every value at once with {@link values}.
 */
export class AdminResults<K, T> implements Iterable<Outcome<K, T>> {
  private readonly byId = new Map<string, Outcome<K, T>>();

  /**
   * @param kind what the resources are.
   * @param outcomes each resource's outcome.
   * @param idOf a resource's identity (two keys with the same id are the same resource).
   */
  constructor(
    readonly kind: ResourceKind,
    outcomes: Iterable<Outcome<K, T>>,
    private readonly idOf: (key: K) => string,
  ) {
    for (const o of outcomes) if (!this.byId.has(o.name)) this.byId.set(o.name, o);
  }

  /** How many resources the call was about. */
  get size(): number {
    return this.byId.size;
  }

  /** Whether every resource succeeded. */
  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** The errors of the resources that failed, in order. */
  get errors(): ResourceError[] {
    return [...this.byId.values()].flatMap((o) => (o.error === undefined ? [] : [o.error]));
  }

  /** The keys and values of the resources that succeeded, in order. */
  get succeeded(): { readonly key: K; readonly value: T }[] {
    return [...this.byId.values()].flatMap((o) =>
      o.error === undefined ? [{ key: o.key, value: o.value as T }] : [],
    );
  }

  /** Whether `key` (or the resource of that name) was one of the call's resources. */
  has(key: K | string): boolean {
    return this.byId.has(this.id(key));
  }

  /** The outcome of `key`, or `undefined` when it was not one of the call's resources. */
  outcome(key: K | string): Outcome<K, T> | undefined {
    return this.byId.get(this.id(key));
  }

  /** The error of `key`, or `undefined` when it succeeded (or was not asked about). */
  error(key: K | string): ResourceError | undefined {
    return this.outcome(key)?.error;
  }

  /**
   * The value of `key`; throws its {@link ResourceError} when it failed, and a `KafeError`
   * `UNKNOWN_RESOURCE` when the call was not about it.
   */
  get(key: K | string): T {
    const o = this.outcome(key);
    if (o === undefined)
      throw new KafeError('UNKNOWN_RESOURCE', `${this.kind} ${this.id(key)} was not part of this call`);
    if (o.error !== undefined) throw o.error;
    return o.value as T;
  }

  /** Every value in order; throws {@link FailedResourcesError} when any resource failed. */
  values(): T[] {
    this.throwIfFailed();
    return [...this.byId.values()].map((o) => o.value as T);
  }

  /** Throws {@link FailedResourcesError} when any resource failed; else returns these results. */
  throwIfFailed(): this {
    const errors = this.errors;
    if (errors.length > 0) throw new FailedResourcesError(this, errors);
    return this;
  }

  /** The outcomes as a new results object, each value passed through `f` (errors kept). */
  map<U>(f: (value: T, key: K) => U): AdminResults<K, U> {
    return this.mapOutcomes(
      (o): Outcome<K, U> =>
        o.error === undefined ? { key: o.key, name: o.name, value: f(o.value as T, o.key) } : o,
    );
  }

  /** New results from these, each outcome passed through `f` (which may turn a value into an error). */
  mapOutcomes<U>(f: (outcome: Outcome<K, T>) => Outcome<K, U>): AdminResults<K, U> {
    return new AdminResults(this.kind, [...this.byId.values()].map(f), this.idOf);
  }

  /** The outcomes in order. */
  [Symbol.iterator](): Iterator<Outcome<K, T>> {
    return this.byId.values();
  }

  private id(key: K | string): string {
    return typeof key === 'string' ? key : this.idOf(key);
  }
}
