/**
 * Reads the failed tests out of a TAP report of node's test runner, with the diagnostics the
 * runner wrote under each (error, expected, actual, stack), so that `scripts/test.ts` can repeat
 * them after the totals: a CI log that keeps only its tail still says why a test failed.
 */

/** A test the report marks `not ok` for its own failure (not only because a subtest failed). */
export interface FailedTest {
  readonly name: string;
  /** The YAML block under the result line, unindented, cut to `maxLines`. */
  readonly details: readonly string[];
}

// `not ok 3 - name`, indented for subtests; a `# SKIP`/`# TODO` directive is not a failure.
const failedLine = /^(\s*)not ok \d+ - (.*)$/;
const directive = / # (SKIP|TODO)(?: .*)?$/;

/** Every test that failed on its own account, in report order, each with at most `maxLines` lines of details. */
export function failedTests(tap: string, maxLines = 40): FailedTest[] {
  const lines = tap.split('\n');
  const out: FailedTest[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = failedLine.exec(lines[i]!);
    if (match === null || directive.test(match[2]!)) continue;
    const indent = `${match[1]!}  `;
    const block: string[] = [];
    if (lines[i + 1]?.trim() === '---') {
      for (let j = i + 2; j < lines.length && lines[j]!.trim() !== '...'; j++)
        block.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trim());
    }
    // A suite or test that failed because its subtests did: those are reported themselves.
    if (block.some((l) => l === "failureType: 'subtestsFailed'")) continue;
    const details =
      block.length > maxLines
        ? [...block.slice(0, maxLines), `... ${block.length - maxLines} more line(s)`]
        : block;
    out.push({ name: match[2]!.replace(/\\([\\#])/g, '$1'), details });
  }
  return out;
}
