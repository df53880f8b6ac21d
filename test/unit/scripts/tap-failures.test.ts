import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedTests } from '../../../scripts/tap-failures.js';

// What node's TAP reporter writes for a failed assertion at top level, a failed subtest inside a
// suite (which then fails with 'subtestsFailed'), a skipped failure and a pass.
const report = `TAP version 13
# Subtest: fails \\# once
not ok 1 - fails \\# once
  ---
  duration_ms: 3.7
  failureType: 'testCodeFailure'
  error: |-
    result: {"missing":["r1"]}
    + actual - expected
  code: 'ERR_ASSERTION'
  ...
# Subtest: suite
    # Subtest: child
    not ok 1 - child
      ---
      failureType: 'testCodeFailure'
      error: 'boom'
      ...
    1..1
not ok 2 - suite
  ---
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
not ok 3 - skipped # SKIP not here
ok 4 - passes
`;

describe('failedTests', () => {
  it('reads each failure with its diagnostics, nested or not, not the suites failing through them', () => {
    assert.deepEqual(failedTests(report), [
      {
        name: 'fails # once',
        details: [
          'duration_ms: 3.7',
          "failureType: 'testCodeFailure'",
          'error: |-',
          '  result: {"missing":["r1"]}',
          '  + actual - expected',
          "code: 'ERR_ASSERTION'",
        ],
      },
      { name: 'child', details: ["failureType: 'testCodeFailure'", "error: 'boom'"] },
    ]);
  });

  it('cuts long diagnostics and says how many lines it left out', () => {
    const [first] = failedTests(report, 2);
    assert.deepEqual(first?.details, [
      'duration_ms: 3.7',
      "failureType: 'testCodeFailure'",
      '... 4 more line(s)',
    ]);
  });

  it('finds nothing in a clean report', () => {
    assert.deepEqual(failedTests('TAP version 13\nok 1 - a\n1..1\n'), []);
  });
});
