/**
 * The SASL session of one connection: authentication at connect time and KIP-368
 * re-authentication before the session the broker granted expires (Java: `KafkaChannel`
 * re-authentication with `SaslClientAuthenticator`).
 *
 * Re-authentication happens between requests: when due, the session closes the gate (the
 * connection queues new requests), waits until nothing is in flight, runs SaslHandshake +
 * SaslAuthenticate again, then opens the gate. A failure ends the connection.
 */
import type { NegotiatedVersions } from '../api-versions.js';
import type { ClientScope } from '../client-scope.js';
import { channels } from '../diagnostics.js';
import type { InternalSend } from '../request-channel.js';
import { saslAuthenticate } from './authenticate.js';
import type { SaslMechanism } from './mechanism.js';

/** KIP-368: re-authenticate at 85-95% of the session lifetime (Java uses the same window). */
const REAUTH_MIN_FRACTION = 0.85;
const REAUTH_JITTER_FRACTION = 0.1;

/** What a {@link SaslSession} needs from its connection. */
export interface SaslSessionHost {
  /** `host:port` of the broker. */
  readonly broker: string;
  /** The client of the connection, named by the `kafe:net:authenticate` messages. */
  readonly scope: ClientScope | undefined;
  readonly mechanism: SaslMechanism;
  /** Sends a request ahead of the connection's queue (it bypasses the gate). */
  readonly send: InternalSend;
  /** The connection's negotiated versions. */
  versions(): NegotiatedVersions;
  /** Requests written and awaiting their response. */
  inFlightCount(): number;
  /** Whether the connection is closed or closing. */
  isClosing(): boolean;
  /** The gate opened again: write the queued requests. */
  release(): void;
  /** Re-authentication failed: end the connection with `error`. */
  fail(error: Error): void;
}

/** SASL authentication and KIP-368 re-authentication of one connection. */
export class SaslSession {
  /** New requests wait in the connection's queue while re-authentication is due or running. */
  gated = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private lifetime = 0;
  private count = 0;

  constructor(private readonly host: SaslSessionHost) {}

  /** Name of the mechanism, e.g. `SCRAM-SHA-512`. */
  get mechanismName(): string {
    return this.host.mechanism.name;
  }

  /** Session lifetime granted at the last (re-)authentication, 0 when none. */
  get sessionLifetimeMs(): number {
    return this.lifetime;
  }

  /** How many times the connection re-authenticated. */
  get reauthentications(): number {
    return this.count;
  }

  /** Authenticates (at connect time, or again for `reauthentication`) and plans the next one. */
  async authenticate(reauthentication: boolean): Promise<void> {
    const { broker, mechanism } = this.host;
    let error: Error | undefined;
    try {
      this.lifetime = await saslAuthenticate(this.host.send, this.host.versions(), broker, mechanism);
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      if (channels.authenticate.hasSubscribers) {
        channels.authenticate.publish({
          client: this.host.scope,
          broker,
          mechanism: mechanism.name,
          reauthentication,
          sessionLifetimeMs: this.lifetime,
          error,
        });
      }
    }
    this.schedule();
  }

  /** The connection has nothing in flight any more: start a re-authentication that is due. */
  idle(): void {
    if (this.gated) this.start();
  }

  /** The connection closes: forget any planned re-authentication. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** KIP-368: plan re-authentication at 85-95% of the session lifetime (random, so connections spread out). */
  private schedule(): void {
    if (this.lifetime <= 0 || this.host.isClosing()) return;
    const fraction = REAUTH_MIN_FRACTION + Math.random() * REAUTH_JITTER_FRACTION;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.gated = true;
        if (this.host.inFlightCount() === 0) this.start();
      },
      Math.floor(this.lifetime * fraction),
    );
    // A pending re-authentication must not keep the process alive on its own.
    this.timer.unref();
  }

  private start(): void {
    if (this.running || this.host.isClosing()) return;
    this.running = true;
    this.authenticate(true).then(
      () => {
        this.running = false;
        this.count++;
        this.gated = false;
        this.host.release();
      },
      (error: unknown) => {
        this.running = false;
        this.host.fail(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}
