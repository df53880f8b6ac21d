/**
 * Connections to the brokers: one per broker by default, more when `connectionsPerBroker` says
 * so (requests then spread round-robin), opened lazily on first use, reopened after a failure
 * with exponential backoff and jitter (Java `reconnect.backoff.ms` / `reconnect.backoff.max.ms`,
 * `ClusterConnectionStates`), all closed by {@link BrokerPool.close}. KafkaJS calls this layer
 * BrokerPool too; undici's Pool plays the same part for HTTP.
 */
import type { ClientScope } from '../net/client-scope.js';
import { Connection, type ConnectionOptions } from '../net/connection.js';
import { Lifecycle } from '../net/lifecycle.js';
import { type BrokerAddress, formatAddress } from './broker-address.js';
import { ClientClosedError } from './errors.js';
import { backoffDelay, raceAbort, sleep } from './retry.js';

/** Connection settings shared by every broker (everything but the address and the client's scope). */
export type ConnectionSettings = Omit<ConnectionOptions, 'host' | 'port' | 'scope'>;

/** Options of a {@link BrokerPool}. */
export interface BrokerPoolOptions {
  connection?: ConnectionSettings;
  /** The client the pool and its connections belong to (named by their diagnostics messages). */
  scope?: ClientScope;
  /** Connections per broker. Default 1. */
  connectionsPerBroker?: number;
  /** First reconnect delay after a failure. Default 50 ms (Java `reconnect.backoff.ms`). */
  reconnectBackoffMs?: number;
  /** Largest reconnect delay. Default 1000 ms (Java `reconnect.backoff.max.ms`). */
  reconnectBackoffMaxMs?: number;
  /** Called when an open connection ends with an error (the broker went away). */
  onConnectionLost?: (key: string, error: Error) => void;
}

interface Slot {
  connection: Connection | undefined;
  connecting: Promise<Connection> | undefined;
  failures: number;
  /** Not before this time may the next connect start (`Date.now()` based). */
  retryAt: number;
}

interface Entry {
  /** The key the entry is filed under (changes when a bootstrap entry is adopted). */
  key: string;
  address: BrokerAddress;
  slots: Slot[];
  next: number;
}

/**
 * The pool, keyed by a name the caller chooses: `node-<id>` for brokers known from metadata,
 * `group-coordinator-<id>` for a group coordinator's own connection, the address for bootstrap
 * entries.
 */
export class BrokerPool {
  private readonly entries = new Map<string, Entry>();
  private readonly perBroker: number;
  private readonly lifecycle: Lifecycle;

  constructor(private readonly options: BrokerPoolOptions = {}) {
    this.lifecycle = new Lifecycle({
      component: 'broker pool',
      scope: options.scope,
      closedError: () => new ClientClosedError(),
    });
    this.perBroker = Math.max(1, Math.floor(options.connectionsPerBroker ?? 1));
  }

  /** Whether {@link close} was called. */
  get isClosed(): boolean {
    return this.lifecycle.isClosed;
  }

  /**
   * A connection to the broker `key` at `address`, opened if needed (after the reconnect
   * backoff if the last attempt failed). A changed address replaces the old connections.
   */
  async get(key: string, address: BrokerAddress, signal?: AbortSignal): Promise<Connection> {
    this.lifecycle.check();
    let entry = this.entries.get(key);
    if (entry !== undefined && (entry.address.host !== address.host || entry.address.port !== address.port)) {
      this.remove(key);
      entry = undefined;
    }
    if (entry === undefined) {
      entry = { key, address, slots: [], next: 0 };
      for (let i = 0; i < this.perBroker; i++)
        entry.slots.push({ connection: undefined, connecting: undefined, failures: 0, retryAt: 0 });
      this.entries.set(key, entry);
    }
    const slot = entry.slots[entry.next]!;
    entry.next = (entry.next + 1) % entry.slots.length;
    if (slot.connection !== undefined && !slot.connection.isClosed) return slot.connection;
    // One connect per slot, shared by every caller waiting for it; each caller stops waiting
    // on its own signal without cancelling the others' connect.
    slot.connecting ??= this.open(entry, slot);
    return raceAbort(slot.connecting, signal, `connect to ${formatAddress(address)}`);
  }

  /** An open connection to `key` if there is one (no I/O). */
  connected(key: string): Connection | undefined {
    const slots = this.entries.get(key)?.slots ?? [];
    return slots.find((s) => s.connection !== undefined && !s.connection.isClosed)?.connection;
  }

  /** Whether `key`'s last connect failed and its backoff has not yet passed. */
  isBackingOff(key: string): boolean {
    const slots = this.entries.get(key)?.slots ?? [];
    return slots.length > 0 && slots.every((s) => s.connection === undefined && s.retryAt > Date.now());
  }

  /** Keys with at least one open connection. */
  connectedKeys(): string[] {
    return [...this.entries.keys()].filter((k) => this.connected(k) !== undefined);
  }

  /**
   * Re-keys `from`'s connections as `to` (a bootstrap address that metadata names as a node),
   * so the broker keeps one connection instead of a bootstrap one plus a node one. Nothing
   * happens when `to` already has connections or `from` has none.
   */
  adopt(from: string, to: string): void {
    const entry = this.entries.get(from);
    if (entry === undefined || this.entries.has(to)) return;
    this.entries.delete(from);
    entry.key = to;
    this.entries.set(to, entry);
  }

  /** Closes the connections of one broker (removed from the cluster, or moved). */
  remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    for (const slot of entry.slots) void slot.connection?.close();
  }

  /**
   * Closes every connection (and those still connecting, once connected); later `get` calls
   * fail with {@link ClientClosedError}. Every call returns the same promise.
   */
  close(): Promise<void> {
    return this.lifecycle.close(async () => {
      const all = [...this.entries.values()].flatMap((e) => e.slots);
      this.entries.clear();
      await Promise.all(
        all.map(async (slot) => {
          const connection = slot.connection ?? (await slot.connecting?.catch(() => undefined));
          await connection?.close();
        }),
      );
    });
  }

  private async open(entry: Entry, slot: Slot): Promise<Connection> {
    try {
      const wait = slot.retryAt - Date.now();
      if (wait > 0) await sleep(wait, undefined, 'reconnect backoff');
      const connection = await Connection.connect({
        ...this.options.connection,
        ...entry.address,
        scope: this.options.scope,
      });
      if (this.lifecycle.isClosed || this.entries.get(entry.key) !== entry) {
        await connection.close();
        throw this.lifecycle.closedError();
      }
      slot.connection = connection;
      slot.failures = 0;
      slot.retryAt = 0;
      void connection.closed.then((error) => {
        if (slot.connection === connection) slot.connection = undefined;
        if (error !== undefined && !this.lifecycle.isClosed) {
          this.backOff(slot);
          this.options.onConnectionLost?.(entry.key, error);
        }
      });
      return connection;
    } catch (error) {
      this.backOff(slot);
      throw error;
    } finally {
      slot.connecting = undefined;
    }
  }

  private backOff(slot: Slot): void {
    slot.failures++;
    slot.retryAt =
      Date.now() +
      backoffDelay(slot.failures, {
        initialBackoffMs: this.options.reconnectBackoffMs ?? 50,
        maxBackoffMs: this.options.reconnectBackoffMaxMs ?? 1000,
      });
  }
}
