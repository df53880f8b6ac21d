/**
 * What a fake broker does with one decoded request: record it for observers, let control hooks
 * and faults decide first, then serve it with the API's handler against the shared state.
 * A request the fake has no handler for, at a version it does not serve, or whose handler
 * throws, closes the connection, as Kafka closes it on a request it cannot process.
 */
import type { ClusterState } from './cluster-state.js';
import { type FaultRegistry, RequestFaults } from './faults.js';
import type { ApiHandler, HandlerContext } from './handlers/index.js';
import type { FakeReply, FakeRequest } from './request.js';

/** The parts of a cluster that serving a request needs. */
export interface DispatchDeps {
  readonly state: ClusterState;
  readonly faults: FaultRegistry;
  readonly handlers: ReadonlyMap<string, ApiHandler>;
  readonly advertised: ReadonlyMap<number, { readonly min: number; readonly max: number }>;
  /** Called with every request, before anything else. */
  readonly observe: (request: FakeRequest) => void;
}

/** Decides the reply to `request`. */
export async function dispatch(deps: DispatchDeps, request: FakeRequest): Promise<FakeReply> {
  deps.observe(request);
  const handler = deps.handlers.get(request.api);
  const serve = async () => {
    if (handler === undefined || request.body === undefined)
      throw new Error(`the fake does not serve ${request.api}`);
    return handler.handle(request, {
      state: deps.state,
      nodeId: request.nodeId,
      faults: new RequestFaults([]),
      advertised: deps.advertised,
    });
  };
  const disposition = await deps.faults.dispose(request, serve);
  if (disposition.replaced !== undefined) return withDelay(disposition.replaced, disposition.delayMs);
  const range = deps.advertised.get(request.apiKey);
  const served =
    handler !== undefined &&
    (request.api === 'ApiVersions' ||
      (request.body !== undefined &&
        range !== undefined &&
        request.apiVersion >= range.min &&
        request.apiVersion <= range.max));
  if (!served) return { close: true };
  const context: HandlerContext = {
    state: deps.state,
    nodeId: request.nodeId,
    faults: disposition.errors,
    advertised: deps.advertised,
  };
  const requestError = handler.errorBody === undefined ? undefined : disposition.errors.requestError();
  const body =
    requestError !== undefined && handler.errorBody !== undefined
      ? handler.errorBody(request, requestError, context)
      : await handler.handle(request, context);
  disposition.errors.settle();
  if (disposition.after !== undefined) return disposition.after;
  if (handler.silent?.(request)) return { noResponse: true };
  const version = handler.replyVersion?.(request, context);
  return { body, delayMs: disposition.delayMs, ...(version === undefined ? {} : { version }) };
}

function withDelay(reply: FakeReply, delayMs: number): FakeReply {
  if (delayMs === 0 || !('body' in reply || 'raw' in reply) || 'closeAfterBytes' in reply) return reply;
  return { ...reply, delayMs: (reply.delayMs ?? 0) + delayMs };
}
