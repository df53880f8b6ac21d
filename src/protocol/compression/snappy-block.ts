/**
 * The raw Snappy block format (google/snappy `format_description.txt`), in pure TypeScript:
 * a varint uncompressed length, then literal and copy elements. Compression follows the
 * reference compressor's greedy scheme (64 KiB fragments, a 4-byte hash table, skipping ahead
 * faster through incompressible input); any valid encoding is accepted on decode.
 */
import { copyBytes, load32 } from './byte-access.js';
import { corrupt, tooLarge } from './compression-error.js';

const FRAGMENT = 65536;
const HASH_BITS = 14;
const INPUT_MARGIN = 15;

/** Worst-case size of a raw block for `n` input bytes (snappy's `MaxCompressedLength`). */
export function snappyMaxCompressedLength(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

function emitLiteral(src: Uint8Array, from: number, to: number, out: Uint8Array, op: number): number {
  const n = to - from - 1;
  if (n < 60) {
    out[op++] = n << 2;
  } else if (n < 0x100) {
    out[op++] = 60 << 2;
    out[op++] = n;
  } else if (n < 0x10000) {
    out[op++] = 61 << 2;
    out[op++] = n & 0xff;
    out[op++] = n >>> 8;
  } else if (n < 0x1000000) {
    out[op++] = 62 << 2;
    out[op++] = n & 0xff;
    out[op++] = (n >>> 8) & 0xff;
    out[op++] = n >>> 16;
  } else {
    out[op++] = 63 << 2;
    out[op++] = n & 0xff;
    out[op++] = (n >>> 8) & 0xff;
    out[op++] = (n >>> 16) & 0xff;
    out[op++] = n >>> 24;
  }
  copyBytes(src, from, to - from, out, op);
  return op + (to - from);
}

function emitCopy2(offset: number, len: number, out: Uint8Array, op: number): number {
  out[op] = 2 | ((len - 1) << 2);
  out[op + 1] = offset & 0xff;
  out[op + 2] = offset >>> 8;
  return op + 3;
}

function emitCopy(offset: number, len: number, out: Uint8Array, op: number): number {
  while (len >= 68) {
    op = emitCopy2(offset, 64, out, op);
    len -= 64;
  }
  if (len > 64) {
    op = emitCopy2(offset, 60, out, op);
    len -= 60;
  }
  if (len >= 12 || offset >= 2048) return emitCopy2(offset, len, out, op);
  out[op] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5);
  out[op + 1] = offset & 0xff;
  return op + 2;
}

function compressFragment(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  op: number,
  table: Uint16Array,
): number {
  let nextEmit = start;
  if (end - start >= INPUT_MARGIN) {
    table.fill(0);
    const shift = 32 - HASH_BITS;
    const ipLimit = end - INPUT_MARGIN;
    let ip = start + 1;
    let nextHash = Math.imul(load32(src, ip), 0x1e35a7bd) >>> shift;
    outer: for (;;) {
      let skip = 32;
      let nextIp = ip;
      let candidate: number;
      do {
        ip = nextIp;
        const h = nextHash;
        nextIp = ip + (skip++ >>> 5);
        if (nextIp > ipLimit) break outer;
        nextHash = Math.imul(load32(src, nextIp), 0x1e35a7bd) >>> shift;
        candidate = start + (table[h] as number);
        table[h] = ip - start;
      } while (load32(src, ip) !== load32(src, candidate));
      op = emitLiteral(src, nextEmit, ip, out, op);
      for (;;) {
        const base = ip;
        let s1 = base + 4;
        let s2 = candidate + 4;
        while (s1 < end && src[s1] === src[s2]) {
          s1++;
          s2++;
        }
        op = emitCopy(base - candidate, s1 - base, out, op);
        ip = s1;
        nextEmit = ip;
        if (ip >= ipLimit) break outer;
        table[Math.imul(load32(src, ip - 1), 0x1e35a7bd) >>> shift] = ip - 1 - start;
        const h = Math.imul(load32(src, ip), 0x1e35a7bd) >>> shift;
        candidate = start + (table[h] as number);
        table[h] = ip - start;
        if (load32(src, ip) !== load32(src, candidate)) break;
      }
      ip++;
      nextHash = Math.imul(load32(src, ip), 0x1e35a7bd) >>> shift;
    }
  }
  if (nextEmit < end) op = emitLiteral(src, nextEmit, end, out, op);
  return op;
}

