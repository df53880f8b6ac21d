/**
 * The LZ4 block decoder (lz4/lz4 `doc/lz4_Block_format.md`) as a WebAssembly function, written
 * with `wasm-assembler.ts`: the same sequence walk and the same checks, in the same order, as
 * `lz4DecodeBlock` in `lz4-block.ts`, which stays as the reference and the fallback where
 * WebAssembly is off (`node --jitless`).
 *
 * Why: on the bench's compressible 100 B records the TypeScript decoder ran at about 210 MB/s,
 * most of the consumer's CPU per lz4 record; literals and matches are mostly shorter than 16
 * bytes, and per short copy a JavaScript byte loop (or a `subarray` + `set`) costs several
 * times what two unaligned 8-byte loads and stores cost here.
 *
 * Copies are "wild", as lz4's own `LZ4_wildCopy`: up to 16 bytes are written past a short
 * literal or match and up to 7 past a long one (later sequences overwrite them), and literals
 * are read up to 16 bytes past their end. {@link LZ4_WASM_SLACK} bytes after the input and after
 * the output's capacity keep those accesses inside memory that holds nothing else.
 */
import {
  type CompiledWasm,
  compileWasm,
  WasmCode,
  type WasmFunction,
  type WasmGlobal,
  type WasmMemory,
  wasmModule,
} from './wasm-assembler.js';

/** Bytes the host keeps free after the input and after the output for wild copies. */
export const LZ4_WASM_SLACK = 32;

/** Negative results of `decode`: what is wrong, at the address in the `errorAt` global. */
export const Lz4WasmError = {
  truncatedBlock: -1,
  truncatedLiteralLength: -2,
  literalsPastBlock: -3,
  /** The output would pass `opLimit` (no address: the caller decides what that means). */
  outputOverflow: -4,
  truncatedOffset: -5,
  offsetOutOfRange: -6,
  truncatedMatchLength: -7,
} as const;

// Parameters, then locals, by index.
const IP = 0;
const END = 1;
const OP = 2;
const LIMIT = 3;
const START = 4;
const TOKEN = 5;
const LEN = 6;
const BYTE = 7;
const OFFSET = 8;
const FROM = 9;
const STOP = 10;
const ERROR_AT = 0;

/** Sets `errorAt` to local `at` minus `back` and returns `code`. */
function fail(c: WasmCode, code: number, at: number, back = 0): void {
  c.get(at);
  if (back !== 0) c.i32(back).sub();
  c.setGlobal(ERROR_AT).i32(code).return();
}

/** `len += bytes` while each is 255 (the format's length extension), failing past `END`. */
function lengthBytes(c: WasmCode, label: string, truncated: number): void {
  c.loop(label, (c) => {
    c.get(IP)
      .get(END)
      .geU()
      .if((c) => fail(c, truncated, IP));
    c.get(IP).load8().tee(BYTE).get(LEN).add().set(LEN);
    c.get(IP).i32(1).add().set(IP);
    c.get(BYTE).i32(255).eq().brIf(label);
  });
}

/** Two 8-byte copies from the address in local `from` to the one in `OP` (16 bytes). */
function copy16(c: WasmCode, from: number): void {
  c.get(OP).get(from).load64().store64();
  c.get(OP).get(from).load64(8).store64(8);
}

/**
 * `decode(ip, end, op, opLimit, outStart)`: decodes the block at `[ip, end)` to `op`, matches
 * reaching back to `outStart` at most; returns the output's end, or a {@link Lz4WasmError}.
 */
