/**
 * `node:diagnostics_channel` channel of the consumer's group membership: what each rebalance
 * gave and took (the truncation channel is in `position-validation.ts`). Published only when
 * someone subscribes; one message per change of assignment, never per record.
 */
import diagnostics from 'node:diagnostics_channel';
import type { TopicPartition } from '../cluster/topic-partition.js';
import type { ClientScope } from '../net/client-scope.js';

/** Name of the channel rebalances are published on. */
export const rebalanceChannelName = 'kafe:consumer:rebalance';

/**
 * What changed: partitions `assigned`, `revoked` (given back in a rebalance, after their
 * offsets were committed), `lost` (the member was fenced, its session expired or it left for
 * exceeding `maxPollIntervalMs`: nothing could be committed), or the member `fenced` for good
 * (FENCED_INSTANCE_ID: another process has its static id; it stops consuming).
 */
export type RebalanceEvent = 'assigned' | 'revoked' | 'lost' | 'fenced';

/** Published on {@link rebalanceChannelName}. */
export interface RebalanceMessage {
  /** The client of the consumer. */
  client: ClientScope | undefined;
  group: string;
  /** Member id at the time (empty once the coordinator dropped it). */
  memberId: string;
  /** Generation (classic) or member epoch (KIP-848). */
  generationId: number;
  event: RebalanceEvent;
  /** The partitions assigned, revoked or lost (those owned when fenced). */
  partitions: readonly TopicPartition[];
  /** Why the member was fenced (`fenced` only). */
  error: Error | undefined;
}

/** The channel, created once. */
export const rebalanceChannel = diagnostics.channel(rebalanceChannelName);
