/**
 * Encoder for the Kafka primitive types ("Protocol Primitive Types" in the protocol guide,
 * docs/protocol.html), writing a whole request into one growing buffer.
 *
 * Design choice: a preallocated buffer that doubles when full, rather than "compute the size,
 * then write once". Sizing first means walking every message twice and measuring every string
 * twice (`Buffer.byteLength`, then the write); here each string is UTF-8 encoded exactly once,
 * straight into the output. Doubling keeps the total copying below the final size, and a writer
 * kept per connection reaches its working size after the first few requests. The only place
 * the protocol needs a size before the data is a tagged field (its length prefix); it is handled
 * by reserving one byte and shifting in the rare case the field is 128 bytes or longer
 * ({@link Writer.beginSized} / {@link Writer.endSized}).
 *
 * `finish()` hands out a view of the written bytes (no copy) and the writer continues *after*
 * it in the same buffer, so earlier results are never overwritten: successive small requests
 * share one slab, like Node's own Buffer pool.
 */
import { EncodeError } from '../errors.js';

/** Largest byte length of a (compact) string: Java's generated code refuses more than `Short.MAX_VALUE`. */
const MAX_STRING_BYTES = 0x7fff;
const TWO_POW_32 = 0x1_0000_0000;
/** `Number.MAX_SAFE_INTEGER + 1`: zigzag of numbers at or beyond 2^52 leaves the exact range of a double. */
const TWO_POW_52 = 2 ** 52;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Kafka's uuid text form: URL-safe base64 of 16 bytes, no padding (org.apache.kafka.common.Uuid#toString). */
const UUID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

function outOfRange(type: string, value: number): EncodeError {
  return new EncodeError(`${type} value ${value} is out of range`);
}

/** Number of bytes the unsigned varint encoding of `value` (0 .. 2^32-1) takes. */
export function unsignedVarintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** Options of a {@link Writer}. */
export interface WriterOptions {
  /**
   * Byte arrays of at least this many bytes given to {@link Writer.writeRaw} (and so to the
   * BYTES writers) are referred to, not copied: the message becomes a list of pieces, taken with
   * {@link Writer.finishPieces}, for a vectored socket write. A connection sets it so that a
   * Produce request does not copy its encoded record batches (a megabyte each, kept for
   * retries) into a new buffer: the copy and the fresh pages behind it cost more than the
   * Produce encoding itself. The arrays must not change until the message is written.
   * Default: never (every byte is copied).
   */
  readonly referenceFrom?: number;
}

/** Writes Kafka primitives big-endian into a growing buffer. */
export class Writer {
  private buf: Buffer;
  /** Where the open piece of the message starts in `buf` (earlier bytes belong to finished results or sealed pieces). */
  private start = 0;
  private pos = 0;
  private readonly initialCapacity: number;
  private readonly referenceFrom: number;
  /** Pieces of the current message before the open one (views of earlier slabs, referred arrays). */
  private pieces: Buffer[] | undefined;
  /** Bytes in {@link pieces}. */
  private sealed = 0;
  /** Open {@link beginSized} regions: their size is computed from one piece, so nothing is referred inside. */
  private sizedDepth = 0;

  /**
   * @param initialCapacity bytes allocated up front. When a message outgrows the buffer, the
   *   message moves to a new buffer at least twice its size (so growth is amortised).
   */
  constructor(initialCapacity = 1024, options: WriterOptions = {}) {
    this.initialCapacity = Math.max(16, initialCapacity);
    this.buf = Buffer.allocUnsafe(this.initialCapacity);
    this.referenceFrom = options.referenceFrom ?? Number.POSITIVE_INFINITY;
  }

  /** Bytes written so far for the current message (also the offset of the next byte). */
  get offset(): number {
    return this.sealed + this.pos - this.start;
  }

