/**
 * The long-input loop of CRC-32C as a WebAssembly function, written with
 * `compression/wasm-assembler.ts`; `crc32cUpdateTypescript` in `crc32c.ts` stays as the
 * reference and the fallback where WebAssembly is off (`node --jitless`).
 *
 * Braided as zlib's `crc32_z` (zlib 1.2.12+, `crc32.c`): the input is read in blocks of
 * {@link BRAIDS} 8-byte words, word j of every block feeding braid j, whose tables already
 * account for the other braids' words as zeros, so the braids' look-up chains are independent
 * and overlap in the processor, and the last block combines them with the plain slicing tables:
 * no shift through zeros, no multiplication, nothing per call that grows with the input. The
 * input is copied into the memory 64 KiB at a time (the memory never grows).
 *
 * Why: CRC-32C is about a fifth of the producer's CPU in `kafe perf produce` and the consumer
 * checks every batch. Median GB/s, old (TypeScript, three parts) against this, 9 rounds in each
 * of 3 runs, 2-core AMD EPYC: Node 26 1 KB 1.42 -> 2.84, 16 KB 2.05 -> 3.31, 1 MB 2.14 -> 3.27;
 * Node 20 1 KB 1.19 -> 2.02, 16 KB 1.94 -> 2.34, 1 MB 2.05 -> 2.31 (128 B stays in TypeScript).
 * What bounds the loop is instructions, about six per byte (shift, mask, load, XOR), not memory.
 */
import { compileWasm, WasmCode, type WasmFunction, wasmModule } from './compression/wasm-assembler.js';

/** Words run side by side (Node 26, 1 MB: 3 braids 3.2 GB/s, 4 to 6 3.3; 1 KB: 4 2.7, 5 and 6 2.5). */
const BRAIDS = 4;
/** The bytes of a block: one 8-byte word per braid. */
const BLOCK = 8 * BRAIDS;
/** The input is copied in by this many bytes at most (1 MB: 16 KiB chunks 3.2 GB/s, 64 KiB 3.3, 128 KiB 3.3). */
const CHUNK = Math.floor(65_536 / BLOCK) * BLOCK;

/** The braid tables (8 KiB): byte k of a word, followed by the other braids' words as zeros. */
const BRAID_AT = 0;
/** The slicing-by-8 tables of `crc32c.ts`, by byte position in a word (8 KiB). */
const SLICE_AT = 8192;
/** The braids' registers, one i32 each (and the 4 bytes the last table's i64 loads read past it). */
const REGISTERS_AT = 16_384;
/** Where the input is copied to, one chunk at a time. */
const DATA_AT = 16_448;

/**
 * The CRC register of the 8-byte word at `p + at` in the memory, XORed first with the i32 on
 * the stack, through the eight tables at `tables` (one per byte position), onto the stack.
 */
function word(c: WasmCode, p: number, at: number, tables: number, lo: number): void {
  c.get(p).load32(at).xor().set(lo);
  for (let k = 0; k < 8; k++) {
    // The table offset of byte k (entries are 4 bytes): the low four from the XORed word in
    // `lo`, the high four loaded straight from the input (measured faster than shifting).
    if (k < 4) {
      c.get(lo);
      if (k === 0) c.i32(2).shl();
      else c.i32(8 * k - 2).shrU();
      c.i32(0x3fc).and();
    } else {
      const byte = at + k;
      c.get(p).load8(byte).i32(2).shl();
    }
    // An i64 load then a wrap: V8 in Node 26 loads an entry twice when an i32 load is folded
    // into the XOR (2.9 against 2.6 GB/s).
    c.load64(tables + k * 1024).wrap64();
    if (k > 0) c.xor();
  }
}

/**
 * `run(n, last)`: continues the braids' registers over the `n` bytes (whole blocks of 8 bytes
 * per braid) at `DATA_AT`; with `last`, the last block combines them (zlib's `crc32_z`) and the
 * CRC register is returned.
 */
