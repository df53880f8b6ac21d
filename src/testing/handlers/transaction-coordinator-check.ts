/** Transaction requests are served by the transactional id's coordinator only; others answer NOT_COORDINATOR. */
import { Errors, type HandlerContext } from './handler.js';

/** NOT_COORDINATOR when this broker does not coordinate `transactionalId`, else 0. */
export function transactionCoordinatorError(
  { state, nodeId }: HandlerContext,
  transactionalId: string,
): number {
  return state.coordinatorFor(1, transactionalId) === nodeId ? 0 : Errors.NOT_COORDINATOR;
}
