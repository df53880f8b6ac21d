/**
 * The pluggable SASL mechanism interface. The connection runs SaslHandshake (naming
 * {@link SaslMechanism.name}) and then hands the mechanism an exchange function: each call sends
 * one SaslAuthenticate request carrying the client's message and resolves with the broker's
 * answer (KIP-152). A mechanism resolves when it is done and throws an
 * `AuthenticationError` when the server's answers do not verify.
 */

/** Sends one client message in a SaslAuthenticate request; resolves with the server's bytes. */
export type SaslExchange = (clientMessage: Uint8Array) => Promise<Uint8Array>;

/** A SASL mechanism, e.g. PLAIN, SCRAM-SHA-512, OAUTHBEARER, or one of the user's. */
export interface SaslMechanism {
  /** The mechanism name as sent in SaslHandshake, e.g. `SCRAM-SHA-512`. */
  readonly name: string;
  /**
   * Runs one complete authentication (also used for re-authentication, KIP-368). Holds no state
   * between calls, so a connection can call it again when its session nears expiry.
   */
  authenticate(exchange: SaslExchange): Promise<void>;
}
