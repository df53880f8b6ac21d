/**
 * The runner of one case: a pilot round (each client once, briefly, not reported) whose rates
 * size the measured runs so that each lasts `sizes.seconds` (the first 1.5 times that), then
 * `sizes.runs` measured rounds,
 * each sized again from the client's previous run (a short pilot misjudges a client's rate both
 * ways: start-up slows it, a quiet moment of the machine speeds it).
 * Rounds are outside, clients inside, and the order of the clients turns by one place every
 * round and every case (`roundOrder`): a broker still settling or a slow moment of the machine
 * touches every client alike, and no client always comes first. Each cell is the median of its
 * runs with their min–max (`spread.ts`).
 */
import { type BenchCase, batchFor, hasLatencyRuns } from './cases.js';
import {
  type ClientName,
  caseTopics,
  consumerRound,
  dropTopics,
  fillTopic,
  producerRound,
  type RoundRuns,
  type RunContext,
} from './client-runs.js';
import { recordsFor, roundOrder } from './rounds.js';
import { medianOf, type Spread, spreadOf } from './spread.js';
import type { ChildTask, Measurement, Percentiles } from './task.js';

export type { ClientName } from './client-runs.js';

/** One client's figures on one case, or why it could not run. */
export interface ClientResult {
  client: ClientName;
  /** Field-wise medians of the measured runs. */
  throughput?: Measurement;
  /** msg/s: median, min–max, and whether the spread is flagged. */
  msgPerSec?: Spread;
  latencyMs?: Percentiles;
  /** The pilot run that sized the measured ones (not reported in the table). */
  pilot?: Measurement;
  runs: Measurement[];
  latencyRuns: Measurement[];
  error?: string;
}

/** One case with every client's result. */
export interface CaseResult {
  case: BenchCase;
  clients: ClientResult[];
}

/** A case none of whose clients could run. */
export function failedCase(c: BenchCase, clients: ClientName[], error: string): CaseResult {
  console.log(`bench: ${c.role} ${c.id}: ${error}`);
  return { case: c, clients: clients.map((client) => ({ client, runs: [], latencyRuns: [], error })) };
}

interface Collected {
  records: number;
  pilot?: Measurement;
  runs: Measurement[];
  latencyRuns: Measurement[];
  error?: string;
}

/** Runs every client on case number `caseIndex`; a client that fails gets its error in the result. */
export async function runCase(
  c: BenchCase,
  clients: ClientName[],
  ctx: RunContext,
  caseIndex: number,
): Promise<CaseResult> {
  const { sizes } = ctx;
  const pilotRecords = sizes.pilotRecords(c.recordSize);
  const label = `${c.role} ${c.id} (${c.tuning})`;
  let filled: ChildTask | undefined;
  // Producers of a case of several topics share its topics, made and primed once (`caseTopics`).
  let shared: ChildTask | undefined;
  try {
    if (c.role === 'consumer') filled = await fillTopic(c, ctx, pilotRecords);
    else if (c.topics > 1) shared = await caseTopics(c, ctx);
  } catch (error) {
    return failedCase(c, clients, `set-up: ${(error as Error).message}`);
  }
  const collected = new Map<ClientName, Collected>(
    clients.map((client) => [client, { records: pilotRecords, runs: [], latencyRuns: [] }]),
  );
  const round = (client: ClientName, records: number, withLatency: boolean): Promise<RoundRuns> =>
    c.role === 'producer'
      ? producerRound(c, client, ctx, records, withLatency, shared?.topic)
      : consumerRound(c, client, ctx, filled!, records, withLatency);
  for (let r = 0; r <= sizes.runs; r++) {
    for (const client of roundOrder(clients, caseIndex, r)) {
      const mine = collected.get(client)!;
      if (mine.error !== undefined) continue;
      const what = r === 0 ? 'pilot' : `run ${r}/${sizes.runs}`;
      process.stdout.write(`bench: ${label} ${client} ${what} (${mine.records} records) ... `);
      try {
        // Latency in the last rounds (brokers warmest), for the defaults table only.
        const withLatency = r > 0 && r > sizes.runs - sizes.latencyRuns && hasLatencyRuns(c);
        const runs = await round(client, mine.records, withLatency);
        console.log(`${Math.round(runs.run.msgPerSec)} msg/s in ${runs.run.seconds.toFixed(1)} s`);
        // A pilot is short, and a JVM or a cold JIT makes it slow: the first measured run gets
        // half as long again, so that it too lasts at least `seconds`.
        mine.records = recordsFor(runs.run.msgPerSec, r === 0 ? sizes.seconds * 1.5 : sizes.seconds, {
          batch: batchFor(c.recordSize),
          min: pilotRecords,
          max: Math.min(sizes.maxRecords, Math.floor(sizes.maxBytes / c.recordSize)),
        });
        if (r === 0) {
          mine.pilot = runs.run;
          continue;
        }
        mine.runs.push(runs.run);
        if (runs.latency) mine.latencyRuns.push(runs.latency);
      } catch (error) {
        mine.error = (error as Error).message;
        console.log(`failed: ${mine.error}`);
      }
    }
    // The consumers' topic must hold what the longest next run reads (a fifth more, so that a
    // client a little faster next round does not need another top-up).
    const needed = Math.max(...[...collected.values()].map((m) => (m.error ? 0 : m.records)));
    if (filled && r < sizes.runs && needed > filled.records) {
      const target = Math.ceil(needed * 1.2);
      console.log(`bench: ${label}: topping the topic up to ${target} records`);
      await fillTopic(c, ctx, target - filled.records, filled);
      filled = { ...filled, records: target };
    }
  }
  if (filled) await dropTopics(ctx, filled);
  if (shared) await dropTopics(ctx, shared);
  return { case: c, clients: clients.map((client) => summarise(client, collected.get(client)!)) };
}

function summarise(client: ClientName, { pilot, runs, latencyRuns, error }: Collected): ClientResult {
  if (error !== undefined || runs.length === 0)
    return { client, runs: [], latencyRuns: [], error: error ?? 'no run', ...(pilot ? { pilot } : {}) };
  const latencyMs = latencyRuns.length ? medianOf(latencyRuns).latencyMs : undefined;
  return {
    client,
    throughput: medianOf(runs),
    msgPerSec: spreadOf(runs.map((m) => m.msgPerSec)),
    ...(latencyMs ? { latencyMs } : {}),
    ...(pilot ? { pilot } : {}),
    runs,
    latencyRuns,
  };
}