function runFunction(): WasmFunction {
  const braids = BRAIDS;
  const block = BLOCK;
  const N = 0;
  const LAST = 1;
  const P = 2;
  const END = 3;
  const LO = 4;
  const COMB = 5;
  const REG = 6;
  const c = new WasmCode();
  const register = (j: number) => REGISTERS_AT + 4 * j;
  for (let j = 0; j < braids; j++)
    c.i32(0)
      .load32(register(j))
      .set(REG + j);
  c.i32(DATA_AT).set(P);
  // The braided blocks end before the last block when `last` (1: -1 & block is block).
  c.get(N).i32(0).get(LAST).sub().i32(block).and().sub().i32(DATA_AT).add().set(END);
  c.block('done', (c) => {
    c.loop('blocks', (c) => {
      c.get(P).get(END).geU().brIf('done');
      for (let j = 0; j < braids; j++) {
        c.get(REG + j);
        word(c, P, 8 * j, BRAID_AT, LO);
        c.set(REG + j);
      }
      c.get(P).i32(block).add().set(P);
      c.br('blocks');
    });
  });
  c.get(LAST).if((c) => {
    for (let j = 0; j < braids; j++) {
      c.get(REG + j);
      if (j > 0) c.get(COMB).xor();
      word(c, P, 8 * j, SLICE_AT, LO);
      c.set(COMB);
    }
    c.get(COMB).return();
  });
  for (let j = 0; j < braids; j++)
    c.i32(0)
      .get(REG + j)
      .store32(register(j));
  c.i32(0);
  return {
    name: 'run',
    params: ['i32', 'i32'],
    results: ['i32'],
    locals: Array.from({ length: 4 + braids }, () => 'i32' as const),
    code: c,
  };
}

/** What the instantiated module exports. */
interface Crc32cWasmExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  run(n: number, last: number): number;
}

/** The CRC-32C register over whole blocks of an input, in WebAssembly. */
export interface Crc32cBraids {
  /** The bytes of a block: {@link Crc32cBraids.update} takes whole blocks, at least one. */
  readonly block: number;
  /** The register `c` after `data[at, at + n)`, `n` a multiple of {@link Crc32cBraids.block}. */
  update(c: number, data: Uint8Array, at: number, n: number): number;
}

/** The register after 8 zero bytes from `r`, with the slicing tables. */
function eightZeros(t: Int32Array, r: number): number {
  return (
    (t[1792 + (r & 0xff)] as number) ^
    (t[1536 + ((r >>> 8) & 0xff)] as number) ^
    (t[1280 + ((r >>> 16) & 0xff)] as number) ^
    (t[1024 + (r >>> 24)] as number)
  );
}

/**
 * The braided CRC, or `undefined` where WebAssembly is unavailable (`node --jitless`).
 * `tables` are the slicing tables of `crc32c.ts`: `tables[k * 256 + b]` is the register of byte
 * `b` followed by `k` zero bytes.
 */
export function newCrc32cBraids(tables: Int32Array): Crc32cBraids | undefined {
  const compiled = compileWasm(
    wasmModule({
      memoryPages: Math.ceil((DATA_AT + CHUNK) / 65_536),
      globals: [],
      functions: [runFunction()],
    }),
  );
  if (compiled === undefined) return undefined;
  const wasm = compiled.instantiate() as unknown as Crc32cWasmExports;
  // The memory never grows, so these views stay attached.
  const memory = wasm.memory.buffer;
  const bytes = new Uint8Array(memory);
  const slice = new Int32Array(memory, SLICE_AT, 2048);
  const braid = new Int32Array(memory, BRAID_AT, 2048);
  for (let k = 0; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      let r = tables[(7 - k) * 256 + b] as number;
      slice[k * 256 + b] = r;
      for (let j = 1; j < BRAIDS; j++) r = eightZeros(tables, r);
      braid[k * 256 + b] = r;
    }
  }
  const registers = new Int32Array(memory, REGISTERS_AT, BRAIDS);
  const run = wasm.run;
  return {
    block: BLOCK,
    update(c, data, at, n) {
      registers[0] = c;
      for (let j = 1; j < BRAIDS; j++) registers[j] = 0;
      for (;;) {
        const m = Math.min(n, CHUNK);
        bytes.set(data.subarray(at, at + m), DATA_AT);
        if (m === n) return run(m, 1);
        run(m, 0);
        at += m;
        n -= m;
      }
    },
  };
}
