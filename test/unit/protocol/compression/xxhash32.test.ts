import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xxhash32 } from '../../../../src/protocol/compression/xxhash32.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('xxhash32', () => {
  it('matches reference vectors (xxhsum -H32)', () => {
    assert.equal(xxhash32(new Uint8Array(0)), 0x02cc5d05);
    assert.equal(xxhash32(ascii('a')), 0x550d7456);
    assert.equal(xxhash32(ascii('abc')), 0x32d153ff);
    assert.equal(xxhash32(ascii('Nobody inspects the spammish repetition')), 0xe2293b2f);
  });

  it('uses the seed and the range', () => {
    const data = ascii('xxabcxx');
    assert.equal(xxhash32(data, 2, 5), 0x32d153ff);
    assert.notEqual(xxhash32(ascii('abc'), 0, 3, 1), 0x32d153ff);
  });
});
