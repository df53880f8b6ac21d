/**
 * KafkaJS's instrumentation events: `client.on(client.events.X, listener)` registers a listener
 * and returns the function that removes it; each event is `{ id, type, timestamp, payload }`.
 * A listener that throws does not stop the client (its error is logged).
 */
import { KafkaJSError } from './errors.js';
import type { Logger } from './logger.js';

/** One instrumentation event. */
export interface InstrumentationEvent<T> {
  id: string;
  type: string;
  timestamp: number;
  payload: T;
}

/** Removes the listener `on()` registered. */
export type RemoveInstrumentationEventListener<_T> = () => void;

/** The values of an object type. */
export type ValueOf<T> = T[keyof T];

let nextId = 0;

/** The listeners of one client, for the event names in `events`. */
export class InstrumentationEmitter {
  private readonly listeners = new Map<string, Set<(event: InstrumentationEvent<unknown>) => void>>();

  constructor(
    private readonly events: Readonly<Record<string, string>>,
    private readonly logger: () => Logger,
  ) {}

  /** Registers `listener` for `type`; a name not in `events` is refused, as KafkaJS does. */
  on(type: string, listener: (event: InstrumentationEvent<never>) => void): () => void {
    if (!Object.values(this.events).includes(type)) {
      // KafkaJS names the constants: `admin.events.CONNECT, admin.events.DISCONNECT, ...`.
      const client = Object.values(this.events)[0]?.split('.')[0] ?? '';
      const keys = Object.keys(this.events).map((key) => `${client}.events.${key}`);
      throw new KafkaJSError(`Event name should be one of ${keys.join(', ')}`, { retriable: false });
    }
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    const entry = listener as (event: InstrumentationEvent<unknown>) => void;
    set.add(entry);
    return () => void set.delete(entry);
  }

  /** Whether anyone listens to `type` (payloads are built only then). */
  has(type: string): boolean {
    return (this.listeners.get(type)?.size ?? 0) > 0;
  }

  /** Calls the listeners of `type` with `payload`. */
  emit(type: string, payload: unknown): void {
    const set = this.listeners.get(type);
    if (set === undefined || set.size === 0) return;
    const event: InstrumentationEvent<unknown> = {
      // A number at run time, as KafkaJS's own (its declarations say string; code compiled
      // against them still works, and code comparing ids as numbers does too).
      id: nextId++ as unknown as string,
      type,
      timestamp: Date.now(),
      payload,
    };
    for (const listener of set) {
      try {
        listener(event);
      } catch (error) {
        this.logger().error('instrumentation listener failed', { type, error: String(error) });
      }
    }
  }
}
