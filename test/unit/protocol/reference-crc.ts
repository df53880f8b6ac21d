/**
 * Bit-at-a-time CRCs computed straight from their polynomials: slow, obviously correct, and
 * independent of the table-driven implementations they check.
 */

function bitwiseCrc(data: Uint8Array, poly: number): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78. */
export function referenceCrc32c(data: Uint8Array): number {
  return bitwiseCrc(data, 0x82f63b78);
}

/** CRC-32 (IEEE), reflected polynomial 0xEDB88320. */
export function referenceCrc32(data: Uint8Array): number {
  return bitwiseCrc(data, 0xedb88320);
}
