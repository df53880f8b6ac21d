import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { skippedTests, unexpectedSkips } from '../../../scripts/tap-skips.js';
import { type ExpectedSkip, expectedSkips } from '../../expected-skips.js';

const zlibZstd = () => (zlib as { zstdCompressSync?: unknown }).zstdCompressSync;

// What node's TAP reporter writes for a skip with a reason, a todo in a suite whose name holds
// an escaped "#", a subtest skipped without a reason, and a plain pass.
const report = `TAP version 13
# Subtest: a
ok 1 - a # SKIP why not
  ---
  duration_ms: 0.5
  ...
# Subtest: suite
    # Subtest: c \\# weird
    ok 1 - c \\# weird # TODO
    # Subtest: inner
    ok 2 - inner # SKIP
ok 2 - suite
ok 3 - passes
not ok 4 - fails # SKIP skipped yet failing
`;

describe('skippedTests', () => {
  it('reads every SKIP and TODO line, nested or not, with names unescaped', () => {
    assert.deepEqual(skippedTests(report), [
      { name: 'a', directive: 'SKIP', reason: 'why not' },
      { name: 'c # weird', directive: 'TODO', reason: '' },
      { name: 'inner', directive: 'SKIP', reason: '' },
      { name: 'fails', directive: 'SKIP', reason: 'skipped yet failing' },
    ]);
  });
});

describe('unexpectedSkips', () => {
  const entry = (name: string, expected: boolean): ExpectedSkip => ({
    name,
    reason: 'r',
    expected: () => expected,
  });
  const on = (nodeVersion: string) => skippedTests(report).map((s) => ({ ...s, nodeVersion }));

  it('accepts only listed names whose condition holds for the Node version they ran on', () => {
    const unexpected = unexpectedSkips(on('20.20.2'), [entry('a', true), entry('inner', false)]);
    assert.deepEqual(
      unexpected.map((s) => s.name),
      ['c # weird', 'inner', 'fails'],
    );
  });

  it('accepts nothing with an empty list', () => {
    assert.equal(unexpectedSkips(on('20.20.2'), []).length, 4);
  });
});

describe('the expected zstd skip', () => {
  const zstd = expectedSkips.find((e) => e.name.startsWith('WASM and native node:zlib'));

  it('is expected where node:zlib has no zstd (before 22.15, 23.0-23.7), not where it has', () => {
    assert.ok(zstd);
    const expectedOn = ['20.20.2', '22.14.0', '23.7.0'];
    const notOn = ['22.15.0', '23.8.0', '24.0.0', '26.12.1'];
    assert.deepEqual(
      [...expectedOn, ...notOn].map((v) => zstd.expected(v)),
      [true, true, true, false, false, false, false],
    );
    // The running Node agrees with the rule.
    assert.equal(zstd.expected(process.version.slice(1)), typeof zlibZstd() !== 'function');
  });
});
