/**
 * Decoder for the Kafka primitive types ("Protocol Primitive Types" in docs/protocol.html),
 * reading by offset from the received bytes without copying them.
 *
 * Everything read here comes from the network, so every read is bound-checked and every
 * announced length is checked against what is left *before* anything is allocated: an array of
 * N elements needs at least N bytes (the check Java's generated `read` methods make), a string
 * or byte array of N bytes needs N bytes. Malformed input can therefore only ever produce a
 * {@link DecodeError} carrying the byte offset, never a RangeError, a hang or a huge allocation.
 *
 * Byte arrays (`bytes`, `records`) are returned as views into the input: they stay valid as
 * long as the caller does not reuse the input buffer.
 */
import { DecodeError } from '../errors.js';

const TWO_POW_32 = 0x1_0000_0000;

/** Reads Kafka primitives, big-endian, from a Buffer or Uint8Array. */
export class Reader {
  /** The input, as a Buffer view over the same memory. */
  readonly buf: Buffer;
  /** Offset of the next byte to read (absolute, in {@link buf}). */
  offset: number;
  /** Offset just past the last readable byte. */
  readonly end: number;

  /**
   * @param data the input; not copied.
   * @param offset where to start reading.
   * @param end where the readable input stops (defaults to the end of `data`).
   */
  constructor(data: Uint8Array, offset = 0, end = data.length) {
    this.buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (!(offset >= 0 && offset <= end && end <= data.length)) {
      throw new DecodeError(`invalid read window ${offset}..${end} over ${data.length} bytes`, offset);
    }
    this.offset = offset;
    this.end = end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.offset;
  }

  /** A {@link DecodeError} at the current offset, for callers that find a value invalid. */
  error(message: string): DecodeError {
    return new DecodeError(message, this.offset);
  }

  private need(n: number): void {
    if (this.end - this.offset < n) {
      throw new DecodeError(`needed ${n} bytes but only ${this.end - this.offset} remain`, this.offset);
    }
  }

  /** INT8. */
  readInt8(): number {
    this.need(1);
    return (this.buf[this.offset++]! << 24) >> 24;
  }

  /** BOOLEAN: any non-zero byte is true (as in Java's `readByte() != 0`). */
  readBool(): boolean {
    this.need(1);
    return this.buf[this.offset++] !== 0;
  }

  /** INT16, big-endian. */
  readInt16(): number {
    this.need(2);
    const b = this.buf;
    const p = this.offset;
    this.offset = p + 2;
    return ((b[p]! << 24) >> 16) | b[p + 1]!;
  }

  /** UINT16, big-endian. */
  readUInt16(): number {
    this.need(2);
    const b = this.buf;
    const p = this.offset;
    this.offset = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  /** INT32, big-endian. */
  readInt32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.offset;
    this.offset = p + 4;
    return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
  }

  /** UINT32, big-endian. */
  readUInt32(): number {
    return this.readInt32() >>> 0;
  }

  /** INT64, big-endian, as a bigint (the whole range, no precision loss). */
  readInt64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  /** FLOAT64: IEEE 754 double, big-endian. */
  readFloat64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  /** UUID: 16 bytes, returned in Kafka's text form (URL-safe base64, no padding, as Uuid#toString). */
  readUuid(): string {
    this.need(16);
    const p = this.offset;
    this.offset = p + 16;
    return this.buf.toString('base64url', p, p + 16);
  }

