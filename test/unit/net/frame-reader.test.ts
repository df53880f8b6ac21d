import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FrameSizeViolation } from '../../../src/net/frame-decoder.js';
import { FrameReader } from '../../../src/net/frame-reader.js';
import { seeded } from '../../support/seeded-random.js';

/** A frame of `size` bytes whose content says which frame and byte it is. */
function body(index: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (index * 31 + i * 7) & 0xff;
  return b;
}

function wire(bodies: readonly Buffer[]): Buffer {
  return Buffer.concat(
    bodies.flatMap((b) => {
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(b.length, 0);
      return [prefix, b];
    }),
  );
}

interface Run {
  frames: Buffer[];
  violations: FrameSizeViolation[];
  /** The buffers each read went into, as the socket would have written them. */
  targets: Uint8Array[];
}

/** Feeds `stream` as a socket with `onread` would: reads of at most `readSize()` bytes into each buffer the reader asks for. */
function feed(stream: Buffer, readSize: () => number, maxFrameSize = 64 * 1024 * 1024): Run {
  const run: Run = { frames: [], violations: [], targets: [] };
  const reader = new FrameReader(
    maxFrameSize,
    (f) => run.frames.push(f),
    (v) => run.violations.push(v),
  );
  let pos = 0;
  while (pos < stream.length) {
    const target = reader.nextBuffer();
    assert.ok(target.length > 0, 'the reader offers room for the next read');
    const n = Math.min(target.length, readSize(), stream.length - pos);
    stream.copy(target, 0, pos, pos + n);
    run.targets.push(target);
    pos += n;
    if (!reader.received(n)) break;
  }
  return run;
}

describe('FrameReader', () => {
  it('hands out every frame whole and in order, for frames of 4 B to 1 MB and reads of any size', () => {
    const random = seeded(17);
    const sizes = [
      4,
      9,
      100,
      1000,
      8191,
      20_000,
      32 * 1024 - 1,
      32 * 1024,
      32 * 1024 + 5,
      70_000,
      200_000,
      1 << 20,
    ];
    for (let round = 0; round < 6; round++) {
      const bodies = Array.from({ length: 40 }, (_, i) =>
        body(i, sizes[Math.floor(random() * sizes.length)] as number),
      );
      const maxRead = [1, 7, 4096, 65_536, 300_000, 2 << 20][round] as number;
      const run = feed(wire(bodies), () => 1 + Math.floor(random() * maxRead));
      assert.equal(run.violations.length, 0);
      assert.equal(run.frames.length, bodies.length, `round ${round}`);
      // Checked after the last read: a frame handed out early was never written over.
      for (let i = 0; i < bodies.length; i++)
        assert.ok(run.frames[i]!.equals(bodies[i]!), `round ${round}, frame ${i} of ${bodies[i]!.length} B`);
    }
  });

  it('reads the rest of a large frame straight into a buffer of its size', () => {
    const big = body(1, 500_000);
    const run = feed(wire([body(0, 10), big, body(2, 10)]), () => 65_536);
    assert.equal(run.frames.length, 3);
    const frame = run.frames[1]!;
    assert.ok(frame.equals(big));
    assert.equal(frame.buffer.byteLength, big.length, 'a buffer of its own, exactly the frame');
    // All but the first read of it went into the frame's own memory, not a chunk to copy from.
    const inPlace = run.targets.filter((t) => t.buffer === frame.buffer).length;
    assert.ok(inPlace >= Math.floor(big.length / 65_536) - 1, `${inPlace} reads in place`);
  });

  it('keeps small frames as views of its chunk, and a new chunk once one was handed out', () => {
    const run = feed(wire(Array.from({ length: 3000 }, (_, i) => body(i, 50))), () => 65_536);
    assert.equal(run.frames.length, 3000);
    assert.ok(run.frames[0]!.buffer.byteLength >= 64 * 1024, 'a view of a chunk');
    assert.notEqual(run.frames[0]!.buffer, run.frames[2999]!.buffer, 'the full chunk was left to its frames');
    for (let i = 0; i < 3000; i++) assert.ok(run.frames[i]!.equals(body(i, 50)), `frame ${i}`);
  });

  it('reports a size above the limit or below the minimum, and stops reading', () => {
    const giant = Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4]);
    const run = feed(Buffer.concat([wire([body(0, 8)]), giant, wire([body(1, 8)])]), () => 1000, 1000);
    assert.deepEqual(run.violations, [{ size: 0x7fffffff }]);
    assert.equal(run.frames.length, 1);
    const small = feed(Buffer.from([0, 0, 0, 2, 9, 9, 0, 0, 0, 4, 1, 2, 3, 4]), () => 3);
    assert.deepEqual(small.violations, [{ size: 2 }]);
    assert.equal(small.frames.length, 0);
  });
});
