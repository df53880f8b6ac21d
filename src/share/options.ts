/**
 * Share consumer options, their defaults and their schema (checked when the share consumer is
 * made, see `cluster/option-schema.ts`). Names are the Java `KafkaShareConsumer`'s configuration
 * keys in camelCase (`share.acknowledgement.mode` -> `shareAcknowledgementMode`,
 * `max.poll.records` -> `maxPollRecords`), with the fetch settings named as kafe's consumer
 * names them (`fetch.max.wait.ms` -> `maxWaitMs`). What a share group does with records
 * (`share.auto.offset.reset`, `share.record.lock.duration.ms`, `share.delivery.count.limit`)
 * are group configs set on the broker, not client options (KIP-932, "Group configuration").
 */
import {
  boolean,
  checkOptions,
  func,
  integer,
  type OptionSchema,
  oneOf,
  string,
} from '../cluster/option-schema.js';
import type { AcknowledgementOutcome } from './acknowledgements.js';

/**
 * How records are acknowledged (Java `share.acknowledgement.mode`): `implicit` accepts every
 * record once it is processed (the iterator asked for the next one, the handler returned);
 * `explicit` leaves each record to the application (`accept`, `release`, `reject`).
 */
export type ShareAcknowledgementMode = 'implicit' | 'explicit';

/**
 * How the broker bounds what one fetch acquires (Java `share.acquire.mode`, KIP-1206, ShareFetch
 * v2): `batch_optimized` rounds to whole record batches, `record_limit` never exceeds
 * `maxPollRecords`.
 */
export type ShareAcquireMode = 'batch_optimized' | 'record_limit';

/** Options of a share consumer. `groupId` is required. */
export interface ShareConsumerOptions {
  /** The share group (Java `group.id`). */
  groupId: string;
  /** `implicit` (default) or `explicit` acknowledgement. */
  shareAcknowledgementMode?: ShareAcknowledgementMode;
  /** Records one fetch acquires at most (Java `max.poll.records`, ShareFetch `MaxRecords`). Default 500. */
  maxPollRecords?: number;
  /** `batch_optimized` (default) or `record_limit`. */
  shareAcquireMode?: ShareAcquireMode;
  /** How long the broker may hold a fetch waiting for `minBytes`, ms (Java `fetch.max.wait.ms`). Default 500. */
  maxWaitMs?: number;
  /** Bytes a fetch waits for (Java `fetch.min.bytes`). Default 1. */
  minBytes?: number;
  /** Bytes one fetch response may carry (Java `fetch.max.bytes`). Default 50 MiB. */
  maxBytes?: number;
  /** Rack of this member, sent in its heartbeats (Java `client.rack`). */
  clientRack?: string;
  /** Backoff after a failed fetch or acknowledgement, ms (Java `retry.backoff.ms`). Default 100. */
  retryBackoffMs?: number;
  /** Verify each batch's CRC (Java `check.crcs`). Default true. */
  checkCrcs?: boolean;
  /**
   * Called with every partition's acknowledgement outcome as the broker answers, whether the
   * acknowledgements went with a fetch or with `commit()` (Java
   * `AcknowledgementCommitCallback`). Runs on the event loop; it must not throw.
   */
  onAcknowledgementCommit?: (outcomes: readonly AcknowledgementOutcome[]) => void;
}

/** {@link ShareConsumerOptions} with every default applied. */
export interface ResolvedShareConsumerOptions {
  readonly groupId: string;
  readonly shareAcknowledgementMode: ShareAcknowledgementMode;
  readonly maxPollRecords: number;
  readonly shareAcquireMode: ShareAcquireMode;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly clientRack: string | null;
  readonly retryBackoffMs: number;
  readonly checkCrcs: boolean;
  readonly onAcknowledgementCommit: ((outcomes: readonly AcknowledgementOutcome[]) => void) | undefined;
}

/** The schema of {@link ShareConsumerOptions}. */
export const shareConsumerOptionSchema: OptionSchema<ShareConsumerOptions> = {
  // Kafka's group ids are STRING fields: at most 32767 bytes.
  groupId: {
    ...string(),
    required: true,
    accepts: (v) => typeof v === 'string' && v.length > 0 && v.length <= 32767,
  },
  shareAcknowledgementMode: oneOf(['implicit', 'explicit']),
  maxPollRecords: integer(1),
  shareAcquireMode: oneOf(['batch_optimized', 'record_limit']),
  maxWaitMs: integer(0),
  minBytes: integer(0),
  maxBytes: integer(1),
  clientRack: string({ empty: true }),
  retryBackoffMs: integer(0),
  checkCrcs: boolean,
  onAcknowledgementCommit: func,
};

/** Applies defaults after checking (a `ConfigurationError` names the bad option). */
export function resolveShareConsumerOptions(options: ShareConsumerOptions): ResolvedShareConsumerOptions {
  checkOptions(options, shareConsumerOptionSchema);
  return {
    groupId: options.groupId,
    shareAcknowledgementMode: options.shareAcknowledgementMode ?? 'implicit',
    maxPollRecords: options.maxPollRecords ?? 500,
    shareAcquireMode: options.shareAcquireMode ?? 'batch_optimized',
    maxWaitMs: options.maxWaitMs ?? 500,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 52_428_800,
    clientRack: options.clientRack ?? null,
    retryBackoffMs: options.retryBackoffMs ?? 100,
    checkCrcs: options.checkCrcs ?? true,
    onAcknowledgementCommit: options.onAcknowledgementCommit,
  };
}
