import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGeneratedSpecs } from '../../../../codegen/generate.js';
import { findSpecSource } from '../../../../codegen/spec-source.js';
import { checkDecode, fuzz, fuzzTargets } from '../../../support/message-fuzzer.js';

const source = findSpecSource({ allowFallback: false });
const specs = source === undefined ? [] : loadGeneratedSpecs(source.dir, source.legacyDir);

test('mutated and random bytes only ever produce a DecodeError, for every response and header version', () => {
  const targets = fuzzTargets(specs, (name) => name.endsWith('Response') || name.endsWith('Header'));
  assert.ok(targets.length > 250, `${targets.length} targets`);
  const { failures, runs } = fuzz(targets, 40, 0x6b616665);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failures in ${runs} decodes`);
});

test('the fuzz check itself flags an error that is not a DecodeError', () => {
  const [target] = fuzzTargets([], (name) => name === 'FetchResponse');
  assert.ok(target !== undefined);
  const broken = {
    ...target,
    codec: {
      ...target.codec,
      decode: () => {
        throw new RangeError('boom');
      },
    },
  };
  assert.match(checkDecode(broken, Buffer.alloc(4)) ?? '', /RangeError: boom/);
  assert.equal(checkDecode(target, Buffer.alloc(0)), undefined);
});
