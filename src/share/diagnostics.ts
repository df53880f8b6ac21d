/**
 * `node:diagnostics_channel` channels of the share consumer (silent unless subscribed; the
 * connection and cluster layers' channels carry its requests).
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientScope } from '../net/client-scope.js';
import type { KafeError } from '../protocol/errors.js';
import type { AcknowledgementOutcome } from './acknowledgements.js';
import type { MembershipState } from './membership-state.js';

/** Channel names. */
export const shareChannelNames = {
  /** {@link MembershipMessage}: each change of a share member's state. */
  membership: 'kafe:share:membership',
  /** {@link AcknowledgementMessage}: each broker answer to acknowledgements. */
  acknowledgement: 'kafe:share:acknowledgement',
  /** {@link HandlerErrorMessage}: a `run` handler threw; its record was released. */
  handlerError: 'kafe:share:handler-error',
} as const;

/** A share member's state changed. */
export interface MembershipMessage {
  /** The client that published it. */
  readonly client: ClientScope;
  readonly groupId: string;
  readonly memberId: string;
  readonly from: MembershipState;
  readonly to: MembershipState;
  readonly memberEpoch: number;
  /** Why it failed (`to` is `failed`). */
  readonly error: KafeError | undefined;
}

/** A broker answered acknowledgements. */
export interface AcknowledgementMessage {
  /** The client that published it. */
  readonly client: ClientScope;
  readonly groupId: string;
  readonly nodeId: number;
  readonly outcomes: readonly AcknowledgementOutcome[];
}

/** A handler given to `run` threw. */
export interface HandlerErrorMessage {
  /** The client that published it. */
  readonly client: ClientScope;
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly error: unknown;
}

/** The channels, created once. */
export const shareChannels = {
  membership: diagnostics.channel(shareChannelNames.membership),
  acknowledgement: diagnostics.channel(shareChannelNames.acknowledgement),
  handlerError: diagnostics.channel(shareChannelNames.handlerError),
};