  /** Makes room for `n` more bytes; keeps offsets relative to the message start valid. */
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    // Size the new slab from the message being written, not from the old slab: doubling the old
    // slab each time finished results fill it would grow it without bound.
    let capacity = this.initialCapacity;
    while (capacity < 2 * (used + n)) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  /**
   * Returns the bytes of the current message as a view into the writer's buffer (no copy) and
   * starts a new message after them. The view stays valid: later writes never touch it. A
   * message made of pieces (see {@link WriterOptions.referenceFrom}) is copied into one buffer.
   */
  finish(): Buffer {
    const pieces = this.finishPieces();
    return Array.isArray(pieces) ? Buffer.concat(pieces, this.lastLength) : (pieces as Buffer);
  }

  private lengthOfLast = 0;

  /** Length in bytes of the message {@link finish} or {@link finishPieces} returned last. */
  get lastLength(): number {
    return this.lengthOfLast;
  }

  /**
   * Like {@link finish}, but a message with referred arrays comes as its pieces in order
   * (views of the writer's buffers and the arrays themselves), for a vectored write.
   */
  finishPieces(): Buffer | readonly Buffer[] {
    const open = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    const pieces = this.pieces;
    if (pieces === undefined) {
      this.lengthOfLast = open.length;
      return open;
    }
    if (open.length > 0) pieces.push(open);
    this.lengthOfLast = this.sealed + open.length;
    this.pieces = undefined;
    this.sealed = 0;
    return pieces;
  }

  /**
   * Drops everything written after `offset` (relative to the message start), e.g. to leave the
   * writer clean after an encoder refused a value half-way through a message. Within the open
   * piece, or back to 0.
   */
  rewind(offset: number): void {
    if (offset === 0 && this.pieces !== undefined) {
      this.pieces = undefined;
      this.sealed = 0;
      this.pos = this.start;
      this.sizedDepth = 0;
      return;
    }
    if (offset < this.sealed || offset > this.offset) {
      throw new EncodeError(`rewind(${offset}) is outside the ${this.offset} bytes written`);
    }
    this.pos = this.start + offset - this.sealed;
    if (offset === 0) this.sizedDepth = 0;
  }

  /** INT8. */
  writeInt8(value: number): void {
    if ((value << 24) >> 24 !== value) throw outOfRange('int8', value);
    this.ensure(1);
    this.buf[this.pos++] = value & 0xff;
  }

  /** BOOLEAN: one byte, 0 or 1. */
  writeBool(value: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
  }

  /** INT16, big-endian. */
  writeInt16(value: number): void {
    if ((value << 16) >> 16 !== value) throw outOfRange('int16', value);
    this.writeInt16Unchecked(value);
  }

  private writeInt16Unchecked(value: number): void {
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = (value >> 8) & 0xff;
    b[p + 1] = value & 0xff;
    this.pos = p + 2;
  }

  /** UINT16, big-endian. */
  writeUInt16(value: number): void {
    if ((value & 0xffff) !== value) throw outOfRange('uint16', value);
    this.writeInt16Unchecked(value);
  }

  /** INT32, big-endian. */
  writeInt32(value: number): void {
    if ((value | 0) !== value) throw outOfRange('int32', value);
    this.writeInt32Unchecked(value);
  }

  private writeInt32Unchecked(value: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = (value >>> 24) & 0xff;
    b[p + 1] = (value >>> 16) & 0xff;
    b[p + 2] = (value >>> 8) & 0xff;
    b[p + 3] = value & 0xff;
    this.pos = p + 4;
  }

  /** UINT32, big-endian. */
  writeUInt32(value: number): void {
    if (value >>> 0 !== value) throw outOfRange('uint32', value);
    this.writeInt32Unchecked(value);
  }

  /** Overwrites an INT32 at `offset` (relative to the message start), e.g. a size prefix reserved earlier. */
  setInt32At(offset: number, value: number): void {
    if (offset < 0 || offset + 4 > this.offset) {
      throw new EncodeError(`setInt32At(${offset}) is outside the ${this.offset} bytes written`);
    }
    if (offset >= this.sealed) {
      this.buf.writeInt32BE(value | 0, this.start + offset - this.sealed);
      return;
    }
    // In a sealed piece: one the writer wrote (an INT32 is written whole into one piece, and
    // referred arrays are never written to: nothing the writer reserved lies in them).
    let at = offset;
    for (const piece of this.pieces!) {
      if (at < piece.length) {
        if (at + 4 > piece.length) throw new EncodeError(`setInt32At(${offset}) spans two pieces`);
        piece.writeInt32BE(value | 0, at);
        return;
      }
      at -= piece.length;
    }
  }

