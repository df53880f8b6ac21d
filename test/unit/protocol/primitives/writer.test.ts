import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EncodeError } from '../../../../src/protocol/errors.js';
import { Reader } from '../../../../src/protocol/primitives/reader.js';
import { unsignedVarintSize, Writer } from '../../../../src/protocol/primitives/writer.js';

function bytes(write: (w: Writer) => void, capacity = 16): number[] {
  const w = new Writer(capacity);
  write(w);
  return [...w.finish()];
}

test('fixed-width integers are big-endian and accept their whole range', () => {
  assert.deepEqual(
    bytes((w) => {
      w.writeInt8(-128);
      w.writeInt16(-2);
      w.writeUInt16(0xfffe);
      w.writeInt32(-2147483648);
      w.writeUInt32(0xffffffff);
    }),
    [0x80, 0xff, 0xfe, 0xff, 0xfe, 0x80, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
  );
  assert.deepEqual(
    bytes((w) => w.writeInt64(-(2n ** 63n))),
    [0x80, 0, 0, 0, 0, 0, 0, 0],
  );
  assert.deepEqual(
    bytes((w) => w.writeInt64(2n ** 63n - 1n)),
    [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  );
});

test('out-of-range values are refused with EncodeError instead of being truncated', () => {
  const w = new Writer();
  assert.throws(() => w.writeInt8(128), EncodeError);
  assert.throws(() => w.writeInt16(32768), EncodeError);
  assert.throws(() => w.writeUInt16(-1), EncodeError);
  assert.throws(() => w.writeInt32(2 ** 31), EncodeError);
  assert.throws(() => w.writeInt32(1.5), EncodeError);
  assert.throws(() => w.writeUInt32(2 ** 32), EncodeError);
  assert.throws(() => w.writeInt64(2n ** 63n), EncodeError);
  assert.throws(() => w.writeUnsignedVarint(2 ** 32), EncodeError);
  assert.throws(() => w.writeUnsignedVarint(-1), EncodeError);
  assert.throws(() => w.writeVarlongNumber(2 ** 53), EncodeError);
  assert.equal(w.offset, 0);
});

test('varints match the protocol guide examples and zigzag', () => {
  assert.deepEqual(
    bytes((w) => w.writeUnsignedVarint(300)),
    [0xac, 0x02],
  );
  assert.deepEqual(
    bytes((w) => w.writeUnsignedVarint(0xffffffff)),
    [0xff, 0xff, 0xff, 0xff, 0x0f],
  );
  assert.deepEqual(
    bytes((w) => w.writeVarint(-1)),
    [0x01],
  );
  assert.deepEqual(
    bytes((w) => w.writeVarint(-2147483648)),
    [0xff, 0xff, 0xff, 0xff, 0x0f],
  );
  assert.deepEqual(
    bytes((w) => w.writeVarlong(-(2n ** 63n))),
    [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  );
  for (const n of [
    0,
    1,
    -1,
    63,
    -64,
    64,
    2 ** 31,
    -(2 ** 40),
    2 ** 52 - 1,
    -(2 ** 52),
    Number.MAX_SAFE_INTEGER,
  ]) {
    assert.deepEqual(
      bytes((w) => w.writeVarlongNumber(n)),
      bytes((w) => w.writeVarlong(BigInt(n))),
      `varlong ${n}`,
    );
  }
  for (const n of [0, 127, 128, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28, 2 ** 32 - 1]) {
    assert.equal(bytes((w) => w.writeUnsignedVarint(n)).length, unsignedVarintSize(n), `size ${n}`);
  }
});

test('strings are written as UTF-8 with the right length prefix, at every size', () => {
  assert.deepEqual(
    bytes((w) => w.writeString('hé')),
    [0, 3, 0x68, 0xc3, 0xa9],
  );
  assert.deepEqual(
    bytes((w) => w.writeCompactString('hé')),
    [4, 0x68, 0xc3, 0xa9],
  );
  assert.deepEqual(
    bytes((w) => w.writeNullableString(null)),
    [0xff, 0xff],
  );
  assert.deepEqual(
    bytes((w) => w.writeCompactNullableString(null)),
    [0],
  );
  for (const s of ['', 'a'.repeat(42), 'é'.repeat(42), 'a'.repeat(43), '€'.repeat(100), 'x'.repeat(32767)]) {
    const w = new Writer(8);
    w.writeCompactString(s);
    w.writeString(s);
    const r = new Reader(w.finish());
    assert.equal(r.readCompactString(), s);
    assert.equal(r.readString(), s);
    assert.equal(r.remaining, 0);
  }
});

test('strings longer than 32767 UTF-8 bytes are refused', () => {
  const w = new Writer();
  assert.throws(() => w.writeString('x'.repeat(32768)), EncodeError);
  assert.throws(() => w.writeCompactString('é'.repeat(16384)), EncodeError);
  assert.throws(() => w.writeString('é'.repeat(16384)), EncodeError);
  assert.equal(w.offset, 0);
});

test('uuids are written from their Kafka text form and refused when malformed', () => {
  assert.deepEqual(
    bytes((w) => w.writeUuid('AAAAAAAAAAAAAAAAAAAAAQ')),
    [...new Array(15).fill(0), 1],
  );
  const w = new Writer();
  for (const bad of [
    '',
    'AAAAAAAAAAAAAAAAAAAAAB',
    'AAAAAAAAAAAAAAAAAAAAA',
    'AAAAAAAAAAAAAAAAAAAA+A',
    '00000000-0000-0000',
  ]) {
    assert.throws(() => w.writeUuid(bad), EncodeError, bad);
  }
});

test('finish() returns views that later writes never overwrite, across growth', () => {
  const w = new Writer(16);
  w.writeInt32(1);
  const first = w.finish();
  for (let i = 0; i < 100; i++) w.writeInt32(i);
  const second = w.finish();
  w.writeInt32(7);
  const third = w.finish();
  assert.deepEqual([...first], [0, 0, 0, 1]);
  assert.equal(second.length, 400);
  assert.equal(second.readInt32BE(396), 99);
  assert.deepEqual([...third], [0, 0, 0, 7]);
});

test('sized values get their varint size in front, also past 127 bytes', () => {
  for (const n of [0, 1, 127, 128, 300, 20000]) {
    const w = new Writer(4);
    w.writeInt8(9);
    const mark = w.beginSized();
    w.writeRaw(new Uint8Array(n).fill(5));
    w.endSized(mark);
    w.writeInt8(8);
    const r = new Reader(w.finish());
    assert.equal(r.readInt8(), 9);
    assert.equal(r.readUnsignedVarint(), n);
    assert.deepEqual(r.readRaw(n), Buffer.alloc(n, 5));
    assert.equal(r.readInt8(), 8);
    assert.equal(r.remaining, 0);
  }
});

test('setInt32At patches a reserved size prefix and refuses offsets outside the message', () => {
  const w = new Writer(4);
  w.writeInt32(0);
  w.writeString('hello');
  w.setInt32At(0, w.offset - 4);
  assert.throws(() => w.setInt32At(8, 1), EncodeError);
  const out = w.finish();
  assert.equal(out.readInt32BE(0), out.length - 4);
});

test('many finished messages do not make the buffer grow without bound', () => {
  // Sizes above Node's pool threshold (half of Buffer.poolSize: 4 KiB before Node 26, 32 KiB
  // since), so each slab has its own ArrayBuffer and its size is the writer's own choice.
  const initial = 2 * Buffer.poolSize;
  const w = new Writer(initial);
  const chunk = new Uint8Array(Math.floor(initial * 0.6));
  let largestBacking = 0;
  for (let i = 0; i < 1000; i++) {
    w.writeRaw(chunk);
    largestBacking = Math.max(largestBacking, w.finish().buffer.byteLength);
  }
  assert.ok(
    largestBacking <= 2 * initial,
    `a ${largestBacking}-byte buffer for ${chunk.length}-byte messages`,
  );
});

test('referenceFrom: large byte arrays are referred to, not copied, and the pieces read as the copied message', () => {
  const big = Buffer.alloc(40, 7);
  const small = Buffer.from([1, 2, 3]);
  const write = (w: Writer) => {
    w.writeInt32(0); // a size prefix, patched at the end like a connection's frame
    w.writeBytes(big);
    w.writeInt16(-2);
    w.writeCompactBytes(small);
    w.writeCompactBytes(big);
    const mark = w.beginSized();
    w.writeRaw(big); // inside a sized value: copied, so the size in front stays right
    w.endSized(mark);
    w.setInt32At(0, w.offset - 4);
  };
  const copied = new Writer(16);
  write(copied);
  const expected = copied.finish();
  const referring = new Writer(16, { referenceFrom: 32 });
  write(referring);
  const pieces = referring.finishPieces();
  assert.ok(Array.isArray(pieces), 'a message with large arrays comes in pieces');
  assert.equal(pieces.filter((p) => p === big).length, 2, 'the arrays themselves, not copies');
  assert.deepEqual(Buffer.concat(pieces), expected);
  assert.equal(referring.lastLength, expected.length);
  // The next message starts clean; finish() copies pieces into one buffer.
  write(referring);
  assert.deepEqual(referring.finish(), expected);
  referring.writeRaw(small);
  assert.deepEqual(referring.finishPieces(), small, 'no large array: one view, as finish() gives');
});

test('referenceFrom: rewind(0) drops the pieces; a rewind into a sealed piece is refused', () => {
  const big = Buffer.alloc(64, 1);
  const w = new Writer(16, { referenceFrom: 32 });
  w.writeInt32(5);
  w.writeRaw(big);
  w.writeInt8(1);
  assert.throws(() => w.rewind(2), EncodeError);
  w.rewind(0);
  assert.equal(w.offset, 0);
  w.writeInt8(9);
  assert.deepEqual(w.finishPieces(), Buffer.from([9]));
});