function decodeFunction(): WasmFunction {
  const c = new WasmCode();
  c.loop('sequence', (c) => {
    c.get(IP)
      .get(END)
      .geU()
      .if((c) => fail(c, Lz4WasmError.truncatedBlock, IP));
    c.get(IP).load8().set(TOKEN);
    c.get(IP).i32(1).add().set(IP);
    c.get(TOKEN).i32(4).shrU().tee(LEN).i32(15).eq();
    c.if((c) => lengthBytes(c, 'literalLength', Lz4WasmError.truncatedLiteralLength));
    c.get(END)
      .get(IP)
      .sub()
      .get(LEN)
      .ltU()
      .if((c) => fail(c, Lz4WasmError.literalsPastBlock, IP));
    c.get(LIMIT)
      .get(OP)
      .sub()
      .get(LEN)
      .ltU()
      .if((c) => fail(c, Lz4WasmError.outputOverflow, OP));
    c.get(LEN)
      .i32(16)
      .leU()
      .if(
        (c) => copy16(c, IP),
        (c) => c.get(OP).get(IP).get(LEN).memoryCopy(),
      );
    c.get(IP).get(LEN).add().set(IP);
    c.get(OP).get(LEN).add().set(OP);
    c.get(IP)
      .get(END)
      .eq()
      .if((c) => c.get(OP).return());
    c.get(END)
      .get(IP)
      .sub()
      .i32(2)
      .ltU()
      .if((c) => fail(c, Lz4WasmError.truncatedOffset, IP));
    c.get(IP).load16().set(OFFSET);
    c.get(IP).i32(2).add().set(IP);
    c.get(OFFSET).eqz().get(OFFSET).get(OP).get(START).sub().gtU().or();
    c.if((c) => fail(c, Lz4WasmError.offsetOutOfRange, IP, 2));
    c.get(TOKEN).i32(15).and().tee(LEN).i32(15).eq();
    c.if((c) => lengthBytes(c, 'matchLength', Lz4WasmError.truncatedMatchLength));
    c.get(LEN).i32(4).add().set(LEN);
    c.get(LIMIT)
      .get(OP)
      .sub()
      .get(LEN)
      .ltU()
      .if((c) => fail(c, Lz4WasmError.outputOverflow, OP));
    c.get(OP).get(OFFSET).sub().set(FROM);
    c.get(OP).get(LEN).add().set(STOP);
    c.get(OFFSET)
      .i32(8)
      .ltU()
      .if(
        // A match closer than 8 bytes repeats bytes it is writing: one at a time.
        (c) =>
          c.loop('bytes', (c) => {
            c.get(OP).get(FROM).load8().store8();
            c.get(OP).i32(1).add().set(OP);
            c.get(FROM).i32(1).add().set(FROM);
            c.get(OP).get(STOP).ltU().brIf('bytes');
          }),
        // 8 bytes back or more: every 8-byte read is of bytes already written.
        (c) =>
          c
            .get(LEN)
            .i32(16)
            .leU()
            .if(
              (c) => copy16(c, FROM),
              (c) =>
                c.loop('words', (c) => {
                  c.get(OP).get(FROM).load64().store64();
                  c.get(OP).i32(8).add().set(OP);
                  c.get(FROM).i32(8).add().set(FROM);
                  c.get(OP).get(STOP).ltU().brIf('words');
                }),
            ),
      );
    c.get(STOP).set(OP);
    c.br('sequence');
  });
  c.unreachable();
  return {
    name: 'decode',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    results: ['i32'],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    code: c,
  };
}

/** What the instantiated decoder exports. */
export interface Lz4WasmDecoder {
  readonly memory: WasmMemory;
  readonly errorAt: WasmGlobal;
  decode(ip: number, end: number, op: number, opLimit: number, outStart: number): number;
}

let compiled: CompiledWasm | null | undefined;

/**
 * A fresh instance of the decoder with its own memory, or `undefined` where WebAssembly is
 * unavailable (`node --jitless`). The module is compiled once, at first use.
 */
export function newLz4WasmDecoder(): Lz4WasmDecoder | undefined {
  if (compiled === undefined)
    compiled =
      compileWasm(wasmModule({ memoryPages: 1, globals: ['errorAt'], functions: [decodeFunction()] })) ??
      null;
  return compiled === null ? undefined : (compiled.instantiate() as unknown as Lz4WasmDecoder);
}
