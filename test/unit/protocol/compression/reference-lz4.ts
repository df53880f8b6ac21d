/**
 * The plain form of LZ4's greedy single-probe block compressor (`LZ4_compress_fast`, what
 * lz4-java's fast compressor runs), kept as the oracle for `src/protocol/compression/lz4-block.ts`:
 * that one must write the very same bytes faster (shared hash table, no fill per block, four bytes
 * compared at a time). Every step here is the direct reading of the algorithm, the sequence
 * writer included (the compressor's copies literals eight bytes at a time).
 */
import { load32 } from '../../../../src/protocol/compression/byte-access.js';
import { lz4EmitLastLiterals } from '../../../../src/protocol/compression/lz4-block.js';

const HASH_BITS = 12;
const MF_LIMIT = 12;
const LAST_LITERALS = 5;
const MAX_DISTANCE = 65535;

function hash(v: number): number {
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}

function writeLength(out: Uint8Array, op: number, len: number): number {
  let rest = len;
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

/** One sequence, byte by byte: token, literal length, literals, offset, match length. */
function emitSequence(
  src: Uint8Array,
  literals: [from: number, to: number],
  offset: number,
  matchLength: number,
  out: Uint8Array,
  at: number,
): number {
  const [from, to] = literals;
  const litLen = to - from;
  const matchLen = matchLength - 4;
  let op = at + 1;
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  for (let k = from; k < to; k++) out[op++] = src[k] as number;
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (matchLen >= 15) op = writeLength(out, op, matchLen - 15);
  out[at] = (Math.min(litLen, 15) << 4) | Math.min(matchLen, 15);
  return op;
}

/** Compresses `src[start, end)` into `out` at `op`; returns the position after the block. */
export function referenceLz4CompressBlock(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  op: number,
): number {
  const table = new Int32Array(1 << HASH_BITS).fill(start - MAX_DISTANCE - 1);
  let anchor = start;
  if (end - start > MF_LIMIT) {
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
      let s = ip + 4;
      let r = ref + 4;
      while (s < matchLimit && src[s] === src[r]) {
        s++;
        r++;
      }
      op = emitSequence(src, [anchor, ip], ip - ref, s - ip, out, op);
      ip = s;
      anchor = ip;
      if (ip > mfLimit) break;
      table[hash(load32(src, ip - 2))] = ip - 2;
    }
  }
  return lz4EmitLastLiterals(src, anchor, end, out, op);
}
