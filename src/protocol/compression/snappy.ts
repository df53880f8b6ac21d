/**
 * snappy (Kafka codec 2). Kafka's Java client compresses with snappy-java's
 * `SnappyOutputStream`, the "xerial" framing: an 8-byte magic `82 'SNAPPY' 00`, two big-endian
 * int32s (version 1, compatible version 1), then blocks of at most 32 KiB, each a big-endian
 * int32 length followed by a raw Snappy block. Its reader (`SnappyInputStream`) also accepts a
 * bare raw block, which is what librdkafka writes.
 *
 * We **write the xerial framing**, exactly as Java does: it is the form every Kafka consumer
 * has to read (Java, librdkafka, franz-go, sarama, kafka-python all decode it), whereas a bare
 * raw block relies on each reader's fallback path, and Java's fallback reads the whole stream
 * into one array before it decompresses. We **read both** forms.
 */
import type { CompressionCodec } from './codec.js';
import { CompressionType, DEFAULT_MAX_DECOMPRESSED_BYTES } from './codec.js';
import { corrupt, tooLarge } from './compression-error.js';
import {
  snappyBlockLength,
  snappyCompressBlockInto,
  snappyDecodeElements,
  snappyDecompressBlock,
  snappyMaxCompressedLength,
} from './snappy-block.js';

/** `SnappyCodec.MAGIC_HEADER` of snappy-java. */
const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00] as const;
const XERIAL_HEADER_SIZE = 16;
/** `SnappyOutputStream.DEFAULT_BLOCK_SIZE`. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

/** Whether `data` starts with the xerial header (and so is framed, not a raw block). */
export function isXerialFramed(data: Uint8Array): boolean {
  if (data.length < XERIAL_HEADER_SIZE) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (data[i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

/** Compresses `data` with the xerial framing, as Java's `SnappyOutputStream` does. */
export function snappyCompressXerial(data: Uint8Array): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / XERIAL_BLOCK_SIZE));
  const out = Buffer.allocUnsafe(
    XERIAL_HEADER_SIZE + blocks * (4 + snappyMaxCompressedLength(XERIAL_BLOCK_SIZE)),
  );
  out.set(XERIAL_MAGIC, 0);
  out.writeInt32BE(1, 8); // version
  out.writeInt32BE(1, 12); // compatible version
  let op = XERIAL_HEADER_SIZE;
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK_SIZE) {
    const end = Math.min(pos + XERIAL_BLOCK_SIZE, data.length);
    const blockStart = op + 4;
    op = snappyCompressBlockInto(data, pos, end, out, blockStart);
    const len = op - blockStart;
    out[blockStart - 4] = len >>> 24;
    out[blockStart - 3] = (len >>> 16) & 0xff;
    out[blockStart - 2] = (len >>> 8) & 0xff;
    out[blockStart - 1] = len & 0xff;
  }
  return out.subarray(0, op);
}

function readInt32BE(b: Uint8Array, i: number): number {
  return (
    (((b[i] as number) << 24) |
      ((b[i + 1] as number) << 16) |
      ((b[i + 2] as number) << 8) |
      (b[i + 3] as number)) >>>
    0
  );
}

/**
 * Decompresses the xerial framing. A first pass reads every block's declared length so the
 * total is checked against `maxBytes` before one output buffer is allocated.
 */
export function snappyDecompressXerial(data: Uint8Array, maxBytes: number): Buffer {
  let total = 0;
  let p = XERIAL_HEADER_SIZE;
  while (p < data.length) {
    if (p + 4 > data.length) throw corrupt('snappy', 'truncated xerial block length', p);
    const len = readInt32BE(data, p);
    const end = p + 4 + len;
    if (end > data.length) throw corrupt('snappy', 'xerial block runs past the input', p);
    const [blockLen, ip] = snappyBlockLength(data, p + 4, end);
    if (blockLen > (end - ip) * 64)
      throw corrupt('snappy', 'declared length impossible for the input size', p);
    total += blockLen;
    if (total > maxBytes) throw tooLarge('snappy', maxBytes, p);
    p = end;
  }
  const out = Buffer.allocUnsafe(total);
  let op = 0;
  p = XERIAL_HEADER_SIZE;
  while (p < data.length) {
    const end = p + 4 + readInt32BE(data, p);
    const [blockLen, ip] = snappyBlockLength(data, p + 4, end);
    snappyDecodeElements(data, ip, end, out, op, blockLen);
    op += blockLen;
    p = end;
  }
  return out;
}

function decompress(data: Uint8Array, maxBytes: number): Uint8Array {
  return isXerialFramed(data)
    ? snappyDecompressXerial(data, maxBytes)
    : snappyDecompressBlock(data, maxBytes);
}

/** The snappy codec (no levels: snappy has none, KIP-390). */
export const snappyCodec: CompressionCodec = {
  type: CompressionType.snappy,
  name: 'snappy',
  levels: undefined,
  compress: (data) => snappyCompressXerial(data),
  decompress: (data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) => decompress(data, maxBytes),
  compressAsync: async (data) => snappyCompressXerial(data),
  decompressAsync: async (data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) => decompress(data, maxBytes),
};