/**
 * Compresses `src[start, end)` into `out` at `op` as one raw Snappy block; `out` must have
 * {@link snappyMaxCompressedLength} bytes free. Returns the position after the block.
 */
export function snappyCompressBlockInto(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  op: number,
): number {
  let n = end - start;
  while (n >= 0x80) {
    out[op++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[op++] = n;
  const table = new Uint16Array(1 << HASH_BITS);
  for (let pos = start; pos < end; pos += FRAGMENT) {
    op = compressFragment(src, pos, Math.min(pos + FRAGMENT, end), out, op, table);
  }
  return op;
}

/** Compresses `data` as one raw Snappy block (what `Snappy.compress` / librdkafka write). */
export function snappyCompressBlock(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(snappyMaxCompressedLength(data.length));
  return out.subarray(0, snappyCompressBlockInto(data, 0, data.length, out, 0));
}

/**
 * Reads the uncompressed length at the start of the raw block `src[start, end)`.
 * Returns `[length, position of the first element]`.
 */
export function snappyBlockLength(src: Uint8Array, start: number, end: number): [number, number] {
  let result = 0;
  let shift = 0;
  let p = start;
  for (;;) {
    if (p >= end) throw corrupt('snappy', 'truncated length preamble', p);
    const b = src[p++] as number;
    if (shift === 28 && b > 0x0f) throw corrupt('snappy', 'length preamble exceeds 32 bits', p - 1);
    result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [result, p];
    shift += 7;
  }
}

/**
 * Decodes the elements of a raw block whose preamble ends at `ip` into `out[op, op + length)`.
 * Every read and write is bounds-checked: corrupt input raises a `CompressionError`.
 */
export function snappyDecodeElements(
  src: Uint8Array,
  ip: number,
  end: number,
  out: Uint8Array,
  op: number,
  length: number,
): void {
  const opEnd = op + length;
  const opStart = op;
  while (ip < end) {
    const tag = src[ip++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (ip + extra > end) throw corrupt('snappy', 'truncated literal length', ip);
        len = 0;
        for (let k = 0; k < extra; k++) len += (src[ip + k] as number) * 2 ** (8 * k);
        ip += extra;
      }
      len += 1;
      if (ip + len > end) throw corrupt('snappy', 'literal runs past the input', ip);
      if (op + len > opEnd) throw corrupt('snappy', 'literal runs past the declared length', ip);
      copyBytes(src, ip, len, out, op);
      ip += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (ip >= end) throw corrupt('snappy', 'truncated copy', ip);
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | (src[ip++] as number);
    } else if (kind === 2) {
      if (ip + 2 > end) throw corrupt('snappy', 'truncated copy', ip);
      len = (tag >>> 2) + 1;
      offset = (src[ip] as number) | ((src[ip + 1] as number) << 8);
      ip += 2;
    } else {
      if (ip + 4 > end) throw corrupt('snappy', 'truncated copy', ip);
      len = (tag >>> 2) + 1;
      offset = load32(src, ip) >>> 0;
      ip += 4;
    }
    if (offset === 0 || offset > op - opStart) throw corrupt('snappy', 'copy offset out of range', ip);
    if (op + len > opEnd) throw corrupt('snappy', 'copy runs past the declared length', ip);
    let from = op - offset;
    if (offset >= len && len >= 32) {
      out.copyWithin(op, from, from + len);
      op += len;
    } else {
      // Overlapping copies repeat a pattern: byte by byte is the defined semantics.
      for (let k = 0; k < len; k++) out[op++] = out[from++] as number;
    }
  }
  if (op !== opEnd) throw corrupt('snappy', `block decoded to ${op - opStart} bytes, declared ${length}`, ip);
}

/** Decompresses one raw Snappy block, refusing any declared length above `maxBytes`. */
export function snappyDecompressBlock(src: Uint8Array, maxBytes: number): Buffer {
  const [length, ip] = snappyBlockLength(src, 0, src.length);
  if (length > maxBytes) throw tooLarge('snappy', maxBytes, 0);
  // A literal or copy element produces at most 64 bytes per input byte; anything claiming
  // more than that is corrupt, and refusing it bounds the allocation by the input size too.
  if (length > (src.length - ip) * 64)
    throw corrupt('snappy', 'declared length impossible for the input size', 0);
  const out = Buffer.allocUnsafe(length);
  snappyDecodeElements(src, ip, src.length, out, 0, length);
  return out;
}
