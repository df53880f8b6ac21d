/**
 * Group, transaction and share coordinators: FindCoordinator lookups, cached until an error
 * says the coordinator moved (Java `AbstractCoordinator#markCoordinatorUnknown` on
 * NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE). Lookups asked for in the same turn of the event
 * loop go out as one batched request (FindCoordinator v4+, `coordinatorKeys`, KIP-699) when the
 * broker supports it, else as one single-key request each (v0-v3).
 */
import type { Connection } from '../net/connection.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import type { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { BrokerAddress } from './broker-address.js';
import { CoordinatorType } from './routing.js';

/** Where a coordinator is. */
export interface CoordinatorInfo extends BrokerAddress {
  readonly nodeId: number;
}

/** Per key: the coordinator, or the error the broker gave for it. */
export type CoordinatorLookup = Map<string, CoordinatorInfo | KafeError>;

/** First FindCoordinator version with `coordinatorKeys` (KIP-699). */
const BATCHED_FROM = 4;

/**
 * Looks up the coordinators of `keys` on `connection`: one request at v4+, one per key before.
 * Broker errors are returned per key, not thrown; transport errors reject.
 */
export async function findCoordinators(
  connection: Connection,
  type: CoordinatorType,
  keys: readonly string[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<CoordinatorLookup> {
  const keyType = CoordinatorType[type];
  const version = connection.versionFor('FindCoordinator');
  const out: CoordinatorLookup = new Map();
  if (version >= BATCHED_FROM) {
    const response = await connection.send(
      'FindCoordinator',
      { keyType, coordinatorKeys: [...keys] },
      options,
    );
    for (const c of response.coordinators) out.set(c.key, errorForCode(c.errorCode, c.errorMessage) ?? c);
  } else {
    if (type !== 'group' && version < 1) {
      // v0 knows only groups; asking it for a transaction coordinator would look up a group.
      throw connection.negotiated.unsupported(10, connection.broker, 1);
    }
    await Promise.all(
      keys.map(async (key) => {
        const r = await connection.send(
          'FindCoordinator',
          version >= 1 ? { key, keyType } : { key },
          options,
        );
        out.set(
          key,
          errorForCode(r.errorCode, r.errorMessage) ?? { nodeId: r.nodeId, host: r.host, port: r.port },
        );
      }),
    );
  }
  for (const key of keys) {
    if (!out.has(key))
      out.set(key, new BrokerError(errorCodes.COORDINATOR_NOT_AVAILABLE.code, `no answer for ${key}`));
  }
  return out;
}

/** Whether `error` means the cached coordinator is wrong (Java: `markCoordinatorUnknown`). */
export function invalidatesCoordinator(error: unknown): boolean {
  return (
    error instanceof BrokerError &&
    (error.errorCode === errorCodes.NOT_COORDINATOR.code ||
      error.errorCode === errorCodes.COORDINATOR_NOT_AVAILABLE.code)
  );
}

interface Batch {
  readonly keys: Set<string>;
  readonly result: Promise<CoordinatorLookup>;
}

/** Sends one batch of lookups of a type (the cluster supplies a connection to any broker). */
export type CoordinatorLookupFn = (
  type: CoordinatorType,
  keys: readonly string[],
) => Promise<CoordinatorLookup>;

/** The coordinator cache with batched lookups. */
export class CoordinatorCache {
  private readonly known = new Map<string, CoordinatorInfo>();
  /** The batch of each type still collecting keys. */
  private readonly open = new Map<CoordinatorType, Batch>();
  private readonly inFlight = new Map<string, Batch>();

  constructor(private readonly lookup: CoordinatorLookupFn) {}

  /** The cached coordinator of `key`, if any. */
  cached(type: CoordinatorType, key: string): CoordinatorInfo | undefined {
    return this.known.get(`${type}:${key}`);
  }

  /** The coordinator of `key`: cached, or looked up together with the other keys asked for in this turn. */
  async find(type: CoordinatorType, key: string): Promise<CoordinatorInfo> {
    const id = `${type}:${key}`;
    const cached = this.known.get(id);
    if (cached !== undefined) return cached;
    const batch = this.inFlight.get(id) ?? this.enqueue(type, key);
    const result = (await batch.result).get(key);
    if (result === undefined || result instanceof Error) throw result;
    this.known.set(id, result);
    return result;
  }

  /** Forgets the coordinator of `key`. */
  invalidate(type: CoordinatorType, key: string): void {
    this.known.delete(`${type}:${key}`);
  }

  /** Forgets every coordinator on `nodeId` (the broker went away). */
  invalidateNode(nodeId: number): void {
    for (const [id, c] of this.known) if (c.nodeId === nodeId) this.known.delete(id);
  }

  private enqueue(type: CoordinatorType, key: string): Batch {
    let batch = this.open.get(type);
    if (batch === undefined) {
      const keys = new Set<string>();
      const result = new Promise<CoordinatorLookup>((resolve, reject) => {
        // Wait one turn so that lookups asked for together share a request.
        setImmediate(() => {
          this.open.delete(type);
          this.lookup(type, [...keys]).then(resolve, reject);
        });
      }).finally(() => {
        for (const k of keys) this.inFlight.delete(`${type}:${k}`);
      });
      // Callers observe the result through find(); keep an unobserved rejection quiet.
      result.catch(() => {});
      batch = { keys, result };
      this.open.set(type, batch);
    }
    batch.keys.add(key);
    this.inFlight.set(`${type}:${key}`, batch);
    return batch;
  }
}
