import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../../../src/protocol/errors.js';
import { Reader } from '../../../../src/protocol/primitives/reader.js';
import { Writer } from '../../../../src/protocol/primitives/writer.js';

function reader(...b: number[]): Reader {
  return new Reader(Uint8Array.from(b));
}

function throwsAt(fn: () => unknown, offset: number): void {
  assert.throws(fn, (e: unknown) => e instanceof DecodeError && e.offset === offset);
}

test('fixed-width integers decode their boundary values', () => {
  const r = reader(
    0x80,
    0x80,
    0x00,
    0xff,
    0xff,
    0x80,
    0,
    0,
    0,
    0xff,
    0xff,
    0xff,
    0xff,
    0x7f,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
  );
  assert.equal(r.readInt8(), -128);
  assert.equal(r.readInt16(), -32768);
  assert.equal(r.readUInt16(), 0xffff);
  assert.equal(r.readInt32(), -2147483648);
  assert.equal(r.readUInt32(), 0xffffffff);
  assert.equal(r.readInt64(), 2n ** 63n - 1n);
  assert.equal(r.remaining, 0);
});

test('reads from a Uint8Array view honour its byteOffset and the end bound', () => {
  const backing = Uint8Array.from([9, 9, 0, 0, 0, 5, 9]);
  const r = new Reader(backing.subarray(2, 6));
  assert.equal(r.readInt32(), 5);
  throwsAt(() => r.readInt8(), 4);
  const windowed = new Reader(backing, 0, 2);
  assert.equal(windowed.readInt16(), 0x0909);
  throwsAt(() => windowed.readInt8(), 2);
});

test('every truncated primitive is a DecodeError carrying an offset', () => {
  throwsAt(() => reader(1).readInt16(), 0);
  throwsAt(() => reader(1, 2, 3).readInt32(), 0);
  throwsAt(() => reader(1, 2, 3, 4, 5, 6, 7).readInt64(), 0);
  throwsAt(() => reader(1, 2, 3, 4, 5, 6, 7).readFloat64(), 0);
  throwsAt(() => reader(...new Array(15).fill(0)).readUuid(), 0);
  throwsAt(() => reader(0x80).readUnsignedVarint(), 1);
  throwsAt(() => reader(0x80, 0x80).readVarlong(), 2);
  throwsAt(() => reader(0x80, 0x80).readVarlongNumber(), 2);
  throwsAt(() => reader().readBool(), 0);
});

test('varints: limits, overlong encodings and 32/64-bit overflow', () => {
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).readUnsignedVarint(), 0xffffffff);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x1f).readUnsignedVarint(), 0);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readUnsignedVarint(), 0);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).readVarint(), -2147483648);
  assert.equal(reader(0xfe, 0xff, 0xff, 0xff, 0x0f).readVarint(), 2147483647);
  assert.equal(
    reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readVarlong(),
    -(2n ** 63n),
  );
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02).readVarlong(), 0);
  throwsAt(() => reader(...new Array(10).fill(0x80), 0).readVarlong(), 0);
});

test('readVarlongNumber agrees with readVarlong in the safe range and refuses beyond it', () => {
  for (const n of [
    0,
    -1,
    1,
    2 ** 31,
    -(2 ** 47),
    2 ** 48,
    2 ** 52 + 3,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
  ]) {
    const w = new Writer();
    w.writeVarlong(BigInt(n));
    const encoded = w.finish();
    assert.equal(new Reader(encoded).readVarlongNumber(), n, `number ${n}`);
    assert.equal(new Reader(encoded).readVarlong(), BigInt(n), `bigint ${n}`);
  }
  const w = new Writer();
  w.writeVarlong(2n ** 53n);
  throwsAt(() => new Reader(w.finish()).readVarlongNumber(), 0);
});

test('hostile string and bytes lengths are refused before reading', () => {
  throwsAt(() => reader(0x7f, 0xff, 0x61).readString(), 2);
  throwsAt(() => reader(0xff, 0xfe).readNullableString(), 0);
  throwsAt(() => reader(0xff, 0xff).readString(), 0);
  assert.equal(reader(0xff, 0xff).readNullableString(), null);
  throwsAt(() => reader(0).readCompactString(), 0);
  assert.equal(reader(0).readCompactNullableString(), null);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).readCompactNullableString(), 5);
  throwsAt(() => reader(0x7f, 0xff, 0xff, 0xff, 1).readBytes(), 4);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xfe).readNullableBytes(), 0);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xff).readBytes(), 0);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff).readNullableBytes(), null);
  throwsAt(() => reader(0).readCompactBytes(), 0);
});

test('bytes are views into the input, not copies', () => {
  const input = Buffer.from([0, 0, 0, 2, 7, 8]);
  const b = new Reader(input).readBytes();
  input[4] = 1;
  assert.deepEqual([...b], [1, 8]);
});

test('array lengths are checked against the bytes left before any allocation', () => {
  assert.equal(reader(0xff, 0xff, 0xff, 0xff).readArrayLength(), -1);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xfe).readArrayLength(), 0);
  throwsAt(() => reader(0x7f, 0xff, 0xff, 0xff).readArrayLength(), 0);
  assert.equal(reader(0, 0, 0, 2, 1, 2).readArrayLength(), 2);
  throwsAt(() => reader(0, 0, 0, 2, 1, 2).readArrayLength(4), 0);
  assert.equal(reader(0).readCompactArrayLength(), -1);
  assert.equal(reader(3, 1, 2).readCompactArrayLength(), 2);
  throwsAt(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).readCompactArrayLength(), 0);
});

test('uuids decode to Kafka text form and round-trip', () => {
  const r = reader(...new Array(15).fill(0), 1);
  assert.equal(r.readUuid(), 'AAAAAAAAAAAAAAAAAAAAAQ');
  const id = 'nGqcsJ5rTgmuV-_dZLiOvw';
  const w = new Writer();
  w.writeUuid(id);
  assert.equal(new Reader(w.finish()).readUuid(), id);
});

test('a read window outside the input is refused', () => {
  assert.throws(() => new Reader(new Uint8Array(4), 0, 5), DecodeError);
  assert.throws(() => new Reader(new Uint8Array(4), 3, 2), DecodeError);
});
