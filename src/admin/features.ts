/**
 * Feature flags (Java `Admin#describeFeatures`, `#updateFeatures`; KIP-584, KRaft KIP-778,
 * upgrade types KIP-778/KIP-1022). The features a broker supports and the cluster's finalized
 * levels travel in ApiVersions (its tagged fields, v3+), asked afresh of any broker; updates go
 * to the controller, which applies all of one request or none (from UpdateFeatures v2 the
 * answer has only a top-level error, which every feature of the request shares).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { isRetriable, retry } from '../cluster/retry.js';
import { errorForCode } from '../protocol/broker-error.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { controller } from './routers.js';

/** The cluster's features as one broker reports them (Java `FeatureMetadata`). */
export interface FeatureMetadata {
  /** Finalized (cluster-wide) levels by feature name. */
  readonly finalizedFeatures: Readonly<Record<string, { minVersionLevel: number; maxVersionLevel: number }>>;
  /** The metadata offset the finalized levels were read at, or undefined when the broker gives none. */
  readonly finalizedFeaturesEpoch?: bigint;
  /** The levels this broker supports, by feature name. */
  readonly supportedFeatures: Readonly<Record<string, { minVersion: number; maxVersion: number }>>;
}

/** How a feature may move (Java `FeatureUpdate.UpgradeType`). */
export type FeatureUpgradeType = 'UPGRADE' | 'SAFE_DOWNGRADE' | 'UNSAFE_DOWNGRADE';

const upgradeTypes: Record<FeatureUpgradeType, number> = {
  UPGRADE: 1,
  SAFE_DOWNGRADE: 2,
  UNSAFE_DOWNGRADE: 3,
};

/** One feature's new level (Java `FeatureUpdate`); level 0 removes the feature. */
export interface FeatureUpdate {
  readonly feature: string;
  readonly maxVersionLevel: number;
  /** Default `UPGRADE`; a lower level needs a downgrade type. */
  readonly upgradeType?: FeatureUpgradeType;
}

/** Options of `updateFeatures`. */
export interface UpdateFeaturesOptions extends CallOptions {
  /** Only check the updates (`kafka-features.sh --dry-run`). Default false. */
  readonly validateOnly?: boolean;
}

/** Most a broker-side timeout may be: a lost request stays bounded. */
const BROKER_TIMEOUT_CAP_MS = 60_000;

/** The finalized and supported features, from a fresh ApiVersions of any broker. */
export function describeFeatures(cluster: Cluster, options: CallOptions = {}): Promise<FeatureMetadata> {
  return retry(
    async (attempt) => {
      const connection = await cluster.anyConnection(attempt.signal);
      const software = connection.clientSoftware;
      const response = await connection.send(
        'ApiVersions',
        { clientSoftwareName: software.name, clientSoftwareVersion: software.version },
        { signal: attempt.signal, timeoutMs: attempt.remainingMs },
      );
      const error = errorForCode(response.errorCode);
      if (error !== undefined) throw error;
      return {
        finalizedFeatures: Object.fromEntries(
          response.finalizedFeatures.map((f) => [
            f.name,
            { minVersionLevel: f.minVersionLevel, maxVersionLevel: f.maxVersionLevel },
          ]),
        ),
        ...(response.finalizedFeaturesEpoch >= 0n
          ? { finalizedFeaturesEpoch: response.finalizedFeaturesEpoch }
          : {}),
        supportedFeatures: Object.fromEntries(
          response.supportedFeatures.map((f) => [
            f.name,
            { minVersion: f.minVersion, maxVersion: f.maxVersion },
          ]),
        ),
      };
    },
    {
      operation: 'describeFeatures',
      timeoutMs: options.timeoutMs ?? cluster.defaultTimeoutMs,
      signal: options.signal,
      shouldRetry: isRetriable,
    },
  );
}

function updateProblem(update: FeatureUpdate): string | undefined {
  if (update === null || typeof update !== 'object') return 'a feature update must be an object';
  if (typeof update.feature !== 'string' || update.feature.trim() === '')
    return 'feature must be a non-empty name';
  if (
    !Number.isInteger(update.maxVersionLevel) ||
    update.maxVersionLevel < 0 ||
    update.maxVersionLevel > 32767
  )
    return `maxVersionLevel must be an integer from 0 to 32767, not ${update.maxVersionLevel}`;
  if (update.upgradeType !== undefined && !Object.hasOwn(upgradeTypes, update.upgradeType))
    return `upgradeType must be UPGRADE, SAFE_DOWNGRADE or UNSAFE_DOWNGRADE, not ${JSON.stringify(update.upgradeType)}`;
  return undefined;
}

/** Changes finalized feature levels: each feature's outcome (all succeed or fail together). */
export function updateFeatures(
  cluster: Cluster,
  updates: readonly FeatureUpdate[],
  options: UpdateFeaturesOptions = {},
): Promise<AdminResults<FeatureUpdate, void>> {
  return fanOut(
    cluster,
    updates,
    {
      api: 'UpdateFeatures',
      kind: 'feature',
      nameOf: (u) => String(u?.feature),
      check: updateProblem,
      router: controller(),
      request: (list, version, remainingMs) => ({
        timeoutMs: Math.max(1, Math.min(remainingMs, BROKER_TIMEOUT_CAP_MS)),
        featureUpdates: list.map((u) => {
          const type = u.upgradeType ?? 'UPGRADE';
          // v0 knows only "allow downgrade" (KIP-584); v1+ the upgrade type.
          return version === 0
            ? { feature: u.feature, maxVersionLevel: u.maxVersionLevel, allowDowngrade: type !== 'UPGRADE' }
            : { feature: u.feature, maxVersionLevel: u.maxVersionLevel, upgradeType: upgradeTypes[type] };
        }),
        validateOnly: options.validateOnly ?? false,
      }),
      answers: (response, list) => {
        const out = new Map<string, Answer<void>>();
        for (const u of list)
          out.set(
            u.feature,
            answerOf(response.errorCode, response.errorMessage, () => undefined),
          );
        // v0-1 also answer per feature (v2 leaves `results` empty).
        if (response.errorCode === 0)
          for (const r of response.results)
            out.set(
              r.feature,
              answerOf(r.errorCode, r.errorMessage, () => undefined),
            );
        return out;
      },
    },
    { ...options, operation: 'updateFeatures' },
  );
}
