/**
 * ApiVersions (key 18): the version range of every API this fake serves. A version above the
 * highest it knows is answered with UNSUPPORTED_VERSION and its own range in a v0 body, so the
 * client can retry at a version both know (KIP-511).
 */
import { apiKeys } from '../../protocol/messages/index.js';
import type { ApiHandler } from './handler.js';
import { Errors } from './handler.js';

/** The ApiVersions handler. */
export const apiVersions: ApiHandler = {
  api: 'ApiVersions',
  versions: { min: apiKeys.ApiVersions.minVersion, max: apiKeys.ApiVersions.maxVersion },
  replyVersion(request, { advertised }) {
    const own = advertised.get(apiKeys.ApiVersions.key);
    return own === undefined || request.apiVersion > own.max ? 0 : undefined;
  },
  handle(request, { advertised, state }) {
    const list = [...advertised].map(([apiKey, r]) => ({ apiKey, minVersion: r.min, maxVersion: r.max }));
    const own = advertised.get(apiKeys.ApiVersions.key);
    if (own === undefined || request.apiVersion > own.max || request.body === undefined) {
      return {
        errorCode: Errors.UNSUPPORTED_VERSION,
        apiKeys: list.filter((a) => a.apiKey === apiKeys.ApiVersions.key),
      };
    }
    // KIP-584's finalized features; transaction.version decides the client's transaction protocol (KIP-890).
    const level = state.behaviour.transactionVersion;
    const finalizedFeatures =
      level > 0 ? [{ name: 'transaction.version', minVersionLevel: level, maxVersionLevel: level }] : [];
    return { errorCode: 0, apiKeys: list, throttleTimeMs: 0, finalizedFeaturesEpoch: 1n, finalizedFeatures };
  },
};
