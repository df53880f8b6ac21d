import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CompressionType, loadCodec } from '../../../../src/protocol/compression/index.js';
import { fuzz } from './fuzz.js';

describe('fuzzed records and codecs', () => {
  before(() => loadCodec(CompressionType.zstd));

  it('only ever raise DecodeError on mutated input (bounded run; scripts/fuzz-records.ts runs longer)', {
    timeout: 60_000,
  }, () => {
    const report = fuzz(200, 20_261_125);
    assert.deepEqual(
      report.failures.map((f) => `${f.target}: ${String(f.error)} <- ${f.input}`),
      [],
    );
    assert.ok(report.rejected > 0 && report.decoded > 0, 'mutations reach both outcomes');
  });
});
