/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum of a record batch,
 * magic 2 (docs/implementation.html §5.3.1; Java: `org.apache.kafka.common.utils.Crc32C`).
 *
 * Slicing-by-8: eight 256-entry tables let the loop consume 8 input bytes per iteration with 8
 * table look-ups and no data-dependent branch (slicing-by-16 measured no faster here). From
 * {@link WASM_MIN} bytes the loop runs in WebAssembly (`crc32c-wasm.ts`, on Node 26 2.0x as
 * fast at 1 KB, 1.5x at 1 MB); the TypeScript loop ({@link crc32cUpdateTypescript}) takes
 * shorter inputs, all inputs where WebAssembly is off (`node --jitless`), and is the reference
 * the WebAssembly one is tested against. Node has no built-in CRC-32C (zlib's `crc32` is the IEEE polynomial),
 * and a native add-on is not an option.
 */
import { type Crc32cBraids, newCrc32cBraids } from './crc32c-wasm.js';

const POLY = 0x82f63b78;

/** `TABLES[k * 256 + b]` = CRC of byte `b` followed by `k` zero bytes. Int32 keeps V8 on smis. */
const TABLES: Int32Array = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let k = 1; k < 8; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/** Whether this platform stores integers little-endian (every platform Node ships for, in practice). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Below this many bytes, creating the Int32Array view costs more than the word loads save. */
const WORD_PATH_MIN = 256;

function bytewise(c: number, data: Uint8Array, i: number, end: number): number {
  const t = TABLES;
  while (i < end) {
    c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
    i++;
  }
  return c;
}

/** Eight input bytes (two little-endian words, the first XORed with the register) through the tables. */
function step8(t: Int32Array, lo: number, hi: number): number {
  return (
    (t[1792 + (lo & 0xff)] as number) ^
    (t[1536 + ((lo >>> 8) & 0xff)] as number) ^
    (t[1280 + ((lo >>> 16) & 0xff)] as number) ^
    (t[1024 + (lo >>> 24)] as number) ^
    (t[768 + (hi & 0xff)] as number) ^
    (t[512 + ((hi >>> 8) & 0xff)] as number) ^
    (t[256 + ((hi >>> 16) & 0xff)] as number) ^
    (t[hi >>> 24] as number)
  );
}

/**
 * `a * b` modulo the polynomial, both in the reflected representation (bit 31 is x^0): the
 * operator that {@link shiftZeros} builds on (zlib's `multmodp`).
 */
function multiplyModP(a: number, b: number): number {
  let m = 0x8000_0000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p;
}

/** `X_POW_2K[k]` = x^(2^k) modulo the polynomial. */
const X_POW_2K: Int32Array = (() => {
  const t = new Int32Array(32);
  let p = 0x4000_0000; // x^1
  t[0] = p;
  for (let k = 1; k < 32; k++) t[k] = p = multiplyModP(p, p);
  return t;
})();

/**
 * The CRC register after `n` zero bytes more, from `c`: `c * x^(8n)` modulo the polynomial
 * (about log2(n) multiplications). The register is linear in its start value, so the CRC of
 * `A || B` is `shiftZeros(crc(A), |B|) ^ crc0(B)` with `crc0` started from 0.
 */
function shiftZeros(c: number, n: number): number {
  let xp = 0x8000_0000; // x^0
  for (let k = 3; n > 0; n >>>= 1, k++) if (n & 1) xp = multiplyModP(X_POW_2K[k & 31] as number, xp);
  return multiplyModP(xp, c);
}

/**
 * Below this many bytes, one stream: splitting in three and combining the parts costs more
 * than the parallel loads save (measured: already 1.2x at 800 bytes, 1.6x from 16 KB).
 */
const THREE_WAY_MIN = 768;

/**
 * {@link crc32cUpdate} in TypeScript alone: the fallback where WebAssembly is off and the
 * reference for the WebAssembly loop.
 *
 * Long inputs are read as aligned little-endian 32-bit words through an `Int32Array` view
 * (two loads per 8 bytes instead of eight, about twice as fast); short ones byte by byte. From
 * {@link THREE_WAY_MIN} bytes, three equal parts run through one loop side by side and are
 * combined at the end ({@link shiftZeros}): each part's table look-ups wait on its own previous
 * step only, so the processor overlaps the three chains (1.25 -> 2.0 GB/s on Node 26, the same
 * idea as the three-way hardware CRC in Linux and Intel's ISA-L, here with tables).
 *
 * @returns the CRC as an unsigned 32-bit integer.
 */
export function crc32cUpdateTypescript(
  crc: number,
  data: Uint8Array,
  start = 0,
  end: number = data.length,
): number {
  const t = TABLES;
  let c = ~crc;
  let i = start;
  if (LITTLE_ENDIAN && end - i >= WORD_PATH_MIN) {
    const head = (4 - ((data.byteOffset + i) & 3)) & 3;
    c = bytewise(c, data, i, i + head);
    i += head;
    if (end - i >= THREE_WAY_MIN) {
      // Three parts of `part` words each (even, so each part is whole 8-byte steps).
      const part = Math.floor((end - i) / 24) * 2;
      const w = new Int32Array(data.buffer, data.byteOffset + i, part * 3);
      let b = 0;
      let d = 0;
      for (let k = 0, kb = part, kd = 2 * part; k < part; k += 2, kb += 2, kd += 2) {
        c = step8(t, c ^ (w[k] as number), w[k + 1] as number);
        b = step8(t, b ^ (w[kb] as number), w[kb + 1] as number);
        d = step8(t, d ^ (w[kd] as number), w[kd + 1] as number);
      }
      const partBytes = part * 4;
      c = shiftZeros(shiftZeros(c, partBytes) ^ b, partBytes) ^ d;
      i += partBytes * 3;
    }
    const pairs = (end - i) >>> 3;
    const w = new Int32Array(data.buffer, data.byteOffset + i, pairs * 2);
    for (let k = 0; k < w.length; k += 2) c = step8(t, c ^ (w[k] as number), w[k + 1] as number);
    i += pairs * 8;
    return ~bytewise(c, data, i, end) >>> 0;
  }
  const end8 = end - 8;
  while (i <= end8) {
    const lo =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    const hi =
      (data[i + 4] as number) |
      ((data[i + 5] as number) << 8) |
      ((data[i + 6] as number) << 16) |
      ((data[i + 7] as number) << 24);
    c = step8(t, c ^ lo, hi);
    i += 8;
  }
  return ~bytewise(c, data, i, end) >>> 0;
}

/**
 * From this many bytes, {@link crc32cUpdate} runs the WebAssembly loop: below, copying the
 * input into its memory and the call cost more than the loop saves (Node 26: 1.13 against
 * 1.21 GB/s at 128 B, 1.43 against 1.24 at 192; Node 20: 0.79 against 1.08 at 128 B, 1.19
 * against 0.77 at 256).
 */
const WASM_MIN = 192;

/** The WebAssembly loop once made; `null` where WebAssembly is off. */
let braids: Crc32cBraids | null | undefined;

/**
 * Continues a CRC-32C over `data[start, end)`. Start from `0` (the CRC of nothing) and feed
 * the result of one call to the next to checksum data that arrives in pieces:
 * `crc32cUpdate(crc32cUpdate(0, a), b) === crc32c(concat(a, b))`.
 *
 * From {@link WASM_MIN} bytes, the whole blocks of the input go through the WebAssembly loop
 * (made at first use) and the rest, under a block, through {@link crc32cUpdateTypescript}.
 *
 * @returns the CRC as an unsigned 32-bit integer.
 */
export function crc32cUpdate(crc: number, data: Uint8Array, start = 0, end: number = data.length): number {
  if (end - start >= WASM_MIN) {
    if (braids === undefined) braids = newCrc32cBraids(TABLES) ?? null;
    if (braids !== null) {
      const n = end - start - ((end - start) % braids.block);
      const c = braids.update(~crc, data, start, n);
      return crc32cUpdateTypescript(~c >>> 0, data, start + n, end);
    }
  }
  return crc32cUpdateTypescript(crc, data, start, end);
}

/**
 * CRC-32C of `data[start, end)` as an unsigned 32-bit integer.
 * Known answer: `crc32c(ascii("123456789")) === 0xE3069283`.
 */
export function crc32c(data: Uint8Array, start = 0, end: number = data.length): number {
  return crc32cUpdate(0, data, start, end);
}
