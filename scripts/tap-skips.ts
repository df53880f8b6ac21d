/**
 * Reads the skipped and todo tests out of a TAP report of node's test runner, and checks them
 * against the list of expected skips (test/expected-skips.ts).
 */
import type { ExpectedSkip } from '../test/expected-skips.js';

/** A test the report marks `# SKIP` or `# TODO`. */
export interface SkippedTest {
  readonly name: string;
  readonly directive: 'SKIP' | 'TODO';
  /** The reason the test gave, empty when none. */
  readonly reason: string;
}

// `ok 3 - name # SKIP reason`, indented for subtests; TAP escapes `#` and `\` in names.
const resultLine = /^\s*(?:not )?ok \d+ - (.*?) # (SKIP|TODO)(?: (.*))?$/;

/** Every skipped or todo test of the report, in order. */
export function skippedTests(tap: string): SkippedTest[] {
  const out: SkippedTest[] = [];
  for (const line of tap.split('\n')) {
    const match = resultLine.exec(line);
    if (match === null) continue;
    out.push({
      name: match[1]!.replace(/\\([\\#])/g, '$1'),
      directive: match[2] as 'SKIP' | 'TODO',
      reason: match[3] ?? '',
    });
  }
  return out;
}

/** The skips not on the list, or on it but not expected on the Node version they ran on. */
export function unexpectedSkips<T extends SkippedTest & { readonly nodeVersion: string }>(
  skipped: readonly T[],
  expected: readonly ExpectedSkip[],
): T[] {
  return skipped.filter((s) => !expected.some((e) => e.name === s.name && e.expected(s.nodeVersion)));
}