  /**
   * UNSIGNED_VARINT: at most 5 bytes, 0 .. 2^32-1. A longer encoding or a value beyond 32 bits is
   * refused (Java's ByteUtils.readUnsignedVarint refuses the first, wraps the second).
   */
  readUnsignedVarint(): number {
    const b = this.buf;
    let p = this.offset;
    const end = this.end;
    if (p < end) {
      const first = b[p]!;
      if (first < 0x80) {
        this.offset = p + 1;
        return first;
      }
    }
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 5; i++) {
      if (p >= end) throw new DecodeError('truncated varint', p);
      const byte = b[p++]!;
      value += (byte & 0x7f) * factor;
      if (byte < 0x80) {
        if (value >= TWO_POW_32) throw new DecodeError('unsigned varint exceeds 32 bits', this.offset);
        this.offset = p;
        return value;
      }
      factor *= 128;
    }
    throw new DecodeError('varint is longer than 5 bytes', this.offset);
  }

  /** VARINT: zigzag-encoded signed 32-bit integer. */
  readVarint(): number {
    const z = this.readUnsignedVarint();
    return (z >>> 1) ^ -(z & 1);
  }

  /** VARLONG: zigzag-encoded signed 64-bit integer, as a bigint. At most 10 bytes. */
  readVarlong(): bigint {
    const b = this.buf;
    let p = this.offset;
    const end = this.end;
    let z = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (p >= end) throw new DecodeError('truncated varlong', p);
      const byte = b[p++]!;
      z |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        if (z >= 1n << 64n) throw new DecodeError('varlong exceeds 64 bits', this.offset);
        this.offset = p;
        return (z >> 1n) ^ -(z & 1n);
      }
      shift += 7n;
    }
    throw new DecodeError('varlong is longer than 10 bytes', this.offset);
  }

  /**
   * VARLONG as a number: no BigInt for values that fit 7 bytes (|v| < 2^48, e.g. record deltas
   * and timestamps); beyond that the bigint path, and a {@link DecodeError} if the value is not a
   * safe integer (it would lose precision silently otherwise).
   */
  readVarlongNumber(): number {
    const b = this.buf;
    let p = this.offset;
    const end = this.end;
    let z = 0;
    let factor = 1;
    for (let i = 0; i < 7; i++) {
      if (p >= end) throw new DecodeError('truncated varlong', p);
      const byte = b[p++]!;
      z += (byte & 0x7f) * factor;
      if (byte < 0x80) {
        this.offset = p;
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      factor *= 128;
    }
    const start = this.offset;
    const v = this.readVarlong();
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new DecodeError(`varlong ${v} is beyond the safe integer range of a number`, start);
    }
    return Number(v);
  }

  /** `n` raw bytes as a view into the input (no copy). */
  readRaw(n: number): Buffer {
    if (!(n >= 0)) throw new DecodeError(`invalid length ${n}`, this.offset);
    this.need(n);
    const p = this.offset;
    this.offset = p + n;
    return this.buf.subarray(p, p + n);
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  private utf8(n: number): string {
    this.need(n);
    const p = this.offset;
    this.offset = p + n;
    return n === 0 ? '' : this.buf.toString('utf8', p, p + n);
  }

  /** STRING: INT16 length then UTF-8. A null (length -1) is refused. */
  readString(): string {
    const n = this.readInt16();
    if (n < 0) throw new DecodeError(`non-nullable string has length ${n}`, this.offset - 2);
    return this.utf8(n);
  }

  /** NULLABLE_STRING: INT16 length (-1 for null) then UTF-8. */
  readNullableString(): string | null {
    const n = this.readInt16();
    if (n === -1) return null;
    if (n < 0) throw new DecodeError(`invalid string length ${n}`, this.offset - 2);
    return this.utf8(n);
  }

  /** COMPACT_STRING: UNSIGNED_VARINT length+1 then UTF-8. A null (0) is refused. */
  readCompactString(): string {
    const start = this.offset;
    const n = this.readUnsignedVarint() - 1;
    if (n < 0) throw new DecodeError('non-nullable compact string is null', start);
    return this.utf8(n);
  }

  /** COMPACT_NULLABLE_STRING: UNSIGNED_VARINT length+1 (0 for null) then UTF-8. */
  readCompactNullableString(): string | null {
    const n = this.readUnsignedVarint() - 1;
    return n < 0 ? null : this.utf8(n);
  }

  /** BYTES: INT32 length then the bytes (a view, no copy). A null (-1) is refused. */
  readBytes(): Buffer {
    const n = this.readInt32();
    if (n < 0) throw new DecodeError(`non-nullable bytes have length ${n}`, this.offset - 4);
    return this.readRaw(n);
  }

  /** NULLABLE_BYTES: INT32 length (-1 for null) then the bytes. */
  readNullableBytes(): Buffer | null {
    const n = this.readInt32();
    if (n === -1) return null;
    if (n < 0) throw new DecodeError(`invalid bytes length ${n}`, this.offset - 4);
    return this.readRaw(n);
  }

  /** COMPACT_BYTES: UNSIGNED_VARINT length+1 then the bytes. A null (0) is refused. */
  readCompactBytes(): Buffer {
    const start = this.offset;
    const n = this.readUnsignedVarint() - 1;
    if (n < 0) throw new DecodeError('non-nullable compact bytes are null', start);
    return this.readRaw(n);
  }

  /** COMPACT_NULLABLE_BYTES: UNSIGNED_VARINT length+1 (0 for null) then the bytes. */
  readCompactNullableBytes(): Buffer | null {
    const n = this.readUnsignedVarint() - 1;
    return n < 0 ? null : this.readRaw(n);
  }

  /**
   * ARRAY length: INT32 count, -1 for null (returned as -1). The count is checked against the
   * bytes left, assuming each element takes at least `minElementSize` bytes.
   */
  readArrayLength(minElementSize = 1): number {
    const n = this.readInt32();
    if (n === -1) return -1;
    if (n < 0) throw new DecodeError(`invalid array length ${n}`, this.offset - 4);
    this.checkCount(n, minElementSize, 4);
    return n;
  }

  /** COMPACT_ARRAY length: UNSIGNED_VARINT count+1, 0 for null (returned as -1). Checked like {@link readArrayLength}. */
  readCompactArrayLength(minElementSize = 1): number {
    const start = this.offset;
    const n = this.readUnsignedVarint() - 1;
    if (n < 0) return -1;
    this.checkCount(n, minElementSize, this.offset - start);
    return n;
  }

  private checkCount(n: number, minElementSize: number, prefix: number): void {
    if (n * minElementSize > this.end - this.offset) {
      throw new DecodeError(
        `array of ${n} elements cannot fit in the ${this.end - this.offset} bytes left`,
        this.offset - prefix,
      );
    }
  }
}
