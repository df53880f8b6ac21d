/**
 * The `sasl` connection option: one of the built-in mechanisms by name with its credentials or
 * token provider, or any {@link SaslMechanism}.
 */
import type { SaslMechanism } from './mechanism.js';
import { type OAuthBearerTokenProvider, oauthBearerMechanism } from './oauthbearer.js';
import { plainMechanism } from './plain.js';
import { type ScramMechanismName, scramMechanism } from './scram.js';

/** SASL configuration of a connection. */
export type SaslOptions =
  | { readonly mechanism: 'PLAIN'; readonly username: string; readonly password: string }
  | { readonly mechanism: ScramMechanismName; readonly username: string; readonly password: string }
  | { readonly mechanism: 'OAUTHBEARER'; readonly tokenProvider: OAuthBearerTokenProvider }
  | SaslMechanism;

/** The mechanism object for a `sasl` option. */
export function saslMechanismFor(options: SaslOptions): SaslMechanism {
  if ('authenticate' in options) return options;
  switch (options.mechanism) {
    case 'PLAIN':
      return plainMechanism(options);
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-512':
      return scramMechanism(options.mechanism, options);
    case 'OAUTHBEARER':
      return oauthBearerMechanism(options.tokenProvider);
  }
}
