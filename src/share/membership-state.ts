/**
 * The states of a share group member and the transitions between them (KIP-932,
 * "ShareGroupHeartbeat"; Java `MemberState` of the share membership manager). One value, changed
 * only by {@link MembershipStateMachine.to}; a transition not listed is a bug in kafe and throws
 * `InternalStateError`.
 *
 * ```text
 *  unjoined --subscribe--> joining --answer with epoch--> stable <--+ heartbeat answers
 *                             ^  \                         |  \-----+
 *                             |   \--FENCED / UNKNOWN_MEMBER_ID---> fenced
 *                             +-------- heartbeat with epoch 0 <----/
 *  any but left --close--> leaving --epoch -1 sent--> left
 *  joining, stable, fenced --fatal error (no share groups, not authorized)--> failed
 * ```
 */
import { InternalStateError } from '../cluster/errors.js';

/** Where a share member is. */
export type MembershipState = 'unjoined' | 'joining' | 'stable' | 'fenced' | 'failed' | 'leaving' | 'left';

const allowed: Readonly<Record<MembershipState, readonly MembershipState[]>> = {
  unjoined: ['joining', 'leaving', 'failed'],
  joining: ['stable', 'fenced', 'failed', 'leaving'],
  stable: ['stable', 'fenced', 'failed', 'leaving'],
  fenced: ['joining', 'failed', 'leaving'],
  failed: ['leaving'],
  leaving: ['left'],
  left: [],
};

/** A member's state with its allowed transitions. */
export class MembershipStateMachine {
  private current: MembershipState = 'unjoined';

  constructor(private readonly onChange: (from: MembershipState, to: MembershipState) => void) {}

  /** The state now. */
  get state(): MembershipState {
    return this.current;
  }

  /** Whether the member sends heartbeats in this state. */
  get beating(): boolean {
    return this.current === 'joining' || this.current === 'stable' || this.current === 'fenced';
  }

  /** Moves to `next`; throws `InternalStateError` for a transition the diagram does not have. */
  to(next: MembershipState): void {
    if (!allowed[this.current].includes(next))
      throw new InternalStateError(`share membership: no transition from ${this.current} to ${next}`);
    const from = this.current;
    this.current = next;
    this.onChange(from, next);
  }
}
