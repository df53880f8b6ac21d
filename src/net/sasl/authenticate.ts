/**
 * One SASL authentication on a connection (KIP-152): SaslHandshake names the mechanism, then
 * the mechanism's messages travel in SaslAuthenticate requests. Used at connect time and for
 * re-authentication (KIP-368), which repeats both steps on the same connection. Resolves with
 * the session lifetime the broker granted (SaslAuthenticate v1+, 0 when unlimited).
 */
import { BrokerError } from '../../protocol/broker-error.js';
import { KafeError } from '../../protocol/errors.js';
import { errorCodes } from '../../protocol/messages/error-codes.js';
import { apiKeys } from '../../protocol/messages/index.js';
import type { SaslAuthenticateResponse } from '../../protocol/messages/sasl-authenticate.js';
import type { SaslHandshakeResponse } from '../../protocol/messages/sasl-handshake.js';
import type { NegotiatedVersions } from '../api-versions.js';
import { AuthenticationError } from '../errors.js';
import type { InternalSend } from '../request-channel.js';
import type { SaslMechanism } from './mechanism.js';

/** Runs SaslHandshake + SaslAuthenticate with `mechanism`; resolves with the session lifetime in ms. */
export async function saslAuthenticate(
  send: InternalSend,
  versions: NegotiatedVersions,
  broker: string,
  mechanism: SaslMechanism,
): Promise<number> {
  const handshakeVersion = versions.versionFor(apiKeys.SaslHandshake.key, broker);
  // v0 of SaslHandshake means raw SASL tokens without SaslAuthenticate framing (pre-1.0 brokers).
  if (handshakeVersion < 1) throw versions.unsupported(apiKeys.SaslHandshake.key, broker, 1);
  const authenticateVersion = versions.versionFor(apiKeys.SaslAuthenticate.key, broker);

  const handshake = await send<SaslHandshakeResponse>('SaslHandshake', handshakeVersion, {
    mechanism: mechanism.name,
  });
  if (handshake.errorCode === errorCodes.UNSUPPORTED_SASL_MECHANISM.code) {
    throw new AuthenticationError(
      `${broker}: the broker does not enable SASL mechanism ${mechanism.name} (enabled: ${handshake.mechanisms.join(', ') || 'none'})`,
    );
  }
  if (handshake.errorCode !== errorCodes.NONE.code) {
    throw new AuthenticationError(`${broker}: SaslHandshake failed`, {
      cause: new BrokerError(handshake.errorCode),
    });
  }

  let sessionLifetimeMs = 0;
  try {
    await mechanism.authenticate(async (clientMessage) => {
      const response = await send<SaslAuthenticateResponse>('SaslAuthenticate', authenticateVersion, {
        authBytes: clientMessage,
      });
      if (response.errorCode !== errorCodes.NONE.code) {
        // The broker's message says why (e.g. "Authentication failed: Invalid username or
        // password") and never echoes the credentials.
        const cause = new BrokerError(response.errorCode, response.errorMessage);
        throw new AuthenticationError(
          `${broker}: SASL ${mechanism.name} authentication failed: ${cause.message}`,
          {
            cause,
          },
        );
      }
      sessionLifetimeMs = Number(response.sessionLifetimeMs);
      return response.authBytes;
    });
  } catch (error) {
    if (error instanceof KafeError) {
      if (error instanceof AuthenticationError && !error.message.startsWith(`${broker}:`)) {
        throw new AuthenticationError(`${broker}: ${error.message}`, { cause: error.cause });
      }
      throw error;
    }
    // A user mechanism's own error: keep it as the cause, print nothing of it.
    throw new AuthenticationError(`${broker}: SASL ${mechanism.name} authentication failed`, {
      cause: error,
    });
  }
  return sessionLifetimeMs;
}
