/**
 * The connection layer: one {@link Connection} per broker socket, with framing, pipelining,
 * timeouts, aborts, backpressure, TLS, ApiVersions negotiation, SASL (PLAIN, SCRAM,
 * OAUTHBEARER or a pluggable mechanism) and KIP-368 re-authentication. It imports only
 * `protocol/`; `cluster/` builds broker pools and routing on top of it.
 */
export type { ApiCodecs, RequestOf, ResponseOf } from './api-codecs.js';
export { apiCodecsByKey, apiCodecsByName } from './api-codecs.js';
export { NegotiatedVersions, type VersionRange } from './api-versions.js';
export { Connection, type ConnectionOptions, type SendOptions } from './connection.js';
export * from './diagnostics.js';
export * from './errors.js';
export { FrameDecoder, type FrameSizeViolation } from './frame-decoder.js';
export { type ClientSoftware, decodeApiVersionsWithFallback } from './negotiate-versions.js';
export type { SaslExchange, SaslMechanism } from './sasl/mechanism.js';
export {
  type OAuthBearerToken,
  type OAuthBearerTokenProvider,
  oauthBearerMechanism,
} from './sasl/oauthbearer.js';
export { type SaslOptions, saslMechanismFor } from './sasl/options.js';
export { plainMechanism, type SaslCredentials } from './sasl/plain.js';
export { type ScramMechanismName, type ScramOptions, scramMechanism } from './sasl/scram.js';
