/**
 * A small writer of WebAssembly binaries (WebAssembly Core Specification 2.0, chapter 5 "Binary
 * Format"), enough for the hot loops kafe keeps in WebAssembly (`lz4-block-wasm.ts`,
 * `../crc32c-wasm.ts`): i32 and i64 locals, structured control with named labels, loads and
 * stores, `memory.copy` (bulk memory, in every Node kafe supports), one exported memory and
 * mutable i32 globals.
 *
 * Why write the bytes from TypeScript instead of shipping a `.wasm` built by a compiler: the
 * module is then plain source in this repository, reviewed like the rest, rebuilt at each start
 * (a few hundred bytes, microseconds) and needs no toolchain, no generated binary to keep in sync
 * and no file to find at run time.
 */

/** A WebAssembly memory, as the host sees it (the project's `lib` has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `pages` of 64 KiB; the previous `buffer` is detached. */
  grow(pages: number): number;
}

/** An exported global, as the host sees it. */
export interface WasmGlobal {
  readonly value: unknown;
}

/** A compiled module, ready to instantiate. */
export interface CompiledWasm {
  /** A new instance (its own memory and globals); its exports. */
  instantiate(): Record<string, unknown>;
}

interface WebAssemblyHost {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/**
 * Compiles `bytes` synchronously (fine for modules of a few hundred bytes), or returns
 * `undefined` where the runtime has no WebAssembly (`node --jitless`). An invalid module throws.
 */
export function compileWasm(bytes: Uint8Array): CompiledWasm | undefined {
  const host = (globalThis as { WebAssembly?: WebAssemblyHost }).WebAssembly;
  if (host === undefined) return undefined;
  const module = new host.Module(bytes);
  return { instantiate: () => new host.Instance(module).exports };
}

/** A value type (spec 5.3.1). */
export type WasmType = 'i32' | 'i64';
const TYPE_CODE: Record<WasmType, number> = { i32: 0x7f, i64: 0x7e };

/** Unsigned LEB128 (spec 5.2.2). */
function unsigned(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit value (spec 5.2.2). */
function signed(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...unsigned(bytes.length), ...bytes];
}

function vector(items: readonly number[][]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}

/**
 * The body of one function: instructions appended by method calls, in the order the stack
 * machine runs them. Branches name their target label; the writer turns names into depths.
 */
export class WasmCode {
  readonly bytes: number[] = [];
  private readonly labels: string[] = [];

  private emit(...bytes: number[]): this {
    for (const b of bytes) this.bytes.push(b);
    return this;
  }

  private depth(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at === -1) throw new Error(`wasm: no enclosing label ${label}`);
    return this.labels.length - 1 - at;
  }

  private structured(opcode: number, label: string, body: (code: this) => void): this {
    this.emit(opcode, 0x40);
    this.labels.push(label);
    body(this);
    this.labels.pop();
    return this.emit(0x0b);
  }

  /** `block`: a branch to `label` jumps past its end. */
  block(label: string, body: (code: this) => void): this {
    return this.structured(0x02, label, body);
  }
  /** `loop`: a branch to `label` jumps back to its start. */
  loop(label: string, body: (code: this) => void): this {
    return this.structured(0x03, label, body);
  }
  /** `if` (pops an i32 condition) with an optional `else`. */
  if(then: (code: this) => void, otherwise?: (code: this) => void): this {
    this.emit(0x04, 0x40);
    this.labels.push('');
    then(this);
    if (otherwise !== undefined) {
      this.emit(0x05);
      otherwise(this);
    }
    this.labels.pop();
    return this.emit(0x0b);
  }
  br(label: string): this {
    return this.emit(0x0c, ...unsigned(this.depth(label)));
  }
  brIf(label: string): this {
    return this.emit(0x0d, ...unsigned(this.depth(label)));
  }
  return(): this {
    return this.emit(0x0f);
  }
  /** `unreachable`: traps; also ends a body whose every path returned or branched. */
  unreachable(): this {
    return this.emit(0x00);
  }

  get(local: number): this {
    return this.emit(0x20, ...unsigned(local));
  }
  set(local: number): this {
    return this.emit(0x21, ...unsigned(local));
  }
  tee(local: number): this {
    return this.emit(0x22, ...unsigned(local));
  }
  setGlobal(global: number): this {
    return this.emit(0x24, ...unsigned(global));
  }
  i32(value: number): this {
    return this.emit(0x41, ...signed(value));
  }

