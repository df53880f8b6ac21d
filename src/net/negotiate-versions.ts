/**
 * ApiVersions negotiation on a fresh connection (KIP-35, KIP-511). The newest ApiVersions
 * version kafe has is sent first; a broker that does not know it answers UNSUPPORTED_VERSION
 * with a v0 body listing its own ApiVersions range, and the request is repeated at the highest
 * version both support (Java: `NetworkClient#handleApiVersionsResponse`).
 */
import { BrokerError } from '../protocol/broker-error.js';
import { type ApiVersionsResponse, decodeApiVersionsResponse } from '../protocol/messages/api-versions.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { type ApiName, apiKeys } from '../protocol/messages/index.js';
import type { Reader } from '../protocol/primitives/reader.js';
import { NegotiatedVersions } from './api-versions.js';
import { ConnectionError } from './errors.js';
import type { InternalSend } from './request-channel.js';

/** Client identification sent in ApiVersions v3+ (KIP-511). */
export interface ClientSoftware {
  name: string;
  version: string;
}

/**
 * Decodes an ApiVersions response at `version`, falling back to v0: a broker answers a version
 * it does not support with a v0 body (Java: `ApiVersionsResponse#parse`).
 */
export function decodeApiVersionsWithFallback(reader: Reader, version: number): ApiVersionsResponse {
  const start = reader.offset;
  try {
    return decodeApiVersionsResponse(reader, version);
  } catch (error) {
    if (version === 0) throw error;
    reader.offset = start;
    return decodeApiVersionsResponse(reader, 0);
  }
}

/** Runs the negotiation; resolves with the versions to use on this connection. */
export async function negotiateVersions(
  send: InternalSend,
  broker: string,
  software: ClientSoftware,
  pins: Readonly<Partial<Record<ApiName, number>>>,
): Promise<NegotiatedVersions> {
  const api = apiKeys.ApiVersions;
  let version = Math.min(api.maxVersion, pins.ApiVersions ?? api.maxVersion);
  for (let attempt = 0; attempt < 3; attempt++) {
    const request = { clientSoftwareName: software.name, clientSoftwareVersion: software.version };
    const v = version;
    const response = await send('ApiVersions', v, request, (r) => decodeApiVersionsWithFallback(r, v));
    if (response.errorCode === errorCodes.NONE.code)
      return new NegotiatedVersions(response.apiKeys, pins, response.finalizedFeatures);
    if (response.errorCode !== errorCodes.UNSUPPORTED_VERSION.code || version === 0) {
      throw new ConnectionError(broker, 'ApiVersions failed', {
        cause: new BrokerError(response.errorCode),
        retriable: false,
      });
    }
    const theirs = response.apiKeys.find((a) => a.apiKey === api.key);
    const next = theirs === undefined ? 0 : Math.min(theirs.maxVersion, version - 1);
    version = Math.max(0, next);
  }
  throw new ConnectionError(broker, 'ApiVersions negotiation did not converge', { retriable: false });
}
