/**
 * Reading parsed option values with the checks the command line needs: numbers, durations,
 * times and `key=value` lists, each refused with a {@link UsageError} naming the option and
 * what it expects.
 */
import { UsageError } from './cli-errors.js';
import type { OptionValues } from './command.js';

/** A string option's value, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable string option's values, in order. */
export function stringsOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether a boolean option was given. */
export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** An integer option within `[min, max]`, or undefined when not given. */
export function integerOption(
  values: OptionValues,
  name: string,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  return parseInteger(`--${name}`, text, bounds);
}

/** Parses an integer, or throws a {@link UsageError} naming `what`. */
export function parseInteger(
  what: string,
  text: string,
  bounds: { min?: number; max?: number } = {},
): number {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = bounds.max === undefined ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`${what} expects an integer ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `90s`, `15m`, `2h`, `1d` or `500ms` (a bare number is milliseconds), in ms. */
export function parseDuration(what: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match)
    throw new UsageError(
      `${what} expects a duration such as 500ms, 30s, 15m, 2h or 1d, got ${JSON.stringify(text)}`,
    );
  return Math.round(Number(match[1]) * durationUnits[match[2] ?? 'ms']!);
}

/**
 * A point in time: milliseconds since the epoch, or an ISO-8601 date (`2026-12-04T10:00:00Z`;
 * without a zone it is UTC, as Kafka's tools read `--to-datetime`).
 */
export function parseTimestamp(what: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new UsageError(
      `${what} expects milliseconds since the epoch or a date like 2026-12-04T10:00:00Z, got ${JSON.stringify(text)}`,
    );
  return ms;
}

/** `key=value` pairs from repeated options (`--config retention.ms=1000`), in order. */
export function keyValuePairs(what: string, items: readonly string[]): [string, string][] {
  return items.map((item) => {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`${what} expects KEY=VALUE, got ${JSON.stringify(item)}`);
    return [item.slice(0, at), item.slice(at + 1)];
  });
}
