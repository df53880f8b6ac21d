/**
 * A small mutation fuzzer for the record decoders and the codecs, shared by the bounded unit
 * test (fuzz.test.ts) and the longer `scripts/fuzz-records.ts`. The property: whatever the
 * bytes, decoding returns or throws a `DecodeError` (which `CompressionError` extends), never
 * another error, a hang or a huge allocation.
 */
import { CompressionType, codecFor } from '../../../../src/protocol/compression/index.js';
import { crc32c } from '../../../../src/protocol/crc32c.js';
import { DecodeError } from '../../../../src/protocol/errors.js';
import {
  BatchLayout,
  decodeRecordBatches,
  encodeMessageSet,
  encodeRecordBatch,
  encodeTransactionMarker,
} from '../../../../src/protocol/records/index.js';
import { Random } from '../../../java-agreement/content.js';

/** What a fuzz run found. */
export interface FuzzReport {
  cases: number;
  decoded: number;
  rejected: number;
  /** Errors that were not DecodeErrors (each one is a bug), with the input that caused it. */
  failures: { error: unknown; input: string; target: string }[];
}

const BOUND = 1 << 20;

/** Valid inputs the mutations start from. */
export function seeds(): { name: string; bytes: Buffer; codec?: number }[] {
  const records = [0, 1, 2, 3, 4].map((i) => ({
    key: i % 2 ? null : Buffer.from(`key-${i}`),
    value: Buffer.from(`value ${i} `.repeat(i * 3 + 1)),
    timestamp: 1_700_000_000_000 + i * 1000,
    headers: i === 2 ? [{ key: 'trace', value: Buffer.from('abc') }] : undefined,
  }));
  const out: { name: string; bytes: Buffer; codec?: number }[] = [];
  for (const compression of [0, 1, 2, 3, 4]) {
    out.push({
      name: `v2-codec${compression}`,
      bytes: encodeRecordBatch(records, { compression: compression as CompressionType }),
    });
    if (compression !== CompressionType.none) {
      const raw = Buffer.from(codecFor(compression).compress(Buffer.from(`${'fuzz '.repeat(300)}tail`)));
      out.push({ name: `raw-codec${compression}`, bytes: raw, codec: compression });
    }
  }
  for (const magic of [0, 1] as const) {
    for (const compression of [0, 1, 2, 3]) {
      out.push({
        name: `legacy-m${magic}-codec${compression}`,
        bytes: encodeMessageSet(records, { magic, compression: compression as CompressionType }),
      });
    }
  }
  out.push({
    name: 'control',
    bytes: encodeTransactionMarker({ type: 1, producerId: 1n, producerEpoch: 0, coordinatorEpoch: 3 }),
  });
  return out;
}

function mutate(input: Buffer, rng: Random): Buffer {
  const b = Buffer.from(input);
  switch (rng.int(0, 5)) {
    case 0: {
      for (let n = 1 + rng.int(0, 7); n > 0; n--) {
        const i = rng.int(0, b.length - 1);
        b.writeUInt8((b.readUInt8(i) ^ (1 << rng.int(0, 7))) & 0xff, i);
      }
      return b;
    }
    case 1: {
      for (let n = 1 + rng.int(0, 3); n > 0; n--) b.writeUInt8(rng.int(0, 255), rng.int(0, b.length - 1));
      return b;
    }
    case 2:
      return b.subarray(0, rng.int(0, b.length));
    case 3: {
      const i = rng.int(0, Math.max(0, b.length - 5));
      const extremes = [0x7fffffff, -1, -0x80000000, 0, 1, 0x10000];
      b.writeInt32BE(extremes[rng.int(0, extremes.length - 1)] as number, i);
      return b;
    }
    case 4: {
      const extra = Buffer.alloc(rng.int(0, 63));
      for (let i = 0; i < extra.length; i++) extra.writeUInt8(rng.int(0, 255), i);
      const at = rng.int(0, b.length);
      return Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]);
    }
    default: {
      // runs of 0xff make maximal varints and huge lengths
      const at = rng.int(0, b.length - 1);
      b.fill(0xff, at, Math.min(b.length, at + 1 + rng.int(0, 9)));
      return b;
    }
  }
}

function attempt(report: FuzzReport, target: string, input: Buffer, fn: () => unknown): void {
  report.cases++;
  try {
    fn();
    report.decoded++;
  } catch (error) {
    if (error instanceof DecodeError) report.rejected++;
    else report.failures.push({ error, input: input.toString('base64'), target });
  }
}

/**
 * Mutates the *uncompressed* records of a batch, then compresses them with `codec` and fixes
 * the length and CRC, so the mutations reach the record decoder behind the decompressor.
 */
function mutateBehindCodec(plain: Buffer, codec: number, rng: Random): Buffer {
  const L = BatchLayout;
  const records = mutate(plain.subarray(L.headerSize), rng);
  const body = codec === CompressionType.none ? records : Buffer.from(codecFor(codec).compress(records));
  const out = Buffer.concat([plain.subarray(0, L.headerSize), body]);
  out.writeInt32BE(out.length - L.logOverhead, L.batchLength);
  out.writeInt16BE(codec, L.attributes);
  out.writeUInt32BE(crc32c(out, L.attributes), L.crc);
  return out;
}

/** Runs `iterations` mutations of every seed. zstd must be loaded (`loadCodec(4)`) before. */
export function fuzz(iterations: number, seed: number): FuzzReport {
  const report: FuzzReport = { cases: 0, decoded: 0, rejected: 0, failures: [] };
  const rng = new Random(seed);
  for (const s of seeds()) {
    for (let i = 0; i < iterations; i++) {
      const input = mutate(s.bytes, rng);
      if (s.codec === undefined) {
        attempt(report, s.name, input, () =>
          decodeRecordBatches(input, { verifyCrc: false, maxDecompressedBytes: BOUND }),
        );
        attempt(report, s.name, input, () => decodeRecordBatches(input, { maxDecompressedBytes: BOUND }));
      } else {
        const codec = codecFor(s.codec);
        attempt(report, s.name, input, () => codec.decompress(input, BOUND));
      }
    }
  }
  const plain = seeds()[0]?.bytes ?? Buffer.alloc(0);
  for (const codec of [0, 1, 2, 3, 4]) {
    for (let i = 0; i < iterations; i++) {
      const input = mutateBehindCodec(plain, codec, rng);
      attempt(report, `records-behind-codec${codec}`, input, () =>
        decodeRecordBatches(input, { maxDecompressedBytes: BOUND }),
      );
    }
  }
  return report;
}
