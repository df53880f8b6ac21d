/**
 * Error codes as the seed's result shapes carry them: snake_case names (`none` for 0), e.g.
 * `not_leader_for_partition`. The names are Kafka's (`messages/error-codes.ts`, mirroring
 * org.apache.kafka.common.protocol.Errors) in lower case, except the codes Kafka renamed after
 * the seed was written: their old names are kept, because seed code matches on them.
 */
import { errorCodeInfo } from '../protocol/messages/error-codes.js';

/**
 * Codes whose Kafka name changed since the seed (Kafka 0.10): the seed's name wins.
 * - 6: NOT_LEADER_FOR_PARTITION became NOT_LEADER_OR_FOLLOWER in Kafka 2.7 (KIP-392 follower fetching).
 * - 14, 15, 16: GROUP_LOAD_IN_PROGRESS, GROUP_COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR_FOR_GROUP
 *   became COORDINATOR_* in Kafka 0.11 (transaction coordinators, KIP-98).
 */
const seedNames: ReadonlyMap<number, string> = new Map([
  [6, 'not_leader_for_partition'],
  [14, 'group_load_in_progress'],
  [15, 'group_coordinator_not_available'],
  [16, 'not_coordinator_for_group'],
]);

/** The seed's name of a broker error code: `none` for 0, `unknown_server_error` for a code Kafka does not define. */
export function errorName(code: number): string {
  if (code === 0) return 'none';
  return seedNames.get(code) ?? errorCodeInfo(code)?.name.toLowerCase() ?? 'unknown_server_error';
}
