/**
 * `node:diagnostics_channel` channels of the cluster layer (the connection layer's are in
 * `net/diagnostics.ts`): metadata refreshes and retries, so a trace shows why a call took
 * longer than one round trip. Published only when someone subscribes; messages carry names,
 * ids and error codes, never a request body or a credential.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientScope } from '../net/client-scope.js';
import type { LeaderChange } from './metadata-cache.js';

/** Channel names, all under `kafe:cluster:`. */
export const clusterChannelNames = {
  /** A Metadata request was answered and applied, or failed. */
  metadata: 'kafe:cluster:metadata',
  /** An operation failed with a retriable error and will be tried again after `delayMs`. */
  retry: 'kafe:cluster:retry',
  /** An operation gave up: its deadline passed while it retried (it fails with `DeadlineExceededError`). */
  giveUp: 'kafe:cluster:give-up',
} as const;

/** Published on {@link clusterChannelNames.metadata}. */
export interface MetadataMessage {
  /** The client whose cluster refreshed. */
  client: ClientScope | undefined;
  /** Topics asked for, `null` for all. */
  topics: readonly string[] | null;
  /** Broker ids in the answer (empty when it failed). */
  brokers: number[];
  /** Brokers the answer no longer lists. */
  removedBrokers: readonly number[];
  /** Partitions whose answered leader epoch was older than the cached one (kept, KIP-320). */
  staleEpochs: number;
  /** Partitions whose leader moved (empty when it failed). */
  leaderChanges: readonly LeaderChange[];
  error: Error | undefined;
}

/** Published on {@link clusterChannelNames.retry}. */
export interface RetryMessage {
  /** The client of the operation (undefined for a retry loop outside a client's cluster). */
  client: ClientScope | undefined;
  /** The API or operation, e.g. `Produce`, `Metadata`. */
  operation: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** The error's `code` (e.g. `NOT_LEADER_OR_FOLLOWER`, `CONNECTION_ERROR`). */
  code: string;
  delayMs: number;
}

/** Published on {@link clusterChannelNames.giveUp}. */
export interface GiveUpMessage {
  /** The client of the operation (undefined for a retry loop outside a client's cluster). */
  client: ClientScope | undefined;
  /** The API or operation, e.g. `Produce`, `Metadata`. */
  operation: string;
  /** Attempts made. */
  attempts: number;
  /** The deadline, ms. */
  timeoutMs: number;
  /** The last attempt's error (the `cause` of the `DeadlineExceededError`). */
  error: Error | undefined;
}

/** The channels, created once. */
export const clusterChannels = {
  metadata: diagnostics.channel(clusterChannelNames.metadata),
  retry: diagnostics.channel(clusterChannelNames.retry),
  giveUp: diagnostics.channel(clusterChannelNames.giveUp),
};
