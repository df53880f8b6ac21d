/**
 * The LZ4 block format (lz4/lz4 `doc/lz4_Block_format.md`) in pure TypeScript: sequences of
 * a token, literals, a 2-byte little-endian offset and a match length. The compressor is the
 * greedy single-probe scheme of `LZ4_compress_fast` (what lz4-java's `fastCompressor`, used by
 * Kafka's default level, runs); the decoder bounds-checks every read and write.
 */
import { copyBytes } from './byte-access.js';
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

/**
 * The fast compressor's hash table, shared by every call: compression is synchronous, so no two
 * calls use it at once. An entry holds a position plus its block's `delta`; a block sees only
 * entries at or above its own `low` mark, so what earlier blocks left is stale without a fill of
 * the table per block (16 KiB: on Node 20 the fill and the allocation cost more than
 * compressing a 1 KiB batch). Exported for the tests of the wrap-around only.
 * @internal
 */
export const lz4FastTable = { entries: new Int32Array(1 << HASH_BITS), nextLow: 1 };
/** Past this, the marks start again from 1 with a cleared table (entries are int32). */
const LOW_LIMIT = 0x7fffffff - 2 * (MAX_DISTANCE + 1);

/** The number of equal low-order bytes of two words whose XOR is `x` (non-zero). */
function equalLowBytes(x: number): number {
  return (31 - Math.clz32(x & -x)) >>> 3;
}

/**
 * Compresses `src[start, end)` (at most 64 KiB, the block size Kafka writes) into `out` at
 * `op`, which must have {@link lz4CompressBound} bytes plus 8 free (literals are copied eight
 * bytes at a time). Returns the position after the block.
 *
 * Writes the same bytes as LZ4's greedy single-probe compressor (the test suite holds it to a
 * plain reference), faster: words are read through a `DataView` (one load instead of four on
 * Node 20 to 26), matches are extended four bytes at a time, and the hash table is never
 * filled. Within one 64 KiB block every match is nearer than {@link LZ4_MAX_DISTANCE}, so no
 * distance check is needed.
 */
export function lz4CompressBlockInto(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  op: number,
): number {
  if (end - start > MAX_DISTANCE + 1) {
    throw new RangeError(`an LZ4 block holds at most 64 KiB, not ${end - start} bytes`);
  }
  let anchor = start;
  if (end - start > MF_LIMIT) {
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const table = lz4FastTable.entries;
    if (lz4FastTable.nextLow > LOW_LIMIT) {
      table.fill(0);
      lz4FastTable.nextLow = 1;
    }
    // Entries below `low` were stored by earlier blocks (or never): they never match.
    const low = lz4FastTable.nextLow;
    const delta = low - start;
    lz4FastTable.nextLow = low + (end - start);
    const mfLimit = end - MF_LIMIT;
    const matchLimit = end - LAST_LITERALS;
    let ip = start;
    table[hash(view.getInt32(ip, true))] = ip + delta;
    ip++;
    search: for (;;) {
      let attempts = 1 << 6;
      let forward = ip;
      let ref: number;
      let stored: number;
      let word: number;
      do {
        ip = forward;
        forward = ip + (attempts++ >>> 6);
        if (ip > mfLimit) break search;
        word = view.getInt32(ip, true);
        const h = hash(word);
        stored = table[h] as number;
        table[h] = ip + delta;
        ref = stored - delta;
      } while (stored < low || view.getInt32(ref, true) !== word);
      while (ip > anchor && ref > start && src[ip - 1] === src[ref - 1]) {
        ip--;
        ref--;
      }
      // Extend the match four bytes at a time, then byte by byte up to the limit.
      let s = ip + MIN_MATCH;
      let r = ref + MIN_MATCH;
      for (;;) {
        if (s + 4 <= matchLimit) {
          const x = view.getInt32(s, true) ^ view.getInt32(r, true);
          if (x === 0) {
            s += 4;
            r += 4;
            continue;
          }
          s += equalLowBytes(x);
          break;
        }
        while (s < matchLimit && src[s] === src[r]) {
          s++;
          r++;
        }
        break;
      }
      op = lz4EmitSequence(view, anchor, ip, ip - ref, s - ip, out, outView, op);
      ip = s;
      anchor = ip;
      if (ip > mfLimit) break;
      table[hash(view.getInt32(ip - 2, true))] = ip - 2 + delta;
    }
  }
  return lz4EmitLastLiterals(src, anchor, end, out, op);
}

/**
 * Writes one sequence: the literals `src[anchor, ip)` (`src` seen through a `DataView`), then a
 * match of `matchLength` (>= 4) bytes `offset` back. Returns the new output position.
 *
 * The literals are copied eight bytes at a time: the copy may run up to 7 bytes past them, into
 * what the offset and later sequences overwrite. It reads at most 7 bytes past `ip`, which a
 * match follows (`ip` is at most `end - LZ4_MF_LIMIT`), and `out` has 8 bytes of slack.
 */
export function lz4EmitSequence(
  src: DataView,
  anchor: number,
  ip: number,
  offset: number,
  matchLength: number,
  out: Uint8Array,
  outView: DataView,
  op: number,
): number {
  const litLen = ip - anchor;
  const matchLen = matchLength - MIN_MATCH;
  const tokenPos = op++;
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  for (let k = 0; k < litLen; k += 8) {
    outView.setInt32(op + k, src.getInt32(anchor + k, true), true);
    outView.setInt32(op + k + 4, src.getInt32(anchor + k + 4, true), true);
  }
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
