/**
 * What `kafe produce` reads: lines (optionally `KEY<sep>VALUE`), JSON lines
 * (`{"key":..,"value":..,"headers":{..},"partition":n,"timestamp":ms}`) or one raw record. The
 * whole input is parsed before the first record is sent, so a malformed line sends nothing.
 */
import type { ProducerRecord } from '../producer/record.js';
import { KafeError } from '../protocol/errors.js';

/** How the input is split into records. */
export type InputFormat = 'lines' | 'json' | 'raw';

/** The input formats `--input` takes. */
export const inputFormats: readonly InputFormat[] = ['lines', 'json', 'raw'];

/** A record of the input, before the command's topic, partition and headers are added. */
export type InputRecord = Omit<ProducerRecord, 'topic'>;

/** Input that cannot be read as the format says; the message names the line. */
export class InvalidInputError extends KafeError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

function lines(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, start)) {
    out.push(data.subarray(start, at));
    start = at + 1;
  }
  if (start < data.length) out.push(data.subarray(start));
  return out;
}

const jsonKeys = new Set(['key', 'value', 'headers', 'partition', 'timestamp']);

/** A JSON field as record bytes: strings as they are, null as null, anything else as its JSON text. */
function jsonData(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function jsonRecord(line: Buffer, where: string): InputRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.toString('utf8'));
  } catch (error) {
    throw new InvalidInputError(`${where}: not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidInputError(
      `${where}: expected an object {"key", "value", "headers", "partition", "timestamp"}`,
    );
  const o = parsed as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !jsonKeys.has(k));
  if (unknown !== undefined)
    throw new InvalidInputError(`${where}: unknown field "${unknown}" (known: ${[...jsonKeys].join(', ')})`);
  if (!('value' in o)) throw new InvalidInputError(`${where}: no "value" (null for a tombstone)`);
  const record: { -readonly [K in keyof InputRecord]: InputRecord[K] } = {
    key: jsonData(o.key),
    value: jsonData(o.value),
  };
  if (o.headers !== undefined) {
    if (typeof o.headers !== 'object' || o.headers === null || Array.isArray(o.headers))
      throw new InvalidInputError(`${where}: "headers" must be an object of strings`);
    record.headers = Object.fromEntries(Object.entries(o.headers).map(([k, v]) => [k, jsonData(v)]));
  }
  for (const field of ['partition', 'timestamp'] as const) {
    const v = o[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw new InvalidInputError(`${where}: "${field}" must be a non-negative integer`);
    record[field] = v;
  }
  return record;
}

/** Splits the input into records. `keySeparator` (lines only) splits each line at its first occurrence. */
export function parseInput(
  data: Buffer,
  format: InputFormat,
  keySeparator: string | undefined,
  source: string,
): InputRecord[] {
  if (format === 'raw') return [{ value: data }];
  const all = lines(data);
  if (format === 'json')
    return all.flatMap((line, i) => (line.length === 0 ? [] : [jsonRecord(line, `${source} line ${i + 1}`)]));
  if (keySeparator === undefined) return all.map((value) => ({ value }));
  const separator = Buffer.from(keySeparator);
  return all.map((line, i) => {
    const at = line.indexOf(separator);
    if (at === -1)
      throw new InvalidInputError(
        `${source} line ${i + 1}: no key separator ${JSON.stringify(keySeparator)}`,
      );
    return { key: line.subarray(0, at), value: line.subarray(at + separator.length) };
  });
}
