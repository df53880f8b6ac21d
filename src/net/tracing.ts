/**
 * Tracing channels (`diagnostics_channel.tracingChannel`): an APM agent or `kafe/otel`
 * subscribes to `tracing:kafe:<operation>:start|end|asyncStart|asyncEnd|error` and sees each
 * operation begin and settle, with the context object (the documented payload) at every step
 * and, as Node adds them, `result` or `error` on it. The operation runs inside the channel's
 * `start` stores, so an `AsyncLocalStorage` bound to it (an active span) is the current one in
 * the operation's callbacks.
 *
 * Zero cost when nobody subscribes: {@link traced} checks `hasSubscribers` before building the
 * context and otherwise calls the operation directly, no closure or object made for tracing.
 */
import diagnostics, { type TracingChannel } from 'node:diagnostics_channel';

/** A tracing channel whose context objects are `C`. */
export type KafeTracingChannel<C extends object> = TracingChannel<unknown, C>;

/** The tracing channel `kafe:<name>` (its five channels are `tracing:kafe:<name>:start`, ...). */
export function kafeTracingChannel<C extends object>(name: string): KafeTracingChannel<C> {
  return diagnostics.tracingChannel(`kafe:${name}`) as KafeTracingChannel<C>;
}

/** Whether any of the channel's five channels has a subscriber (`TracingChannel#hasSubscribers` before Node 20.13). */
export function isTraced(channel: KafeTracingChannel<object>): boolean {
  return (
    channel.start.hasSubscribers ||
    channel.end.hasSubscribers ||
    channel.asyncStart.hasSubscribers ||
    channel.asyncEnd.hasSubscribers ||
    channel.error.hasSubscribers
  );
}

/**
 * Runs `operation`, traced on `channel` with the context `context()` builds when someone
 * subscribes; otherwise just runs it.
 */
export function traced<C extends object, T>(
  channel: KafeTracingChannel<C>,
  context: () => C,
  operation: () => Promise<T>,
): Promise<T> {
  if (!isTraced(channel)) return operation();
  return channel.tracePromise(operation, context());
}
