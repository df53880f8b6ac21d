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

/** mulberry32: deterministic from its seed. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

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

function mutate(input: Buffer, rng: Prng): Buffer {
  const b = Buffer.from(input);
  switch (rng.below(6)) {
    case 0: {
      for (let n = 1 + rng.below(8); n > 0; n--) {
        const i = rng.below(b.length);
        b.writeUInt8((b.readUInt8(i) ^ (1 << rng.below(8))) & 0xff, i);
      }
      return b;
    }
    case 1: {
      for (let n = 1 + rng.below(4); n > 0; n--) b.writeUInt8(rng.below(256), rng.below(b.length));
      return b;
    }
    case 2:
      return b.subarray(0, rng.below(b.length + 1));
    case 3: {
      const i = rng.below(Math.max(1, b.length - 4));
      const extremes = [0x7fffffff, -1, -0x80000000, 0, 1, 0x10000];
      b.writeInt32BE(extremes[rng.below(extremes.length)] as number, i);
      return b;
    }
    case 4: {
      const extra = Buffer.alloc(rng.below(64));
      for (let i = 0; i < extra.length; i++) extra.writeUInt8(rng.below(256), i);
      const at = rng.below(b.length + 1);
      return Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]);
    }
    default: {
      // runs of 0xff make maximal varints and huge lengths
      const at = rng.below(b.length);
      b.fill(0xff, at, Math.min(b.length, at + 1 + rng.below(10)));
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
function mutateBehindCodec(plain: Buffer, codec: number, rng: Prng): Buffer {
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
  const rng = new Prng(seed);
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
