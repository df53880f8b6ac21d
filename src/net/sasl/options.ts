/**
 * The `sasl` connection option: one of the built-in mechanisms by name with its credentials or
 * token provider, or any {@link SaslMechanism}.
 */
import { AuthenticationError } from '../errors.js';
import type { SaslMechanism } from './mechanism.js';
import { type OAuthBearerTokenProvider, oauthBearerMechanism } from './oauthbearer.js';
import { plainMechanism } from './plain.js';
import { type ScramMechanismName, scramMechanism } from './scram.js';

/**
 * SASL configuration of a connection. Mechanism names are Kafka's (`sasl.mechanism`) and are
 * accepted in any case at run time; the types take the upper- and lower-case spellings.
 */
export type SaslOptions =
  | { readonly mechanism: 'PLAIN' | 'plain'; readonly username: string; readonly password: string }
  | {
      readonly mechanism: ScramMechanismName | Lowercase<ScramMechanismName>;
      readonly username: string;
      readonly password: string;
      /** The credentials are a delegation token's id and HMAC (KIP-48). Default false. */
      readonly tokenAuthentication?: boolean;
    }
  | { readonly mechanism: 'OAUTHBEARER' | 'oauthbearer'; readonly tokenProvider: OAuthBearerTokenProvider }
  | SaslMechanism;

/** The mechanism object for a `sasl` option (checked by the cluster's option schema). */
export function saslMechanismFor(options: SaslOptions): SaslMechanism {
  if ('authenticate' in options) return options;
  const mechanism = String(options.mechanism).toUpperCase();
  if (mechanism === 'OAUTHBEARER' && 'tokenProvider' in options)
    return oauthBearerMechanism(options.tokenProvider);
  if ('password' in options) {
    if (mechanism === 'PLAIN') return plainMechanism(options);
    if (mechanism === 'SCRAM-SHA-256' || mechanism === 'SCRAM-SHA-512')
      return scramMechanism(mechanism, options);
  }
  // Reached only by a connection made without the cluster's option checks.
  throw new AuthenticationError(
    `sasl: unsupported mechanism ${JSON.stringify(options.mechanism)} or missing credentials`,
  );
}
