/**
 * FindCoordinator (key 10): the broker coordinating a group (key type 0) or transactional id
 * (1); one key before v4, a batch of keys from v4 (KIP-699). A coordinator whose broker is down
 * is answered COORDINATOR_NOT_AVAILABLE.
 */
import type { FindCoordinatorRequest } from '../../protocol/messages/find-coordinator.js';
import { type ApiHandler, Errors } from './handler.js';

/** The FindCoordinator handler. */
export const findCoordinator: ApiHandler = {
  api: 'FindCoordinator',
  versions: { min: 0, max: 6 },
  handle(request, { state, faults }) {
    const body = request.body as FindCoordinatorRequest;
    const where = (key: string) => {
      const fault = faults.requestError();
      const nodeId = state.coordinatorFor(body.keyType, key);
      const broker = state.brokers[nodeId];
      const errorCode = fault ?? (broker?.running ? 0 : Errors.COORDINATOR_NOT_AVAILABLE);
      if (errorCode !== 0) return { nodeId: -1, host: '', port: -1, errorCode, errorMessage: null };
      return { nodeId, host: broker?.host ?? '', port: broker?.port ?? -1, errorCode: 0, errorMessage: null };
    };
    if (request.apiVersion >= 4)
      return { throttleTimeMs: 0, coordinators: body.coordinatorKeys.map((key) => ({ key, ...where(key) })) };
    return { throttleTimeMs: 0, ...where(body.key) };
  },
};
