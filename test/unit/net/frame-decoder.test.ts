import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameDecoder } from '../../../src/net/frame-decoder.js';

function frame(payload: string): Buffer {
  const body = Buffer.from(payload);
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

describe('FrameDecoder', () => {
  it('hands out frames inside one chunk as views of it', () => {
    const chunk = Buffer.concat([frame('abcd'), frame('efghij')]);
    const frames: Buffer[] = [];
    assert.equal(
      new FrameDecoder(100).push(chunk, (f) => frames.push(f)),
      undefined,
    );
    assert.deepEqual(frames.map(String), ['abcd', 'efghij']);
    assert.equal(frames[0]!.buffer, chunk.buffer);
  });

  it('assembles frames split at every byte position', () => {
    const stream = Buffer.concat([frame('hello world'), frame('four'), frame('12345678')]);
    for (let cut = 1; cut < stream.length; cut++) {
      const frames: string[] = [];
      const d = new FrameDecoder(100);
      d.push(stream.subarray(0, cut), (f) => frames.push(String(f)));
      d.push(stream.subarray(cut), (f) => frames.push(String(f)));
      assert.deepEqual(frames, ['hello world', 'four', '12345678'], `cut at ${cut}`);
      assert.equal(d.pending, 0);
    }
  });

  it('reports a size above the limit or below the minimum before buffering anything', () => {
    const giant = Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2]);
    assert.deepEqual(
      new FrameDecoder(1000).push(giant, () => assert.fail('no frame')),
      { size: 0x7fffffff },
    );
    const d = new FrameDecoder(1000);
    assert.equal(
      d.push(Buffer.from([0, 0]), () => {}),
      undefined,
    );
    assert.deepEqual(
      d.push(Buffer.from([0, 2, 0, 0]), () => {}),
      { size: 2 },
    );
  });
});