  /** INT64, big-endian, from a bigint (the whole signed 64-bit range, no precision loss). */
  writeInt64(value: bigint): void {
    if (value < INT64_MIN || value > INT64_MAX) throw new EncodeError(`int64 value ${value} is out of range`);
    this.ensure(8);
    this.buf.writeBigInt64BE(value, this.pos);
    this.pos += 8;
  }

  /** FLOAT64: IEEE 754 double, big-endian. */
  writeFloat64(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(value, this.pos);
    this.pos += 8;
  }

  /** UUID: 16 bytes, given in Kafka's text form (URL-safe base64 without padding, 22 characters). */
  writeUuid(value: string): void {
    if (!UUID_PATTERN.test(value))
      throw new EncodeError(`'${value}' is not a Kafka uuid (22 URL-safe base64 characters)`);
    this.ensure(16);
    this.buf.write(value, this.pos, 16, 'base64url');
    this.pos += 16;
  }

  /** UNSIGNED_VARINT: 0 .. 2^32-1, 7 bits per byte, low bits first. */
  writeUnsignedVarint(value: number): void {
    if (value < 0x80 && value >= 0) {
      this.ensure(1);
      this.buf[this.pos++] = value;
      return;
    }
    if (!(value >= 0 && value < TWO_POW_32) || !Number.isInteger(value)) {
      throw new EncodeError(`unsigned varint value ${value} is out of range`);
    }
    this.ensure(5);
    const b = this.buf;
    let p = this.pos;
    let v = value;
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    b[p++] = v;
    this.pos = p;
  }