  /** `i32.load8_u offset` (alignment 1). */
  load8(offset = 0): this {
    return this.emit(0x2d, 0, ...unsigned(offset));
  }
  /** `i32.load16_u offset` (alignment 1: LZ4's offsets sit at any address). */
  load16(offset = 0): this {
    return this.emit(0x2f, 0, ...unsigned(offset));
  }
  /** `i32.load offset` (alignment 1). */
  load32(offset = 0): this {
    return this.emit(0x28, 0, ...unsigned(offset));
  }
  /** `i64.load offset` (alignment 1). */
  load64(offset = 0): this {
    return this.emit(0x29, 0, ...unsigned(offset));
  }
  /** `i32.store8 offset`. */
  store8(offset = 0): this {
    return this.emit(0x3a, 0, ...unsigned(offset));
  }
  /** `i32.store offset` (alignment 1). */
  store32(offset = 0): this {
    return this.emit(0x36, 0, ...unsigned(offset));
  }
  /** `i64.store offset` (alignment 1). */
  store64(offset = 0): this {
    return this.emit(0x37, 0, ...unsigned(offset));
  }
  /** `memory.copy` (bulk memory): destination, source, length; overlapping ranges as memmove. */
  memoryCopy(): this {
    return this.emit(0xfc, 10, 0, 0);
  }

  eqz(): this {
    return this.emit(0x45);
  }
  eq(): this {
    return this.emit(0x46);
  }
  ne(): this {
    return this.emit(0x47);
  }
  ltU(): this {
    return this.emit(0x49);
  }
  gtU(): this {
    return this.emit(0x4b);
  }
  leU(): this {
    return this.emit(0x4d);
  }
  geU(): this {
    return this.emit(0x4f);
  }
  add(): this {
    return this.emit(0x6a);
  }
  sub(): this {
    return this.emit(0x6b);
  }
  and(): this {
    return this.emit(0x71);
  }
  or(): this {
    return this.emit(0x72);
  }
  /** `i32.xor`. */
  xor(): this {
    return this.emit(0x73);
  }
  /** `i32.shl`. */
  shl(): this {
    return this.emit(0x74);
  }
  shrU(): this {
    return this.emit(0x76);
  }
  /** `i32.wrap_i64`: the low 32 bits of an i64. */
  wrap64(): this {
    return this.emit(0xa7);
  }
}

/** One exported function of a module. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly WasmType[];
  readonly results: readonly WasmType[];
  /** Locals beyond the parameters, numbered after them. */
  readonly locals: readonly WasmType[];
  readonly code: WasmCode;
}

/** What a module holds: one memory exported as `memory`, i32 globals, functions. */
export interface WasmModuleParts {
  /** Initial pages (64 KiB each) of the memory, which the host may grow. */
  readonly memoryPages: number;
  /** Mutable i32 globals, each exported under its name, starting at 0. */
  readonly globals: readonly string[];
  readonly functions: readonly WasmFunction[];
}

/** The binary of a module with `parts`. */
export function wasmModule(parts: WasmModuleParts): Uint8Array {
  const fns = parts.functions;
  const types = fns.map((f) => [
    0x60,
    ...vector(f.params.map((t) => [TYPE_CODE[t]])),
    ...vector(f.results.map((t) => [TYPE_CODE[t]])),
  ]);
  const bodies = fns.map((f) => {
    const locals = vector(f.locals.map((t) => [1, TYPE_CODE[t]]));
    const body = [...locals, ...f.code.bytes, 0x0b];
    return [...unsigned(body.length), ...body];
  });
  const exports = [
    [...name('memory'), 0x02, 0],
    ...parts.globals.map((g, i) => [...name(g), 0x03, ...unsigned(i)]),
    ...fns.map((f, i) => [...name(f.name), 0x00, ...unsigned(i)]),
  ];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(3, vector(fns.map((_, i) => unsigned(i)))),
    ...section(5, vector([[0x00, ...unsigned(parts.memoryPages)]])),
    ...section(6, vector(parts.globals.map(() => [TYPE_CODE.i32, 0x01, 0x41, 0x00, 0x0b]))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
