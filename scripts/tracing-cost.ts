/**
 * A micro-measure of what kafe's tracing channels cost per traced operation (a send, a
 * request, a handler call): the operation called directly, through `traced()` with nobody
 * subscribed (the `hasSubscribers` checks only: what every user pays), and with a subscriber
 * (what an APM agent pays). A couple of seconds of CPU; not a benchmark of kafe.
 *
 *   npx tsx scripts/tracing-cost.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import { isTraced, kafeTracingChannel, traced } from '../src/net/tracing.js';

const iterations = Number(process.argv[2] ?? 1_000_000);
const channel = kafeTracingChannel<{ n: number }>('measure:cost');
const done = Promise.resolve(1);
const operation = () => done;

async function measure(label: string, call: (i: number) => Promise<number>): Promise<number> {
  for (let i = 0; i < 10_000; i++) await call(i); // warm-up: let the JIT settle
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await call(i);
  const nsPerCall = ((performance.now() - start) * 1e6) / iterations;
  console.log(`${label.padEnd(44)} ${nsPerCall.toFixed(1).padStart(8)} ns/call`);
  return nsPerCall;
}

const direct = await measure('operation called directly', () => operation());
const unsubscribed = await measure('traced(), nobody subscribed', (n) =>
  traced(channel, () => ({ n }), operation),
);
let checks = 0;
const start = performance.now();
for (let i = 0; i < iterations; i++) if (isTraced(channel)) checks++;
console.log(
  `${'isTraced() check alone'.padEnd(44)} ${(((performance.now() - start) * 1e6) / iterations).toFixed(1).padStart(8)} ns/call`,
);
const subscriber = { start() {}, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
channel.subscribe(subscriber);
const subscribed = await measure('traced(), one subscriber (an APM agent)', (n) =>
  traced(channel, () => ({ n }), operation),
);
channel.unsubscribe(subscriber);
console.log(
  `\nnobody subscribed: +${(unsubscribed - direct).toFixed(1)} ns per operation; subscribed: +${(subscribed - direct).toFixed(1)} ns (${checks} checks were true)`,
);
