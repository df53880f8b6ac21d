/**
 * The LZ4 block format (lz4/lz4 `doc/lz4_Block_format.md`) in pure TypeScript: sequences of
 * a token, literals, a 2-byte little-endian offset and a match length. The compressor is the
 * greedy single-probe scheme of `LZ4_compress_fast` (what lz4-java's `fastCompressor`, used by
 * Kafka's default level, runs); the decoder bounds-checks every read and write.
 */
import { copyBytes, load32 } from './byte-access.js';
import { corrupt } from './compression-error.js';

/** Shortest match the format can express. */
export const LZ4_MIN_MATCH = 4;
const MIN_MATCH = LZ4_MIN_MATCH;
/** The last match must start at least 12 bytes before the end of the block. */
export const LZ4_MF_LIMIT = 12;
const MF_LIMIT = LZ4_MF_LIMIT;
/** The last 5 bytes of a block are always literals. */
export const LZ4_LAST_LITERALS = 5;
const LAST_LITERALS = LZ4_LAST_LITERALS;
const HASH_BITS = 12;
/** Largest match offset (2 bytes). */
export const LZ4_MAX_DISTANCE = 65535;
const MAX_DISTANCE = LZ4_MAX_DISTANCE;

/** Worst-case compressed size of `n` bytes (`LZ4_COMPRESSBOUND`). */
export function lz4CompressBound(n: number): number {
  return n + Math.floor(n / 255) + 16;
}

function hash(v: number): number {
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}

function writeLength(out: Uint8Array, op: number, len: number): number {
  while (len >= 255) {
    out[op++] = 255;
    len -= 255;
  }
  out[op++] = len;
  return op;
}

/** A reusable hash table for {@link lz4CompressBlockInto}: allocate once per compression. */
export function lz4HashTable(): Int32Array {
  return new Int32Array(1 << HASH_BITS);
}

/**
 * Compresses `src[start, end)` (at most 64 KiB, the block size Kafka writes) into `out` at
 * `op`, which must have {@link lz4CompressBound} bytes free. Returns the position after it.
 */
export function lz4CompressBlockInto(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  op: number,
  table: Int32Array,
): number {
  let anchor = start;
  if (end - start > MF_LIMIT) {
    // Positions older than MAX_DISTANCE (or from an earlier block) never match.
    table.fill(start - MAX_DISTANCE - 1);
    const mfLimit = end - MF_LIMIT;
    const matchLimit = end - LAST_LITERALS;
    let ip = start;
    table[hash(load32(src, ip))] = ip;
    ip++;
    search: for (;;) {
      let attempts = 1 << 6;
      let forward = ip;
      let ref: number;
      do {
        ip = forward;
        forward = ip + (attempts++ >>> 6);
        if (ip > mfLimit) break search;
        const h = hash(load32(src, ip));
        ref = table[h] as number;
        table[h] = ip;
      } while (ref < start || ip - ref > MAX_DISTANCE || load32(src, ref) !== load32(src, ip));
      while (ip > anchor && ref > start && src[ip - 1] === src[ref - 1]) {
        ip--;
        ref--;
      }
      let s = ip + MIN_MATCH;
      let r = ref + MIN_MATCH;
      while (s < matchLimit && src[s] === src[r]) {
        s++;
        r++;
      }
      op = lz4EmitSequence(src, anchor, ip, ip - ref, s - ip, out, op);
      ip = s;
      anchor = ip;
      if (ip > mfLimit) break;
      table[hash(load32(src, ip - 2))] = ip - 2;
    }
  }
  return lz4EmitLastLiterals(src, anchor, end, out, op);
}

/**
 * Writes one sequence: the literals `src[anchor, ip)`, then a match of `matchLength` (>= 4)
 * bytes `offset` back. Returns the new output position.
 */
export function lz4EmitSequence(
  src: Uint8Array,
  anchor: number,
  ip: number,
  offset: number,
  matchLength: number,
  out: Uint8Array,
  op: number,
): number {
  const litLen = ip - anchor;
  const matchLen = matchLength - MIN_MATCH;
  const tokenPos = op++;
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  copyBytes(src, anchor, litLen, out, op);
  op += litLen;
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (matchLen >= 15) op = writeLength(out, op, matchLen - 15);
  out[tokenPos] = (Math.min(litLen, 15) << 4) | Math.min(matchLen, 15);
  return op;
}

/** Writes the final literals-only sequence `src[anchor, end)`. Returns the end of the block. */
export function lz4EmitLastLiterals(
  src: Uint8Array,
  anchor: number,
  end: number,
  out: Uint8Array,
  op: number,
): number {
  const litLen = end - anchor;
  out[op++] = Math.min(litLen, 15) << 4;
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  copyBytes(src, anchor, litLen, out, op);
  return op + litLen;
}

/** Thrown internally when a block's output does not fit the space the caller reserved. */
export class Lz4OutputOverflow extends Error {}

/**
 * Decodes the block `src[ip, end)` into `out` from `op`, never writing at or past `opLimit`
 * (throws {@link Lz4OutputOverflow} instead). Matches may reach back to `outStart`, which lets
 * linked-block frames decode into one contiguous buffer. Returns the position after the output.
 */
export function lz4DecodeBlock(
  src: Uint8Array,
  ip: number,
  end: number,
  out: Uint8Array,
  op: number,
  opLimit: number,
  outStart: number,
): number {
  for (;;) {
    if (ip >= end) throw corrupt('lz4', 'truncated block', ip);
    const token = src[ip++] as number;
    let litLen = token >>> 4;
    if (litLen === 15) {
      let b: number;
      do {
        if (ip >= end) throw corrupt('lz4', 'truncated literal length', ip);
        b = src[ip++] as number;
        litLen += b;
      } while (b === 255);
    }
    if (ip + litLen > end) throw corrupt('lz4', 'literals run past the block', ip);
    if (op + litLen > opLimit) throw new Lz4OutputOverflow();
    copyBytes(src, ip, litLen, out, op);
    ip += litLen;
    op += litLen;
    if (ip === end) return op;
    if (ip + 2 > end) throw corrupt('lz4', 'truncated match offset', ip);
    const offset = (src[ip] as number) | ((src[ip + 1] as number) << 8);
    ip += 2;
    if (offset === 0 || offset > op - outStart) throw corrupt('lz4', 'match offset out of range', ip - 2);
    let matchLen = token & 15;
    if (matchLen === 15) {
      let b: number;
      do {
        if (ip >= end) throw corrupt('lz4', 'truncated match length', ip);
        b = src[ip++] as number;
        matchLen += b;
      } while (b === 255);
    }
    matchLen += MIN_MATCH;
    if (op + matchLen > opLimit) throw new Lz4OutputOverflow();
    let from = op - offset;
    if (offset >= matchLen && matchLen >= 32) {
      out.copyWithin(op, from, from + matchLen);
      op += matchLen;
    } else {
      for (let k = 0; k < matchLen; k++) out[op++] = out[from++] as number;
    }
  }
}
