/**
 * How `kafe consume` prints a record: kcat's `-f` placeholders (`%t %p %o %T %k %s %h %K %S`),
 * or one JSON object per record (`--json`), with keys and values decoded as text, JSON, base64
 * or hex. A format is compiled once into parts, so printing a record does no parsing.
 */

import { KafeError } from '../protocol/errors.js';
import type { RecordHeader } from '../protocol/records/record-batch.js';
import { UsageError } from './cli-errors.js';

/** How record bytes become text. */
export type Decoding = 'text' | 'json' | 'base64' | 'hex';

/** The decodings `--decode` / `--key-decode` take. */
export const decodings: readonly Decoding[] = ['text', 'json', 'base64', 'hex'];

/** What a format prints, per record. */
export interface FormattedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

type Part = string | ((r: FormattedRecord, d: Decoders) => string);

interface Decoders {
  readonly key: (b: Buffer | null) => string;
  readonly value: (b: Buffer | null) => string;
}

/** The placeholders of `--format`, as kcat's `-f` names them. */
export const placeholders: Readonly<Record<string, { what: string; part: Part }>> = {
  t: { what: 'topic', part: (r) => r.topic },
  p: { what: 'partition', part: (r) => String(r.partition) },
  o: { what: 'offset', part: (r) => String(r.offset) },
  T: { what: 'timestamp (ms since the epoch)', part: (r) => String(r.timestamp) },
  k: { what: 'key', part: (r, d) => d.key(r.key) },
  s: { what: 'value', part: (r, d) => d.value(r.value) },
  K: { what: 'key length in bytes (-1 for none)', part: (r) => String(r.key?.length ?? -1) },
  S: { what: 'value length in bytes (-1 for none)', part: (r) => String(r.value?.length ?? -1) },
  h: {
    what: 'headers as k=v,k=v',
    part: (r) =>
      r.headers
        .map((h) => `${h.key}=${h.value === null ? '' : Buffer.from(h.value).toString('utf8')}`)
        .join(','),
  },
};

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '0': '\0' };

/** Decodes bytes as `decoding` says; null prints as nothing. Invalid JSON is a `NOT_JSON` error naming `what`. */
export function decode(bytes: Buffer | null, decoding: Decoding, what = 'value'): string {
  if (bytes === null) return '';
  switch (decoding) {
    case 'text':
      return bytes.toString('utf8');
    case 'base64':
      return bytes.toString('base64');
    case 'hex':
      return bytes.toString('hex');
    case 'json':
      return JSON.stringify(parseJson(bytes, what));
  }
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new KafeError(
      'NOT_JSON',
      `a ${what} is not JSON (${JSON.stringify(bytes.subarray(0, 40).toString('utf8'))}...); read it with --decode text, base64 or hex`,
    );
  }
}

/** A compiled `--format`: prints one record. */
export type RecordPrinter = (record: FormattedRecord) => string;

/** A piece of a parsed format: literal text, or a placeholder's letter (`s` for `%s`). */
export type FormatToken = { readonly text: string } | { readonly placeholder: string };

/** Parses a kcat-style format; an unknown placeholder is a {@link UsageError} listing the known ones. */
export function parseFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    const next = format[i + 1];
    if (c === '\\' && next !== undefined && escapes[next] !== undefined) {
      text += escapes[next];
      i++;
    } else if (c === '%' && next === '%') {
      text += '%';
      i++;
    } else if (c === '%') {
      if (next === undefined || placeholders[next] === undefined)
        throw new UsageError(
          `--format: unknown placeholder %${next ?? ''}; known: ${Object.keys(placeholders)
            .map((k) => `%${k}`)
            .join(' ')} (and %% for %)`,
        );
      if (text) tokens.push({ text });
      text = '';
      tokens.push({ placeholder: next });
      i++;
    } else text += c;
  }
  if (text) tokens.push({ text });
  return tokens;
}

/** Compiles a kcat-style format; an unknown placeholder is a {@link UsageError} listing the known ones. */
export function compileFormat(format: string, keyDecoding: Decoding, valueDecoding: Decoding): RecordPrinter {
  const parts: Part[] = parseFormat(format).map((t) =>
    'text' in t ? t.text : placeholders[t.placeholder]!.part,
  );
  const decoders: Decoders = {
    key: (b) => decode(b, keyDecoding, 'key'),
    value: (b) => decode(b, valueDecoding, 'value'),
  };
  return (record) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(record, decoders);
    return out;
  };
}

/** A record as one JSON object: decoded key and value (parsed JSON with `json`), headers as text. */
export function recordJson(record: FormattedRecord, keyDecoding: Decoding, valueDecoding: Decoding): string {
  const field = (bytes: Buffer | null, decoding: Decoding, what: string) =>
    bytes === null ? null : decoding === 'json' ? parseJson(bytes, what) : decode(bytes, decoding, what);
  return JSON.stringify({
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
    timestamp: record.timestamp,
    key: field(record.key, keyDecoding, 'key'),
    value: field(record.value, valueDecoding, 'value'),
    headers: record.headers.map((h) => ({
      key: h.key,
      value: h.value === null ? null : Buffer.from(h.value).toString('utf8'),
    })),
  });
}
