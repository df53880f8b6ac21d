/**
 * Where an LZ4 frame decodes to, and which block decoder writes it: WebAssembly memory and the
 * decoder of `lz4-block-wasm.ts` where WebAssembly runs, else a Node buffer and the TypeScript
 * `lz4DecodeBlock`. Both grow on demand and never past the caller's bound; the frame parsing
 * (`lz4.ts`) is the same for both.
 */
import { corrupt } from './compression-error.js';
import { Lz4OutputOverflow, lz4DecodeBlock } from './lz4-block.js';
import { LZ4_WASM_SLACK, type Lz4WasmDecoder, Lz4WasmError, newLz4WasmDecoder } from './lz4-block-wasm.js';

/** A growable output that never exceeds `maxBytes`, and its block decoder. */
export interface Lz4FrameOutput {
  readonly maxBytes: number;
  /** The output's bytes so far and its room (replaced by {@link reserve}). */
  readonly buf: Uint8Array;
  /** Makes room for `need` bytes in total, as far as the bound allows. */
  reserve(need: number): void;
  /**
   * Decodes the block at `src[p, end)` to `op` (no further than `limit`, matches reaching back
   * to `contentStart` at most); returns the output's end. Throws a `CompressionError` for a
   * corrupt block and {@link Lz4OutputOverflow} when `limit` would be passed.
   */
  decodeBlock(
    src: Uint8Array,
    p: number,
    end: number,
    op: number,
    limit: number,
    contentStart: number,
  ): number;
  /** The first `length` bytes as a Buffer of their own. */
  result(length: number): Buffer;
}

/**
 * The room an output of `capacity` bytes grows to for `need` bytes (doubling, never past
 * `maxBytes`), or `undefined` when it has the room already or cannot grow.
 */
function grownCapacity(need: number, capacity: number, maxBytes: number): number | undefined {
  if (need <= capacity || capacity === maxBytes) return undefined;
  return Math.min(maxBytes, Math.max(need, capacity * 2));
}

/** The output in a Node buffer, decoded by the TypeScript decoder. */
export class HeapFrameOutput implements Lz4FrameOutput {
  buf: Buffer;
  constructor(
    initial: number,
    readonly maxBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(initial, maxBytes));
  }
  reserve(need: number): void {
    const capacity = grownCapacity(need, this.buf.length, this.maxBytes);
    if (capacity === undefined) return;
    const next = Buffer.allocUnsafe(capacity);
    next.set(this.buf);
    this.buf = next;
  }
  decodeBlock(
    src: Uint8Array,
    p: number,
    end: number,
    op: number,
    limit: number,
    contentStart: number,
  ): number {
    return lz4DecodeBlock(src, p, end, this.buf, op, limit, contentStart);
  }
  result(length: number): Buffer {
    return this.buf.subarray(0, length);
  }
}

/** Largest output the WebAssembly path takes (its memory is 32-bit; larger bounds go to the heap). */
export const LZ4_WASM_MAX_OUTPUT = 1 << 30;
/** Memory kept between frames; a decoder that grew past it is dropped after its frame. */
const RETAINED_MEMORY = 16 * 1024 * 1024;
const PAGE = 65_536;

const REASONS: Readonly<Record<number, string>> = {
  [Lz4WasmError.truncatedBlock]: 'truncated block',
  [Lz4WasmError.truncatedLiteralLength]: 'truncated literal length',
  [Lz4WasmError.literalsPastBlock]: 'literals run past the block',
  [Lz4WasmError.truncatedOffset]: 'truncated match offset',
  [Lz4WasmError.offsetOutOfRange]: 'match offset out of range',
  [Lz4WasmError.truncatedMatchLength]: 'truncated match length',
};

let shared: Lz4WasmDecoder | null | undefined;

/**
 * The output in WebAssembly memory: the input is copied to address 0, the output follows it
 * (both with {@link LZ4_WASM_SLACK} spare bytes), and {@link result} copies the output out, so
 * nothing returned points into memory the next frame reuses.
 */
export class WasmFrameOutput implements Lz4FrameOutput {
  buf: Uint8Array;
  private readonly base: number;

  private constructor(
    private readonly decoder: Lz4WasmDecoder,
    src: Uint8Array,
    initial: number,
    readonly maxBytes: number,
  ) {
    this.base = (src.length + LZ4_WASM_SLACK + 7) & ~7;
    const capacity = Math.min(initial, maxBytes);
    this.grow(this.base + capacity + LZ4_WASM_SLACK);
    new Uint8Array(decoder.memory.buffer).set(src, 0);
    this.buf = new Uint8Array(decoder.memory.buffer, this.base, capacity);
  }

  /** An output for decoding `src`, or `undefined` where WebAssembly does not run. */
  static for(src: Uint8Array, initial: number, maxBytes: number): WasmFrameOutput | undefined {
    // A decoder whose memory grew past the retained size is dropped (after a corrupt frame too).
    if (shared === undefined || (shared !== null && shared.memory.buffer.byteLength > RETAINED_MEMORY))
      shared = newLz4WasmDecoder() ?? null;
    return shared === null ? undefined : new WasmFrameOutput(shared, src, initial, maxBytes);
  }

  private grow(bytes: number): void {
    const have = this.decoder.memory.buffer.byteLength;
    if (bytes > have) this.decoder.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  reserve(need: number): void {
    const capacity = grownCapacity(need, this.buf.length, this.maxBytes);
    if (capacity === undefined) return;
    this.grow(this.base + capacity + LZ4_WASM_SLACK);
    this.buf = new Uint8Array(this.decoder.memory.buffer, this.base, capacity);
  }

  decodeBlock(
    _src: Uint8Array,
    p: number,
    end: number,
    op: number,
    limit: number,
    contentStart: number,
  ): number {
    // The input sits at address 0, so its offsets are addresses and error positions need no shift.
    const base = this.base;
    const r = this.decoder.decode(p, end, base + op, base + limit, base + contentStart);
    if (r >= 0) return r - base;
    if (r === Lz4WasmError.outputOverflow) throw new Lz4OutputOverflow();
    throw corrupt('lz4', REASONS[r] ?? `decoder error ${r}`, this.decoder.errorAt.value as number);
  }

  result(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    out.set(this.buf.subarray(0, length));
    if (this.decoder.memory.buffer.byteLength > RETAINED_MEMORY && shared === this.decoder)
      shared = undefined;
    return out;
  }
}
