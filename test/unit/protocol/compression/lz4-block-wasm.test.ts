import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type Lz4Decoder,
  lz4CompressFrame,
  lz4DecompressFrame,
} from '../../../../src/protocol/compression/lz4.js';
import { newLz4WasmDecoder } from '../../../../src/protocol/compression/lz4-block-wasm.js';
import {
  compileWasm,
  WasmCode,
  type WasmFunction,
  wasmModule,
} from '../../../../src/protocol/compression/wasm-assembler.js';
import { runJitless } from '../../../support/jitless.js';
import { seeded } from '../../../support/seeded-random.js';
import {
  LZ4_BLOCK_CHECKSUM_CONTENT_SIZE,
  LZ4_HC_CONTENT_CHECKSUM,
  LZ4_LINKED_BLOCKS,
  words,
} from './fixtures.js';

/** `period` random bytes repeated to `size`: matches `period` bytes back, overlapping below 8. */
function periodic(size: number, period: number, next: () => number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = i < period ? Math.floor(next() * 256) : (b[i - period] as number);
  return b;
}

/** What a decoder makes of `frame`: the bytes, or the error's class and message. */
function outcome(frame: Uint8Array, decoder: Lz4Decoder, maxBytes?: number): string {
  try {
    return `ok ${lz4DecompressFrame(frame, maxBytes, decoder).toString('hex')}`;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('lz4 WebAssembly block decoder', () => {
  it('compiles on this Node (WebAssembly is not off): lz4 frames are decoded by it', () => {
    assert.ok(newLz4WasmDecoder(), 'no WebAssembly decoder');
  });

  it('decodes what the TypeScript decoder decodes, byte for byte, for every kind and size of input', () => {
    const next = seeded(17);
    const inputs: Buffer[] = [];
    for (const size of [0, 1, 5, 13, 16, 17, 31, 64, 100, 1000, 16_384, 65_536, 65_537, 200_000]) {
      inputs.push(words(size, next), Buffer.alloc(size, 0x61));
      // Matches 1-20 bytes back (below 8 the copy overlaps itself), lengths across 16.
      for (let period = 1; period <= 20; period++) inputs.push(periodic(size, period, next));
    }
    for (const input of inputs) {
      for (const level of [9, 1, 12]) {
        const frame = lz4CompressFrame(input, level);
        const wasm = lz4DecompressFrame(frame, undefined, 'wasm');
        assert.ok(wasm.equals(input), `${input.length} bytes at level ${level}`);
        assert.ok(lz4DecompressFrame(frame, undefined, 'typescript').equals(input));
      }
    }
    for (const fixture of [LZ4_BLOCK_CHECKSUM_CONTENT_SIZE, LZ4_HC_CONTENT_CHECKSUM, LZ4_LINKED_BLOCKS]) {
      const frame = Buffer.from(fixture, 'base64');
      assert.equal(outcome(frame, 'wasm'), outcome(frame, 'typescript'));
    }
  });

  it('fails exactly as the TypeScript decoder on corrupt and truncated frames, and at the same bound', () => {
    const next = seeded(29);
    let failures = 0;
    for (let round = 0; round < 3000; round++) {
      const input =
        round % 3 === 0 ? periodic(300 + round, 1 + (round % 11), next) : words(200 + round * 3, next);
      const frame = Buffer.from(lz4CompressFrame(input));
      const damaged =
        round % 4 === 0 ? frame.subarray(0, 7 + Math.floor(next() * (frame.length - 7))) : Buffer.from(frame);
      if (round % 4 !== 0) {
        // Change one to four bytes of the block, header excepted (its checksum would catch them).
        for (let k = 1 + Math.floor(next() * 4); k > 0; k--)
          damaged[11 + Math.floor(next() * (damaged.length - 15))] = Math.floor(next() * 256);
      }
      const maxBytes = round % 5 === 0 ? Math.floor(input.length * next()) : undefined;
      const wasm = outcome(damaged, 'wasm', maxBytes);
      assert.equal(wasm, outcome(damaged, 'typescript', maxBytes), `round ${round}`);
      if (!wasm.startsWith('ok')) failures++;
    }
    assert.ok(failures > 1000, `only ${failures} of 3000 damaged frames failed: the damage missed`);
  });

  it('falls back to the TypeScript decoder where WebAssembly is off (node --jitless)', () => {
    const src = join(import.meta.dirname, '..', '..', '..', '..', 'src', 'protocol', 'compression');
    const result = runJitless([
      `import { lz4CompressFrame, lz4DecompressFrame } from ${JSON.stringify(join(src, 'lz4.ts'))};`,
      `import { newLz4WasmDecoder } from ${JSON.stringify(join(src, 'lz4-block-wasm.ts'))};`,
      "const input = Buffer.from('partition offset record '.repeat(1000));",
      'const back = lz4DecompressFrame(lz4CompressFrame(input));',
      'console.log(JSON.stringify({ wasm: newLz4WasmDecoder() !== undefined, same: back.equals(input) }));',
    ]);
    assert.deepEqual(result, { wasm: false, same: true });
  });

  it('returns buffers of their own: a later frame does not change an earlier result', () => {
    const next = seeded(31);
    const big = words(20_000_000, next);
    const first = lz4DecompressFrame(lz4CompressFrame(words(50_000, next)), undefined, 'wasm');
    const copy = Buffer.from(first);
    // Grows the memory past what is kept between frames, so the next frame gets a fresh decoder.
    assert.ok(lz4DecompressFrame(lz4CompressFrame(big), undefined, 'wasm').equals(big));
    const small = words(3000, next);
    assert.ok(lz4DecompressFrame(lz4CompressFrame(small), undefined, 'wasm').equals(small));
    assert.ok(first.equals(copy));
  });
});

describe('WebAssembly writer', () => {
  it('encodes constants at every LEB128 length, both signs, and branches to named labels', () => {
    const values = [
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      8191,
      8192,
      -8193,
      2 ** 20,
      -(2 ** 27),
      2 ** 31 - 1,
      -(2 ** 31),
    ];
    const functions: WasmFunction[] = values.map((v, i) => ({
      name: `f${i}`,
      params: [],
      results: ['i32'],
      locals: ['i32'],
      code: new WasmCode().block('out', (c) => c.i32(v).set(0).br('out').i32(7).set(0)).get(0),
    }));
    // A loop: sum of 1..n through br_if to the loop label.
    const sum = new WasmCode().loop('again', (c) => {
      c.get(1).get(0).add().set(1);
      c.get(0).i32(1).sub().tee(0).brIf('again');
    });
    sum.get(1);
    functions.push({ name: 'sum', params: ['i32'], results: ['i32'], locals: ['i32'], code: sum });
    const compiled = compileWasm(wasmModule({ memoryPages: 1, globals: [], functions }));
    assert.ok(compiled, 'no WebAssembly on this Node');
    const exports = compiled.instantiate() as Record<string, (n?: number) => number>;
    for (const [i, v] of values.entries()) assert.equal(exports[`f${i}`]?.(), v);
    assert.equal(exports.sum?.(100), 5050);
  });
});
