/** Group requests are served by the group's coordinator only; other brokers answer NOT_COORDINATOR. */
import { GroupErrors } from '../group-errors.js';
import type { HandlerContext } from './handler.js';

/** NOT_COORDINATOR when this broker does not coordinate `groupId`, else 0. */
export function coordinatorError({ state, nodeId }: HandlerContext, groupId: string): number {
  return state.coordinatorFor(0, groupId) === nodeId ? 0 : GroupErrors.NOT_COORDINATOR;
}

/** A fencing answer is only true if the coordinator dropped the member: a fault that fences does so. */
export function isFencing(errorCode: number): boolean {
  return (
    errorCode === GroupErrors.UNKNOWN_MEMBER_ID ||
    errorCode === GroupErrors.ILLEGAL_GENERATION ||
    errorCode === GroupErrors.FENCED_MEMBER_EPOCH
  );
}
