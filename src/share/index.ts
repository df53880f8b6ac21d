/**
 * Share groups (KIP-932): `kafka.shareConsumer({ groupId })`, a member of a share group that
 * acquires records under a lock and acknowledges them one by one (accept, release, reject,
 * renew), with the broker counting deliveries.
 */
export type {
  AcknowledgementOutcome,
  AcknowledgeTypeName,
} from './acknowledgements.js';
export {
  type AcknowledgementMessage,
  type HandlerErrorMessage,
  type MembershipMessage,
  shareChannelNames,
} from './diagnostics.js';
export { InvalidAcknowledgementError, ShareGroupsUnsupportedError } from './errors.js';
export type { MembershipState } from './membership-state.js';
export type { ShareAcknowledgementMode, ShareAcquireMode, ShareConsumerOptions } from './options.js';
export { ShareConsumer, type ShareRunOptions } from './share-consumer.js';
export type { ShareRecord } from './share-record.js';
