/**
 * What `kafe produce` reads: lines (optionally `KEY<sep>VALUE`), JSON lines
 * (`{"key":..,"value":..,"headers":{..},"partition":n,"timestamp":ms}`) or one raw record.
 * {@link InputReader} reads the input chunk by chunk as it arrives (a `tail -f` pipe is sent
 * line by line); a line is a record only once its newline (or the end of the input) is read, so
 * no record is ever made of half a line.
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

/** The records a chunk of input completed, and the error of the first bad line in it, if any. */
export interface ReadRecords {
  /** The records of the lines before the bad one (all of them when there is none). */
  readonly records: InputRecord[];
  readonly error?: InvalidInputError;
}

const NO_BYTES = Buffer.alloc(0);

/**
 * Turns chunks of input into records as they arrive: lines are numbered across chunks, a line
 * cut by a chunk's end waits for the rest. After an error, nothing more is read.
 */
export class InputReader {
  private rest: Buffer = NO_BYTES;
  private lineNumber = 0;
  private raw: Buffer[] = [];
  private rawBytes = 0;
  private readonly separator: Buffer | undefined;

  /**
   * @param source names the input in errors (`stdin`, a file name)
   * @param maxRawBytes the largest raw input (one record cannot be larger than a request)
   */
  constructor(
    private readonly format: InputFormat,
    keySeparator: string | undefined,
    private readonly source: string,
    private readonly maxRawBytes = Number.POSITIVE_INFINITY,
  ) {
    this.separator = keySeparator === undefined ? undefined : Buffer.from(keySeparator);
  }

  /** The records of the lines `chunk` completes. */
  push(chunk: Buffer): ReadRecords {
    if (this.format === 'raw') {
      this.rawBytes += chunk.length;
      if (this.rawBytes > this.maxRawBytes)
        return {
          records: [],
          error: new InvalidInputError(
            `${this.source}: a raw input is one record, and this one is larger than ${this.maxRawBytes} bytes`,
          ),
        };
      this.raw.push(chunk);
      return { records: [] };
    }
    const records: InputRecord[] = [];
    let start = 0;
    if (this.rest.length > 0) {
      // Only the line the chunk completes is joined with what came before: the rest of the
      // chunk is read where it is, not copied.
      const at = chunk.indexOf(10);
      if (at === -1) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return { records };
      }
      const error = this.line(Buffer.concat([this.rest, chunk.subarray(0, at)]), records);
      this.rest = NO_BYTES;
      start = at + 1;
      if (error !== undefined) return { records, error };
    }
    for (let at = chunk.indexOf(10, start); at !== -1; at = chunk.indexOf(10, start)) {
      const error = this.line(chunk.subarray(start, at), records);
      start = at + 1;
      if (error !== undefined) return { records, error };
    }
    // Copied: a subarray would keep the whole chunk alive while a long line trickles in.
    this.rest = start === chunk.length ? NO_BYTES : Buffer.from(chunk.subarray(start));
    return { records };
  }

  /** The records left at the end of the input: a last line without a newline, or the raw record. */
  end(): ReadRecords {
    if (this.format === 'raw') return { records: [{ value: Buffer.concat(this.raw) }] };
    const records: InputRecord[] = [];
    const error = this.rest.length > 0 ? this.line(this.rest, records) : undefined;
    this.rest = NO_BYTES;
    return error === undefined ? { records } : { records, error };
  }

  /** Names the current line in errors; built only when needed (a string per line cost 1M allocations per 1M lines). */
  private where(): string {
    return `${this.source} line ${this.lineNumber}`;
  }

  /** Adds the record of one line to `records`, or returns why the line is not one. */
  private line(line: Buffer, records: InputRecord[]): InvalidInputError | undefined {
    this.lineNumber++;
    if (this.format === 'json') {
      if (line.length === 0) return undefined;
      try {
        records.push(jsonRecord(line, this.where()));
        return undefined;
      } catch (error) {
        return error as InvalidInputError;
      }
    }
    if (this.separator === undefined) {
      records.push({ value: line });
      return undefined;
    }
    const at = line.indexOf(this.separator);
    if (at === -1)
      return new InvalidInputError(
        `${this.where()}: no key separator ${JSON.stringify(this.separator.toString())}`,
      );
    records.push({ key: line.subarray(0, at), value: line.subarray(at + this.separator.length) });
    return undefined;
  }
}

/** Splits a whole input into records, throwing the error of the first bad line. */
export function parseInput(
  data: Buffer,
  format: InputFormat,
  keySeparator: string | undefined,
  source: string,
): InputRecord[] {
  const reader = new InputReader(format, keySeparator, source);
  const read = [reader.push(data), reader.end()];
  for (const { error } of read) if (error !== undefined) throw error;
  return read.flatMap((r) => r.records);
}
