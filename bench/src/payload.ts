/**
 * The record values of every client, Java's included: one generator, seeded, so every client of
 * a case sends (and every consumer reads) the same bytes. Java's `ProducerPerformance` takes them
 * through `--payload-file`, which it reads as UTF-8 text split at `--payload-delimiter` (`\n`):
 * so no value contains `\n` and every byte is below 0x80 (one UTF-8 byte per byte, sizes kept).
 *
 * - `text`: words of a small vocabulary separated by spaces, compressible as logs and JSON are
 *   (Java's own tool, without a payload file, sends random capital letters: compressible by
 *   entropy coding alone, which favours zstd over lz4).
 * - `random`: uniformly random bytes among the 127 one-byte UTF-8 values other than `\n`: lz4
 *   finds nothing to compress, zstd's entropy coding saves at most 1/8 (7 bits of 8).
 */

import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded } from '../../test/support/seeded-random.js';

/** Which values a case sends. */
export type PayloadKind = 'text' | 'random';

/** The byte that separates values in Java's payload file (its default `--payload-delimiter`). */
export const PAYLOAD_DELIMITER = 0x0a;

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but ' +
  'have an they you were her she there one all we their can has more when will would if been ' +
  'time some into two other out these only new could first over then them like may do any most ' +
  'order topic partition offset record broker consumer producer value key header batch commit ' +
  'leader replica fetch request response error retry timeout group member assign session'
).split(' ');

function textValue(size: number, next: () => number): Buffer {
  const value = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const word = WORDS[Math.floor(next() * WORDS.length)]!;
    at += value.write(word, at, 'latin1');
    if (at < size) value[at++] = 0x20;
  }
  return value;
}

function randomValue(size: number, next: () => number): Buffer {
  const value = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) {
    // 127 values: 0x00..0x7f without the delimiter.
    const b = Math.floor(next() * 127);
    value[i] = b >= PAYLOAD_DELIMITER ? b + 1 : b;
  }
  return value;
}

/**
 * How many distinct values a case cycles through: 1,000 for small records, fewer for large
 * ones (16 MiB in all, at least 16), so a 1 MB case does not hold a gigabyte of values.
 */
export function payloadCount(size: number): number {
  return Math.max(16, Math.min(1000, Math.floor((16 * 2 ** 20) / size)));
}

/** The values of a case: `payloadCount(size)` values of exactly `size` bytes, the same for a given seed. */
export function payloads(kind: PayloadKind, size: number, seed = 1): Buffer[] {
  const next = seeded(seed);
  const make = kind === 'text' ? textValue : randomValue;
  return Array.from({ length: payloadCount(size) }, () => make(size, next));
}

/** Java's `--payload-file` content for these values: joined by the delimiter. */
export function payloadFile(values: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const [i, value] of values.entries()) {
    if (i > 0) parts.push(Buffer.of(PAYLOAD_DELIMITER));
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** Java's `--payload-file` for a case's values, written once under the temporary folder. */
export function javaPayloadFile(kind: PayloadKind, size: number): string {
  const path = join(tmpdir(), `kafe-bench-${kind}-${size}.payload`);
  if (!existsSync(path)) writeFileSync(path, payloadFile(payloads(kind, size)));
  return path;
}
