/** SASL PLAIN (RFC 4616), as Kafka's `PlainSaslServer` expects it: one message, empty answer. */
import type { SaslExchange, SaslMechanism } from './mechanism.js';

/** Username and password for PLAIN or SCRAM. */
export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

/** A PLAIN mechanism; the credentials travel in clear, so use it over TLS outside tests. */
export function plainMechanism(credentials: SaslCredentials): SaslMechanism {
  return {
    name: 'PLAIN',
    async authenticate(exchange: SaslExchange): Promise<void> {
      // message = [authzid] UTF8NUL authcid UTF8NUL passwd; kafe sends no authzid.
      await exchange(Buffer.from(`\u0000${credentials.username}\u0000${credentials.password}`, 'utf8'));
    },
  };
}
