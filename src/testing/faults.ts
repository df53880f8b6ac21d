/**
 * The fault registry of a fake cluster: per-API faults (fail with an error code, delay, drop the
 * answer, close the connection) and control hooks (kfake's `ControlKey`: answer a request
 * yourself, or let it through), each with a handle that counts how often it fired so that a
 * test can assert that the fault it set up really happened.
 */
import type { ApiName } from '../protocol/messages/index.js';
import type { FakeReply, FakeRequest } from './request.js';

/** A fault or control hook installed on a fake cluster. */
export interface FaultHandle {
  /** How many requests it acted on so far. */
  readonly fired: number;
  /** How many more times it acts before it removes itself (`Infinity`: until {@link remove}). */
  readonly remaining: number;
  /** Removes it now; requests already acted on keep their fate. */
  remove(): void;
}

/** Which requests a fault applies to. */
export interface FaultScope {
  /** Only requests received by this broker. Default: any broker. */
  readonly nodeId?: number;
  /** How many requests it acts on before it removes itself. Default: 1. */
  readonly count?: number;
  /**
   * Only requests for which this returns true (asked once per request of the API, in arrival
   * order, e.g. to fail every third one). Default: every request.
   */
  readonly when?: (request: FakeRequest) => boolean;
}

/** Options of {@link FaultRegistry.failNext}. */
export interface FailOptions extends FaultScope {
  /** The Kafka error code to answer (e.g. 6 NOT_LEADER_OR_FOLLOWER). */
  readonly errorCode: number;
  /** Only this topic's partitions fail (partition-level APIs); others are served. */
  readonly topic?: string;
  /** With `topic`: only this partition fails. */
  readonly partition?: number;
}

/** When a dropped answer or a close happens relative to serving the request. */
export type FaultMoment =
  /** The request takes effect (a Produce is appended), then the answer is lost. */
  | 'after-handling'
  /** The request never takes effect. */
  | 'before-handling';

/**
 * A control hook: answers `request` itself with a {@link FakeReply}, or returns `undefined` to
 * let the fake serve it (then it does not count as fired). `serve` runs the fake's own handler
 * (with its effects on the cluster) and gives the body it would answer, for a hook that answers
 * a changed copy of it.
 */
export type ControlHook = (
  request: FakeRequest,
  serve: () => Promise<unknown>,
) => FakeReply | undefined | Promise<FakeReply | undefined>;

type Action =
  | {
      readonly kind: 'error';
      readonly errorCode: number;
      readonly topic?: string;
      readonly partition?: number;
    }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'drop' | 'close'; readonly moment: FaultMoment }
  | { readonly kind: 'control'; readonly hook: ControlHook };

class Fault implements FaultHandle {
  fired = 0;
  constructor(
    readonly api: ApiName,
    readonly nodeId: number | undefined,
    readonly when: ((request: FakeRequest) => boolean) | undefined,
    public remaining: number,
    readonly action: Action,
    private readonly registry: FaultRegistry,
  ) {}

  applies(request: FakeRequest): boolean {
    return (
      this.remaining > 0 &&
      this.api === request.api &&
      (this.nodeId === undefined || this.nodeId === request.nodeId) &&
      (this.when === undefined || this.when(request))
    );
  }

  fire(): void {
    this.fired++;
    this.remaining--;
    if (this.remaining <= 0) this.remove();
  }

  remove(): void {
    this.remaining = 0;
    this.registry.forget(this);
  }
}

/** The error faults that may apply to one request, consulted by its handler. */
export class RequestFaults {
  private readonly matched = new Set<Fault>();

  constructor(private readonly candidates: readonly Fault[]) {}

  /** The error code a request-level fault (no topic filter) answers the whole request with. */
  requestError(): number | undefined {
    const f = this.candidates.find((c) => c.action.kind === 'error' && c.action.topic === undefined);
    return f === undefined ? undefined : this.match(f);
  }

  /**
   * The error code to answer for one partition of a partition-level API, if a fault says so.
   * With `exact`, only a fault naming this partition applies (Metadata asks per partition so,
   * and per topic without it).
   */
  partitionError(topic: string, partition: number, exact = false): number | undefined {
    for (const f of this.candidates) {
      const a = f.action;
      if (a.kind !== 'error') continue;
      if (a.topic !== undefined && a.topic !== topic) continue;
      if (a.partition !== undefined && a.partition !== partition) continue;
      if (exact && a.partition === undefined) continue;
      if (!exact && partition === -1 && a.partition !== undefined) continue;
      return this.match(f);
    }
    return undefined;
  }

