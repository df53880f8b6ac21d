/**
 * lz4 (Kafka codec 3): the LZ4 **frame** format (lz4/lz4 `doc/lz4_Frame_format.md`), written
 * the way Kafka's Java client writes it (`org.apache.kafka.common.compress.Lz4BlockOutputStream`):
 * magic `0x184D2204`, FLG = version 1 + independent blocks, BD = 64 KiB blocks, no content size,
 * no block or content checksum, blocks stored raw when compression does not shrink them, end mark.
 *
 * Decoding accepts everything Java's `Lz4BlockInputStream` does and more: block sizes 64 KiB to
 * 4 MiB, block and content checksums (verified), a content size (checked against the bound
 * before any allocation), linked blocks, skippable frames and concatenated frames. The header
 * checksum is accepted in both its correct form and the broken one Kafka wrote for magic 0
 * messages before KAFKA-3160 (hash over magic + descriptor instead of the descriptor alone).
 */
import { readUint32LE, writeUint32LE } from './byte-access.js';
import type { CompressionCodec, CompressionLevels } from './codec.js';
import { CompressionType, DEFAULT_MAX_DECOMPRESSED_BYTES } from './codec.js';
import { corrupt, tooLarge } from './compression-error.js';
import { resolveLevel } from './levels.js';
import { Lz4OutputOverflow, lz4CompressBlockInto, lz4CompressBound } from './lz4-block.js';
import { lz4CompressBlockHcInto, lz4HcSearchDepth, lz4HcTables } from './lz4-block-hc.js';
import {
  HeapFrameOutput,
  LZ4_WASM_MAX_OUTPUT,
  type Lz4FrameOutput,
  WasmFrameOutput,
} from './lz4-frame-output.js';
import { xxhash32 } from './xxhash32.js';

/** KIP-390: lz4 levels 1-17, Java's default 9. */
export const LZ4_LEVELS: CompressionLevels = { min: 1, max: 17, default: 9 };

const MAGIC = 0x184d2204;
const BLOCK_SIZE = 64 * 1024;
const INCOMPRESSIBLE = 0x80000000;

/** Options for {@link lz4CompressFrame}. */
export interface Lz4FrameOptions {
  /**
   * Write the header checksum over magic + descriptor, as Kafka < 0.10 did and as Java still does
   * for magic 0 message sets (`useBrokenFlagDescriptorChecksum`), so old readers accept it.
   */
  brokenHeaderChecksum?: boolean;
}

/**
 * Compresses `data` into one LZ4 frame laid out as Java's `Lz4BlockOutputStream` lays it out.
 * At the default level 9 the blocks are compressed as lz4-java's fast compressor does (Java
 * writes the very same bytes); any other level uses the hash-chain compressor, deeper for
 * higher levels, as Java switches to lz4-java's high-compression compressor.
 */
export function lz4CompressFrame(data: Uint8Array, level?: number, options: Lz4FrameOptions = {}): Buffer {
  const resolved = resolveLevel('lz4', LZ4_LEVELS, level);
  const blocks = Math.ceil(data.length / BLOCK_SIZE);
  // Sized for this input's worst case (a batch of 16 KiB does not need a 64 KiB block's).
  const out = Buffer.allocUnsafe(7 + blocks * 4 + lz4CompressBound(data.length) + blocks * 16 + 4);
  writeUint32LE(out, 0, MAGIC);
  out[4] = 0x60; // FLG: version 01, block independence
  out[5] = 0x40; // BD: block maximum size 64 KiB
  out[6] = options.brokenHeaderChecksum
    ? (xxhash32(out, 0, 6) >>> 8) & 0xff
    : (xxhash32(out, 4, 6) >>> 8) & 0xff;
  let op = 7;
  const fast = resolved === LZ4_LEVELS.default;
  const hc = fast ? undefined : lz4HcTables();
  const depth = lz4HcSearchDepth(resolved);
  for (let pos = 0; pos < data.length; pos += BLOCK_SIZE) {
    const end = Math.min(pos + BLOCK_SIZE, data.length);
    const blockStart = op + 4;
    const blockEnd =
      hc === undefined
        ? lz4CompressBlockInto(data, pos, end, out, blockStart)
        : lz4CompressBlockHcInto(data, pos, end, out, blockStart, hc, depth);
    const len = blockEnd - blockStart;
    if (len >= end - pos) {
      out.set(data.subarray(pos, end), blockStart);
      writeUint32LE(out, op, (end - pos) | INCOMPRESSIBLE);
      op = blockStart + (end - pos);
    } else {
      writeUint32LE(out, op, len);
      op = blockEnd;
    }
  }
  writeUint32LE(out, op, 0); // end mark
  return out.subarray(0, op + 4);
}

