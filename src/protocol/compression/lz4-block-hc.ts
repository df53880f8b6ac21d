/**
 * A higher-compression LZ4 block compressor for the non-default levels. Java's
 * `Lz4BlockOutputStream` uses lz4-java's fast compressor at the default level 9 and its
 * high-compression one at any other level; this mirrors the idea (not the exact bytes): a hash
 * chain over every position of the block, searched `2^(level - 1)` candidates deep (capped),
 * keeping the longest match, greedily. The output is ordinary LZ4 that any decoder reads.
 */
import { load32 } from './byte-access.js';
import {
  LZ4_LAST_LITERALS,
  LZ4_MAX_DISTANCE,
  LZ4_MF_LIMIT,
  LZ4_MIN_MATCH,
  lz4EmitLastLiterals,
  lz4EmitSequence,
} from './lz4-block.js';

const HASH_BITS = 15;
const CHAIN_SIZE = 65536;

/** Hash heads and chain links for {@link lz4CompressBlockHcInto}; allocate once per compression. */
export interface Lz4HcTables {
  readonly head: Int32Array;
  readonly chain: Uint16Array;
}

/** Allocates the tables {@link lz4CompressBlockHcInto} needs. */
export function lz4HcTables(): Lz4HcTables {
  return { head: new Int32Array(1 << HASH_BITS), chain: new Uint16Array(CHAIN_SIZE) };
}

function hash(v: number): number {
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}

/** How many chain candidates a level searches. */
export function lz4HcSearchDepth(level: number): number {
  return Math.min(4096, 2 ** Math.max(0, level - 1));
}

/**
 * Compresses `src[start, end)` (at most 64 KiB) into `out` at `op` with a chain search of
 * `depth` candidates per position. `out` needs `lz4CompressBound` bytes plus 8 free.
 */
export function lz4CompressBlockHcInto(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  op: number,
  tables: Lz4HcTables,
  depth: number,
): number {
  let anchor = start;
  if (end - start > LZ4_MF_LIMIT) {
    const { head, chain } = tables;
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    head.fill(-1);
    const mfLimit = end - LZ4_MF_LIMIT;
    const matchLimit = end - LZ4_LAST_LITERALS;
    let next = start; // next position to insert into the chains
    let ip = start;
    while (ip <= mfLimit) {
      for (; next <= ip; next++) {
        const h = hash(load32(src, next));
        const prev = head[h] as number;
        const delta = next - prev;
        chain[next & (CHAIN_SIZE - 1)] = prev < 0 || delta > LZ4_MAX_DISTANCE ? 0 : delta;
        head[h] = next;
      }
      const word = load32(src, ip);
      let bestLen = 0;
      let bestRef = 0;
      let link = chain[ip & (CHAIN_SIZE - 1)] as number;
      let ref = ip - link;
      for (let n = depth; n > 0 && link !== 0 && ip - ref <= LZ4_MAX_DISTANCE; n--) {
        if (src[ref + bestLen] === src[ip + bestLen] && load32(src, ref) === word) {
          let len = LZ4_MIN_MATCH;
          while (ip + len < matchLimit && src[ref + len] === src[ip + len]) len++;
          if (len > bestLen) {
            bestLen = len;
            bestRef = ref;
            if (ip + len >= matchLimit) break;
          }
        }
        link = chain[ref & (CHAIN_SIZE - 1)] as number;
        ref -= link;
      }
      if (bestLen < LZ4_MIN_MATCH) {
        ip++;
        continue;
      }
      op = lz4EmitSequence(view, anchor, ip, ip - bestRef, bestLen, out, outView, op);
      ip += bestLen;
      anchor = ip;
    }
  }
  return lz4EmitLastLiterals(src, anchor, end, out, op);
}
