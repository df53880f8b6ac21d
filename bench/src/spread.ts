/**
 * Medians of repeated runs and how far the runs spread: a cell's figure is the median of its
 * runs, reported with their min–max, and flagged when max − min exceeds {@link SPREAD_LIMIT} of
 * the median (the runs disagree too much for the median to be trusted at that precision).
 */
import type { Measurement } from './task.js';

/** Above this (max − min) / median, a cell's spread is flagged. */
export const SPREAD_LIMIT = 0.1;

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of runs, their extremes, and the relative spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median; 0 for one run. */
  relative: number;
  /** Whether `relative` exceeds {@link SPREAD_LIMIT}. */
  flagged: boolean;
}

/** Summarises repeated measurements of one figure. */
export function spreadOf(xs: readonly number[]): Spread {
  const m = median(xs);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const relative = m > 0 ? (max - min) / m : 0;
  return { median: m, min, max, relative, flagged: relative > SPREAD_LIMIT };
}

/** Field-wise median of several runs (each field on its own, so not one run's figures). */
export function medianOf(runs: readonly Measurement[]): Measurement {
  const m = (f: (r: Measurement) => number) => median(runs.map(f));
  const result: Measurement = {
    records: m((r) => r.records),
    seconds: m((r) => r.seconds),
    msgPerSec: m((r) => r.msgPerSec),
    mbPerSec: m((r) => r.mbPerSec),
    cpuUsPerRecord: m((r) => r.cpuUsPerRecord),
  };
  if (runs.every((r) => r.peakRssMB !== undefined)) result.peakRssMB = m((r) => r.peakRssMB!);
  if (runs.every((r) => r.latencyMs)) {
    const l = (f: (p: NonNullable<Measurement['latencyMs']>) => number) => m((r) => f(r.latencyMs!));
    result.latencyMs = { p50: l((p) => p.p50), p99: l((p) => p.p99), p999: l((p) => p.p999) };
  }
  return result;
}
