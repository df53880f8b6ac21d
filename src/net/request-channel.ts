/**
 * The narrow view of a connection that the connect-time exchanges (ApiVersions negotiation,
 * SASL) use: send one request at an explicit version, ahead of any user request, optionally
 * with a custom response decoder.
 */
import type { Reader } from '../protocol/primitives/reader.js';

/** Sends one internal request and resolves with its decoded response. */
export type InternalSend = <T>(
  api: string,
  version: number,
  body: unknown,
  decode?: (reader: Reader) => T,
) => Promise<T>;
