/**
 * Unaligned little-endian access and short copies on a `Uint8Array`, the inner-loop operations
 * shared by the pure-TypeScript codecs (snappy, lz4, xxHash32). Byte-wise on purpose: a
 * `DataView` per call or an alignment requirement would cost more than it saves here.
 */

/** Reads a little-endian 32-bit integer at `i` as a signed int32 (cheap to compare and hash). */
export function load32(b: Uint8Array, i: number): number {
  return (
    (b[i] as number) |
    ((b[i + 1] as number) << 8) |
    ((b[i + 2] as number) << 16) |
    ((b[i + 3] as number) << 24)
  );
}

/** Reads a little-endian unsigned 32-bit integer at `i`. */
export function readUint32LE(b: Uint8Array, i: number): number {
  return load32(b, i) >>> 0;
}

/** Writes `v` as a little-endian 32-bit integer at `i`. */
export function writeUint32LE(b: Uint8Array, i: number, v: number): void {
  b[i] = v & 0xff;
  b[i + 1] = (v >>> 8) & 0xff;
  b[i + 2] = (v >>> 16) & 0xff;
  b[i + 3] = v >>> 24;
}

/**
 * Copies `src[from, from + len)` to `out[op, ...)`. Short runs (most literals) go byte by byte:
 * creating a subarray for `set` costs more than the copy itself below ~32 bytes.
 */
export function copyBytes(src: Uint8Array, from: number, len: number, out: Uint8Array, op: number): void {
  if (len < 32) {
    for (let k = 0; k < len; k++) out[op + k] = src[from + k] as number;
  } else {
    out.set(src.subarray(from, from + len), op);
  }
}