function decodeFrame(src: Uint8Array, p: number, out: Lz4FrameOutput, op: number): [number, number] {
  const frameStart = p;
  if (p + 7 > src.length) throw corrupt('lz4', 'truncated frame header', p);
  const flg = src[p + 4] as number;
  const bd = src[p + 5] as number;
  if (flg >>> 6 !== 1) throw corrupt('lz4', `unsupported frame version ${flg >>> 6}`, p + 4);
  if (flg & 0x02) throw corrupt('lz4', 'reserved FLG bit set', p + 4);
  if (flg & 0x01) throw corrupt('lz4', 'dictionary frames are not supported', p + 4);
  if (bd & 0x8f) throw corrupt('lz4', 'reserved BD bits set', p + 5);
  const blockSizeId = (bd >>> 4) & 7;
  if (blockSizeId < 4) throw corrupt('lz4', `invalid block size id ${blockSizeId}`, p + 5);
  const blockMax = 1 << (2 * blockSizeId + 8);
  const blockChecksum = (flg & 0x10) !== 0;
  const contentSizeFlag = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  let descEnd = p + 6;
  let contentSize = -1;
  if (contentSizeFlag) {
    if (p + 15 > src.length) throw corrupt('lz4', 'truncated frame header', p);
    const hi = readUint32LE(src, p + 10);
    contentSize = readUint32LE(src, p + 6) + hi * 2 ** 32;
    if (contentSize > out.maxBytes - op) throw tooLarge('lz4', out.maxBytes, p + 6);
    descEnd += 8;
  }
  const hc = src[descEnd] as number;
  if (
    hc !== ((xxhash32(src, p + 4, descEnd) >>> 8) & 0xff) &&
    hc !== ((xxhash32(src, p, descEnd) >>> 8) & 0xff)
  ) {
    throw corrupt('lz4', 'frame header checksum mismatch', descEnd);
  }
  p = descEnd + 1;
  const contentStart = op;
  for (;;) {
    if (p + 4 > src.length) throw corrupt('lz4', 'truncated block size', p);
    const word = readUint32LE(src, p);
    p += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (size > blockMax) throw corrupt('lz4', 'block larger than the frame block size', p - 4);
    const dataEnd = p + size;
    if (dataEnd + (blockChecksum ? 4 : 0) > src.length) throw corrupt('lz4', 'block runs past the input', p);
    if (blockChecksum && xxhash32(src, p, dataEnd) !== readUint32LE(src, dataEnd))
      throw corrupt('lz4', 'block checksum mismatch', dataEnd);
    out.reserve(op + (word & INCOMPRESSIBLE ? size : blockMax));
    const limit = Math.min(out.buf.length, op + blockMax);
    if (word & INCOMPRESSIBLE) {
      if (op + size > limit) throw tooLarge('lz4', out.maxBytes, p);
      out.buf.set(src.subarray(p, dataEnd), op);
      op += size;
    } else {
      try {
        op = out.decodeBlock(src, p, dataEnd, op, limit, contentStart);
      } catch (err) {
        if (!(err instanceof Lz4OutputOverflow)) throw err;
        if (limit === out.maxBytes) throw tooLarge('lz4', out.maxBytes, p);
        throw corrupt('lz4', 'block decodes to more than the frame block size', p);
      }
    }
    p = dataEnd + (blockChecksum ? 4 : 0);
  }
  if (contentChecksum) {
    if (p + 4 > src.length) throw corrupt('lz4', 'truncated content checksum', p);
    if (xxhash32(out.buf, contentStart, op) !== readUint32LE(src, p))
      throw corrupt('lz4', 'content checksum mismatch', p);
    p += 4;
  }
  if (contentSize >= 0 && op - contentStart !== contentSize)
    throw corrupt('lz4', 'content size mismatch', frameStart);
  return [p, op];
}

/** Which block decoder {@link lz4DecompressFrame} runs (tests run both). */
export type Lz4Decoder = 'wasm' | 'typescript';

/**
 * Decompresses one or more LZ4 frames (skippable frames are skipped), at most `maxBytes` of
 * output. Blocks are decoded by WebAssembly (`lz4-block-wasm.ts`) unless `decoder` says
 * `typescript`, the bound is above 1 GiB or the runtime has no WebAssembly.
 */
export function lz4DecompressFrame(
  src: Uint8Array,
  maxBytes: number = DEFAULT_MAX_DECOMPRESSED_BYTES,
  decoder: Lz4Decoder = 'wasm',
): Buffer {
  const initial = Math.max(BLOCK_SIZE, src.length * 4);
  const out =
    (decoder === 'wasm' && maxBytes <= LZ4_WASM_MAX_OUTPUT
      ? WasmFrameOutput.for(src, initial, maxBytes)
      : undefined) ?? new HeapFrameOutput(initial, maxBytes);
  let p = 0;
  let op = 0;
  if (src.length < 4) throw corrupt('lz4', 'truncated frame', 0);
  while (p < src.length) {
    if (p + 4 > src.length) throw corrupt('lz4', 'trailing bytes after frame', p);
    const magic = readUint32LE(src, p);
    if (magic >>> 4 === 0x184d2a5) {
      if (p + 8 > src.length) throw corrupt('lz4', 'truncated skippable frame', p);
      const skip = readUint32LE(src, p + 4);
      if (p + 8 + skip > src.length) throw corrupt('lz4', 'skippable frame runs past the input', p);
      p += 8 + skip;
      continue;
    }
    if (magic !== MAGIC) throw corrupt('lz4', `bad frame magic 0x${magic.toString(16)}`, p);
    [p, op] = decodeFrame(src, p, out, op);
  }
  return out.result(op);
}

/** The lz4 codec. */
export const lz4Codec: CompressionCodec = {
  type: CompressionType.lz4,
  name: 'lz4',
  levels: LZ4_LEVELS,
  compress: (data, level) => lz4CompressFrame(data, level),
  decompress: (data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) => lz4DecompressFrame(data, maxBytes),
  compressAsync: async (data, level) => lz4CompressFrame(data, level),
  decompressAsync: async (data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) =>
    lz4DecompressFrame(data, maxBytes),
};
