/**
 * Per-broker version negotiation (KIP-35, KIP-511): the broker lists the versions it supports
 * for each API in its ApiVersions response; each request then uses the highest version both
 * sides support, optionally capped by a user pin (for debugging and for tests against old
 * brokers). Mirrors Java's `NodeApiVersions#latestUsableVersion`.
 */
import type {
  ApiVersionsResponseApiVersion,
  ApiVersionsResponseFinalizedFeatureKey,
} from '../protocol/messages/api-versions.js';
import { type ApiKeyInfo, type ApiName, apiKeyByKey } from '../protocol/messages/index.js';
import { UnsupportedVersionError } from './errors.js';

/** A broker's supported range for one API. */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** The outcome of negotiation with one broker. */
export class NegotiatedVersions {
  /** Chosen version by API key; absent when the broker does not support the API or no common version exists. */
  private readonly chosen = new Map<number, number>();
  /** What the broker announced, by API key (also APIs kafe does not know). */
  readonly broker: ReadonlyMap<number, VersionRange>;
  /**
   * The cluster's finalized feature levels as this broker reported them (ApiVersions v3+,
   * KIP-584), by feature name: their max version level, e.g. `transaction.version` (KIP-890).
   * Empty when the broker reports none (older than Kafka 2.7, or no feature finalized).
   */
  readonly finalizedFeatures: ReadonlyMap<string, number>;

  /**
   * @param brokerApis the `apiKeys` list of the broker's ApiVersions response.
   * @param pins highest version to use per API name, whatever both sides support.
   * @param features the `finalizedFeatures` list of the same response.
   */
  constructor(
    brokerApis: readonly ApiVersionsResponseApiVersion[],
    private readonly pins: Readonly<Partial<Record<ApiName, number>>> = {},
    features: readonly ApiVersionsResponseFinalizedFeatureKey[] = [],
  ) {
    this.finalizedFeatures = new Map(features.map((f) => [f.name, f.maxVersionLevel]));
    const broker = new Map<number, VersionRange>();
    for (const a of brokerApis) {
      broker.set(a.apiKey, { min: a.minVersion, max: a.maxVersion });
      const ours = apiKeyByKey(a.apiKey);
      if (ours === undefined) continue;
      const pin = (pins as Record<string, number | undefined>)[ours.name];
      const hi = Math.min(ours.maxVersion, a.maxVersion, pin ?? Number.POSITIVE_INFINITY);
      const lo = Math.max(ours.minVersion, a.minVersion);
      if (lo <= hi) this.chosen.set(a.apiKey, hi);
    }
    this.broker = broker;
  }

  /** The version to use for `api`, or `undefined` when there is none. */
  tryVersionFor(apiKey: number): number | undefined {
    return this.chosen.get(apiKey);
  }

  /** The version to use for `api`; throws {@link UnsupportedVersionError} naming the API when there is none. */
  versionFor(apiKey: number, brokerName: string): number {
    const v = this.chosen.get(apiKey);
    if (v !== undefined) return v;
    throw this.unsupported(apiKey, brokerName);
  }

  /** Whether `version` of `apiKey` is usable with this broker (within both ranges; pins are not applied). */
  supports(apiKey: number, version: number): boolean {
    const theirs = this.broker.get(apiKey);
    const ours = apiKeyByKey(apiKey);
    return (
      theirs !== undefined &&
      ours !== undefined &&
      version >= Math.max(theirs.min, ours.minVersion) &&
      version <= Math.min(theirs.max, ours.maxVersion)
    );
  }

  /** The error for an API that cannot be used with this broker, naming the API and both ranges. */
  unsupported(apiKey: number, brokerName: string, version?: number): UnsupportedVersionError {
    const ours: ApiKeyInfo | undefined = apiKeyByKey(apiKey);
    const name = ours?.name ?? `API key ${apiKey}`;
    const theirs = this.broker.get(apiKey);
    const oursText =
      ours === undefined
        ? 'kafe does not implement it'
        : `kafe supports ${ours.minVersion}-${ours.maxVersion}`;
    const theirsText =
      theirs === undefined
        ? 'the broker does not support it'
        : `the broker supports ${theirs.min}-${theirs.max}`;
    const pin = ours === undefined ? undefined : (this.pins as Record<string, number | undefined>)[ours.name];
    const pinText = pin === undefined ? '' : `, pinned to at most ${pin}`;
    const what = version === undefined ? name : `${name} v${version}`;
    return new UnsupportedVersionError(
      name,
      `${brokerName}: ${what} cannot be used: ${theirsText}, ${oursText}${pinText}`,
    );
  }
}
