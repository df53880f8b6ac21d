/**
 * SASL OAUTHBEARER (RFC 7628) as Kafka uses it (KIP-255, KIP-342 for extensions): the client
 * sends `n,,\x01auth=Bearer <token>\x01<key>=<value>\x01...\x01`; an empty answer means success.
 * On failure the broker answers with a JSON error and waits for a lone `\x01` before failing
 * the exchange (RFC 7628 §3.2.3), which is what `OAuthBearerSaslClient` does too.
 */
import { AuthenticationError } from '../errors.js';
import type { SaslExchange, SaslMechanism } from './mechanism.js';

/** What a token provider returns. */
export interface OAuthBearerToken {
  /** The compact-serialized token (a JWT for Kafka's default validator). */
  readonly token: string;
  /** SASL extensions (KIP-342), sent as `key=value` pairs; `auth` is reserved. */
  readonly extensions?: Readonly<Record<string, string>>;
}

/** Called for every (re-)authentication, so it can return a fresh token. */
export type OAuthBearerTokenProvider = () => Promise<OAuthBearerToken>;

const SEP = '\u0001';
const EXTENSION_KEY = /^[A-Za-z]+$/;
// RFC 7628 §3.1: value = *(VCHAR / SP / HTAB / CR / LF)
const EXTENSION_VALUE = /^[\x21-\x7E \t\r\n]*$/;

/** The client's initial response for `token`; exported for tests. */
export function oauthBearerMessage(token: OAuthBearerToken): Buffer {
  let text = `n,,${SEP}auth=Bearer ${token.token}${SEP}`;
  for (const [key, value] of Object.entries(token.extensions ?? {})) {
    // Names only: a value may be sensitive and must not end up in an error message.
    if (key === 'auth' || !EXTENSION_KEY.test(key)) {
      throw new AuthenticationError(`OAUTHBEARER extension name "${key}" is not allowed`);
    }
    if (!EXTENSION_VALUE.test(value)) {
      throw new AuthenticationError(`OAUTHBEARER extension "${key}" has characters RFC 7628 does not allow`);
    }
    text += `${key}=${value}${SEP}`;
  }
  return Buffer.from(`${text}${SEP}`, 'utf8');
}

/** An OAUTHBEARER mechanism asking `provider` for a token on every authentication. */
export function oauthBearerMechanism(provider: OAuthBearerTokenProvider): SaslMechanism {
  return {
    name: 'OAUTHBEARER',
    async authenticate(exchange: SaslExchange): Promise<void> {
      let token: OAuthBearerToken;
      try {
        token = await provider();
      } catch (error) {
        throw new AuthenticationError('OAUTHBEARER token provider failed', { cause: error });
      }
      const answer = await exchange(oauthBearerMessage(token));
      if (answer.length === 0) return;
      // The broker's JSON error ({"status":"invalid_token",...}) names no secret; finish the
      // exchange as the RFC requires, then report it.
      const detail = Buffer.from(answer).toString('utf8');
      await exchange(Buffer.from(SEP, 'utf8')).catch(() => undefined);
      throw new AuthenticationError(`OAUTHBEARER token rejected: ${detail}`);
    },
  };
}
