/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): the checksum of a legacy message,
 * magic 0 and 1 (docs/implementation.html §5.3.3; Java: `java.util.zip.CRC32`).
 *
 * `zlib.crc32` (Node >= 22.2 and 20.15) computes it natively; older runtimes fall back to a
 * byte-wise table. The native function is checked against the known answer once at load,
 * so a runtime whose `crc32` meant something else could never corrupt a checksum silently.
 */
import * as zlib from 'node:zlib';

type NativeCrc32 = (data: Uint8Array, value?: number) => number;

const POLY = 0xedb88320;

let table: Int32Array | undefined;

function tableCrc32(data: Uint8Array, start: number, end: number, crc: number): number {
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
      table[n] = c;
    }
  }
  const t = table;
  let c = ~crc;
  for (let i = start; i < end; i++) c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

const CHECK = new TextEncoder().encode('123456789');

function pickNative(): NativeCrc32 | undefined {
  const candidate = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;
  if (typeof candidate !== 'function') return undefined;
  try {
    return candidate(CHECK, 0) === 0xcbf43926 ? candidate : undefined;
  } catch {
    return undefined;
  }
}

const native = pickNative();

/** Whether the native `zlib.crc32` is in use (for tests and diagnostics). */
export const crc32IsNative: boolean = native !== undefined;

/**
 * Continues a CRC-32 (IEEE) over `data[start, end)` from a previous result (`0` to start).
 * @returns the CRC as an unsigned 32-bit integer.
 */
export function crc32Update(crc: number, data: Uint8Array, start = 0, end: number = data.length): number {
  if (native !== undefined) {
    const view = start === 0 && end === data.length ? data : data.subarray(start, end);
    return native(view, crc) >>> 0;
  }
  return tableCrc32(data, start, end, crc);
}

/**
 * CRC-32 (IEEE) of `data[start, end)` as an unsigned 32-bit integer.
 * Known answer: `crc32(ascii("123456789")) === 0xCBF43926`.
 */
export function crc32(data: Uint8Array, start = 0, end: number = data.length): number {
  return crc32Update(0, data, start, end);
}

/** The table implementation, exported so tests can check it agrees with the native one. */
export function crc32Portable(data: Uint8Array, start = 0, end: number = data.length): number {
  return tableCrc32(data, start, end, 0);
}