  /** Counts every fault that acted on the request once (however many partitions it failed). */
  settle(): void {
    for (const f of this.matched) f.fire();
  }

  private match(f: Fault): number {
    this.matched.add(f);
    return (f.action as { errorCode: number }).errorCode;
  }
}

/** What the registry decided for one request before and after its handler runs. */
export interface Disposition {
  /** Answer this instead of serving the request (a control hook or a fault before handling). */
  readonly replaced?: FakeReply;
  /** The error faults the handler consults. */
  readonly errors: RequestFaults;
  /** Replace the served answer: drop or close after handling. */
  readonly after?: FakeReply;
  /** Milliseconds to hold the served answer. */
  readonly delayMs: number;
}

/** Every fault and control hook of one fake cluster, in the order they were installed. */
export class FaultRegistry {
  private faults: Fault[] = [];

  /** Fails the next `count` requests of `api` (or only their partitions of `topic`/`partition`) with `errorCode`. */
  failNext(api: ApiName, options: FailOptions): FaultHandle {
    const { errorCode, topic, partition } = options;
    return this.add(api, options, {
      kind: 'error',
      errorCode,
      ...(topic === undefined ? {} : { topic }),
      ...(partition === undefined ? {} : { partition }),
    });
  }

  /** Holds the answers of the next `count` requests of `api` for `ms` milliseconds. */
  delay(api: ApiName, ms: number, scope: FaultScope = {}): FaultHandle {
    return this.add(api, scope, { kind: 'delay', ms });
  }

  /** Never answers the next `count` requests of `api` (served first unless `moment` says otherwise). */
  drop(api: ApiName, scope: FaultScope & { moment?: FaultMoment } = {}): FaultHandle {
    return this.add(api, scope, { kind: 'drop', moment: scope.moment ?? 'after-handling' });
  }

  /** Closes the connection instead of answering the next `count` requests of `api`. */
  close(api: ApiName, scope: FaultScope & { moment?: FaultMoment } = {}): FaultHandle {
    return this.add(api, scope, { kind: 'close', moment: scope.moment ?? 'before-handling' });
  }

  /**
   * Installs a control hook on `api`; it stays until removed unless `count` is given. The
   * newest hook sees a request first, so a test can override an earlier one.
   */
  control(api: ApiName, hook: ControlHook, scope: FaultScope = {}): FaultHandle {
    return this.add(api, { count: Number.POSITIVE_INFINITY, ...scope }, { kind: 'control', hook });
  }

  /** Removes every fault and hook. */
  clear(): void {
    for (const f of [...this.faults]) f.remove();
  }

  /** Decides what happens to `request`: control hooks first, then faults in installation order. */
  async dispose(request: FakeRequest, serve: () => Promise<unknown>): Promise<Disposition> {
    const applicable = this.faults.filter((f) => f.applies(request));
    for (const f of [...applicable].reverse()) {
      if (f.action.kind !== 'control') continue;
      const reply = await f.action.hook(request, serve);
      if (reply === undefined) continue;
      f.fire();
      return { replaced: reply, errors: new RequestFaults([]), delayMs: 0 };
    }
    let delayMs = 0;
    let after: FakeReply | undefined;
    for (const f of applicable) {
      const a = f.action;
      if (a.kind === 'delay') {
        delayMs += a.ms;
        f.fire();
      } else if ((a.kind === 'drop' || a.kind === 'close') && after === undefined) {
        const reply: FakeReply = a.kind === 'drop' ? { noResponse: true } : { close: true };
        f.fire();
        if (a.moment === 'before-handling')
          return { replaced: reply, errors: new RequestFaults([]), delayMs };
        after = reply;
      }
    }
    const errors = new RequestFaults(applicable.filter((f) => f.action.kind === 'error'));
    return { errors, delayMs, ...(after === undefined ? {} : { after }) };
  }

  /** @internal Called by a fault that removes itself. */
  forget(fault: FaultHandle): void {
    this.faults = this.faults.filter((f) => f !== fault);
  }

  private add(api: ApiName, scope: FaultScope, action: Action): FaultHandle {
    const fault = new Fault(api, scope.nodeId, scope.when, scope.count ?? 1, action, this);
    this.faults.push(fault);
    return fault;
  }
}
