/**
 * A walk over Zstandard frames (RFC 8878 §3.1) without decompressing them: it validates the
 * frame and block headers and returns an upper bound of the decompressed size. The WASM
 * fallback needs that bound before it allocates an output buffer, and refusing a declared
 * size above the caller's bound up front is what keeps a hostile frame from exhausting memory.
 */
import { readUint32LE } from './byte-access.js';
import { corrupt } from './compression-error.js';

const FRAME_MAGIC = 0xfd2fb528;
/** RFC 8878 §3.1.1.2: a block never regenerates more than 128 KiB. */
const BLOCK_MAX = 128 * 1024;

/**
 * Returns an upper bound of the size `data` decompresses to: the sum of the frames' declared
 * content sizes, or 128 KiB per block for a frame that declares none (Java's `ZstdOutputStream`
 * writes such frames). Throws a `CompressionError` for anything that is not a well-formed
 * sequence of zstd and skippable frames.
 */
export function zstdDecompressedBound(data: Uint8Array): number {
  let p = 0;
  let bound = 0;
  if (data.length < 4) throw corrupt('zstd', 'truncated frame', 0);
  while (p < data.length) {
    if (p + 4 > data.length) throw corrupt('zstd', 'trailing bytes after frame', p);
    const magic = readUint32LE(data, p);
    if (magic >>> 4 === 0x184d2a5) {
      if (p + 8 > data.length) throw corrupt('zstd', 'truncated skippable frame', p);
      const size = readUint32LE(data, p + 4);
      if (p + 8 + size > data.length) throw corrupt('zstd', 'skippable frame runs past the input', p);
      p += 8 + size;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt('zstd', `bad frame magic 0x${magic.toString(16)}`, p);
    p += 4;
    if (p >= data.length) throw corrupt('zstd', 'truncated frame header', p);
    const fhd = data[p++] as number;
    if (fhd & 0x08) throw corrupt('zstd', 'reserved frame header bit set', p - 1);
    const singleSegment = (fhd & 0x20) !== 0;
    const fcsFlag = fhd >>> 6;
    const dictBytes = [0, 1, 2, 4][fhd & 3] as number;
    const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
    const headerRest = (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
    if (p + headerRest > data.length) throw corrupt('zstd', 'truncated frame header', p);
    p += headerRest - fcsBytes;
    let declared = -1;
    if (fcsBytes === 1) declared = data[p] as number;
    else if (fcsBytes === 2) declared = ((data[p] as number) | ((data[p + 1] as number) << 8)) + 256;
    else if (fcsBytes === 4) declared = readUint32LE(data, p);
    else if (fcsBytes === 8) declared = readUint32LE(data, p) + readUint32LE(data, p + 4) * 2 ** 32;
    p += fcsBytes;
    let regenerated = 0;
    for (;;) {
      if (p + 3 > data.length) throw corrupt('zstd', 'truncated block header', p);
      const header = (data[p] as number) | ((data[p + 1] as number) << 8) | ((data[p + 2] as number) << 16);
      p += 3;
      const type = (header >>> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw corrupt('zstd', 'reserved block type', p - 3);
      const stored = type === 1 ? 1 : size;
      if (size > BLOCK_MAX) throw corrupt('zstd', 'block larger than 128 KiB', p - 3);
      if (p + stored > data.length) throw corrupt('zstd', 'block runs past the input', p);
      p += stored;
      // Raw and RLE blocks regenerate exactly `size` bytes; a compressed one at most 128 KiB.
      regenerated += type === 2 ? BLOCK_MAX : size;
      if (header & 1) break;
    }
    if (fhd & 0x04) {
      if (p + 4 > data.length) throw corrupt('zstd', 'truncated content checksum', p);
      p += 4;
    }
    bound += declared >= 0 ? declared : regenerated;
  }
  return bound;
}
