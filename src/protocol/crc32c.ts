/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum of a record batch,
 * magic 2 (docs/implementation.html §5.3.1; Java: `org.apache.kafka.common.utils.Crc32C`).
 *
 * Pure TypeScript, slicing-by-8: eight 256-entry tables let the loop consume 8 input bytes
 * per iteration with 8 table look-ups and no data-dependent branch. Node has no built-in
 * CRC-32C (zlib's `crc32` is the IEEE polynomial), and a native add-on is not an option.
 */

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

/**
 * Continues a CRC-32C over `data[start, end)`. Start from `0` (the CRC of nothing) and feed
 * the result of one call to the next to checksum data that arrives in pieces:
 * `crc32cUpdate(crc32cUpdate(0, a), b) === crc32c(concat(a, b))`.
 *
 * @returns the CRC as an unsigned 32-bit integer.
 */
export function crc32cUpdate(crc: number, data: Uint8Array, start = 0, end: number = data.length): number {
  const t = TABLES;
  let c = ~crc;
  let i = start;
  const end8 = end - 8;
  while (i <= end8) {
    const lo =
      c ^
      ((data[i] as number) |
        ((data[i + 1] as number) << 8) |
        ((data[i + 2] as number) << 16) |
        ((data[i + 3] as number) << 24));
    c =
      (t[1792 + (lo & 0xff)] as number) ^
      (t[1536 + ((lo >>> 8) & 0xff)] as number) ^
      (t[1280 + ((lo >>> 16) & 0xff)] as number) ^
      (t[1024 + (lo >>> 24)] as number) ^
      (t[768 + (data[i + 4] as number)] as number) ^
      (t[512 + (data[i + 5] as number)] as number) ^
      (t[256 + (data[i + 6] as number)] as number) ^
      (t[data[i + 7] as number] as number);
    i += 8;
  }
  while (i < end) {
    c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
    i++;
  }
  return ~c >>> 0;
}

/**
 * CRC-32C of `data[start, end)` as an unsigned 32-bit integer.
 * Known answer: `crc32c(ascii("123456789")) === 0xE3069283`.
 */
export function crc32c(data: Uint8Array, start = 0, end: number = data.length): number {
  return crc32cUpdate(0, data, start, end);
}