  /** VARINT: a signed 32-bit integer, zigzag then unsigned varint. */
  writeVarint(value: number): void {
    this.writeUnsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** VARLONG: a signed 64-bit integer, zigzag then up to 10 varint bytes. */
  writeVarlong(value: bigint): void {
    if (value < INT64_MIN || value > INT64_MAX)
      throw new EncodeError(`varlong value ${value} is out of range`);
    let z = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    while (z >= 0x80n) {
      b[p++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    b[p++] = Number(z);
    this.pos = p;
  }

  /**
   * VARLONG from a number: no BigInt while |value| < 2^52 (timestamps, offsets, deltas), the
   * bigint path beyond. Throws for a value that is not a safe integer (it would lose precision).
   */
  writeVarlongNumber(value: number): void {
    if (!Number.isSafeInteger(value)) throw new EncodeError(`varlong value ${value} is not a safe integer`);
    if (value >= TWO_POW_52 || value <= -TWO_POW_52) {
      this.writeVarlong(BigInt(value));
      return;
    }
    let z = value >= 0 ? value * 2 : -value * 2 - 1;
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    while (z >= 0x80) {
      b[p++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    b[p++] = z;
    this.pos = p;
  }

  /** STRING: INT16 length then UTF-8. */
  writeString(value: string): void {
    this.writeUtf8WithInt16Length(value);
  }

  /** NULLABLE_STRING: like STRING, length -1 for null. */
  writeNullableString(value: string | null): void {
    if (value === null) this.writeInt16(-1);
    else this.writeUtf8WithInt16Length(value);
  }

  /** COMPACT_STRING: UNSIGNED_VARINT length+1 then UTF-8. */
  writeCompactString(value: string): void {
    this.writeUtf8WithCompactLength(value);
  }

  /** COMPACT_NULLABLE_STRING: like COMPACT_STRING, 0 for null. */
  writeCompactNullableString(value: string | null): void {
    if (value === null) this.writeUnsignedVarint(0);
    else this.writeUtf8WithCompactLength(value);
  }

  private writeUtf8WithInt16Length(value: string): void {
    // UTF-8 never takes more than 3 bytes per UTF-16 code unit: reserve that, encode once, then
    // fill in the length.
    this.ensure(2 + value.length * 3);
    const p = this.pos;
    const n = value.length === 0 ? 0 : this.buf.write(value, p + 2, 'utf8');
    if (n > MAX_STRING_BYTES)
      throw new EncodeError(`string of ${n} UTF-8 bytes exceeds the ${MAX_STRING_BYTES} limit`);
    this.buf[p] = n >> 8;
    this.buf[p + 1] = n & 0xff;
    this.pos = p + 2 + n;
  }

  private writeUtf8WithCompactLength(value: string): void {
    // Fast path: 42 code units make at most 126 bytes, so length+1 fits one varint byte.
    if (value.length <= 42) {
      this.ensure(1 + value.length * 3);
      const p = this.pos;
      const n = value.length === 0 ? 0 : this.buf.write(value, p + 1, 'utf8');
      this.buf[p] = n + 1;
      this.pos = p + 1 + n;
      return;
    }
    const n = Buffer.byteLength(value, 'utf8');
    if (n > MAX_STRING_BYTES)
      throw new EncodeError(`string of ${n} UTF-8 bytes exceeds the ${MAX_STRING_BYTES} limit`);
    this.writeUnsignedVarint(n + 1);
    this.ensure(n);
    this.pos += this.buf.write(value, this.pos, n, 'utf8');
  }

  /** BYTES: INT32 length then the bytes. */
  writeBytes(value: Uint8Array): void {
    this.writeInt32(value.length);
    this.writeRaw(value);
  }

  /** NULLABLE_BYTES: like BYTES, length -1 for null. */
  writeNullableBytes(value: Uint8Array | null): void {
    if (value === null) this.writeInt32(-1);
    else this.writeBytes(value);
  }

  /** COMPACT_BYTES: UNSIGNED_VARINT length+1 then the bytes. */
  writeCompactBytes(value: Uint8Array): void {
    this.writeUnsignedVarint(value.length + 1);
    this.writeRaw(value);
  }

  /** COMPACT_NULLABLE_BYTES: like COMPACT_BYTES, 0 for null. */
  writeCompactNullableBytes(value: Uint8Array | null): void {
    if (value === null) this.writeUnsignedVarint(0);
    else this.writeCompactBytes(value);
  }

  /** ARRAY length: INT32 element count, -1 for a null array. */
  writeArrayLength(length: number): void {
    this.writeInt32(length);
  }

  /** COMPACT_ARRAY length: UNSIGNED_VARINT count+1, 0 for a null array (pass -1). */
  writeCompactArrayLength(length: number): void {
    this.writeUnsignedVarint(length + 1);
  }

  /** Bytes copied verbatim (e.g. a record batch already encoded). */
  writeRaw(value: Uint8Array): void {
    const n = value.length;
    if (n >= this.referenceFrom && this.sizedDepth === 0) {
      this.pieces ??= [];
      if (this.pos > this.start) {
        this.pieces.push(this.buf.subarray(this.start, this.pos));
        this.sealed += this.pos - this.start;
        this.start = this.pos;
      }
      this.pieces.push(Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, n));
      this.sealed += n;
      return;
    }
    this.ensure(n);
    this.buf.set(value, this.pos);
    this.pos += n;
  }

  /** A tagged-field section with no fields (the common case in flexible versions): one zero byte. */
  writeEmptyTaggedFields(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0;
  }

  /**
   * Starts a value whose UNSIGNED_VARINT byte size must precede it (a tagged field's payload):
   * reserves one byte and returns a mark for {@link endSized}.
   */
  beginSized(): number {
    this.ensure(1);
    const mark = this.offset;
    this.pos++;
    this.sizedDepth++;
    return mark;
  }

  /** Ends a value started with {@link beginSized}, writing its size in front of it. */
  endSized(mark: number): void {
    this.sizedDepth--;
    const at = this.start + mark - this.sealed;
    const size = this.pos - at - 1;
    if (size < 0x80) {
      this.buf[at] = size;
      return;
    }
    // Rare: the payload is 128 bytes or more, so the size needs more than the reserved byte.
    const extra = unsignedVarintSize(size) - 1;
    this.ensure(extra);
    const a = this.start + mark - this.sealed;
    this.buf.copyWithin(a + 1 + extra, a + 1, this.pos);
    const end = this.pos + extra;
    this.pos = a;
    this.writeUnsignedVarint(size);
    this.pos = end;
  }
}
