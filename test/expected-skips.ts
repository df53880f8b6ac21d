/**
 * The only skipped or todo tests `npm test` accepts: scripts/test.ts reads the runner's TAP
 * report and fails the run on any other (a test that does not run proves nothing, and a skip
 * nobody reads hides that). Each entry names the test as the report does, says why it may skip,
 * and on which Node versions: a skip is accepted only where `expected` holds for the version
 * the tests ran on (`npm test` runs the unit tests on two).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kcatOnPath } from '../harness/kcat.js';
import { kafkajsReference } from './support/kafkajs-reference.js';

/** One accepted skip. */
export interface ExpectedSkip {
  /** The test's own name (not its suite's), as in the TAP report. */
  readonly name: string;
  /** Why it skips, for the reader of this list and of the README. */
  readonly reason: string;
  /** Whether the skip is expected on this Node version (`22.15.0`); when false, it fails the run. */
  readonly expected: (nodeVersion: string) => boolean;
}

/** Whether `version` (`major.minor.patch`) is at least `major.minor`. */
function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** Kept short on purpose: adding an entry needs a reason a reviewer accepts. */
export const expectedSkips: readonly ExpectedSkip[] = [
  {
    name: 'WASM and native node:zlib read each other’s frames (when this Node has native zstd)',
    reason:
      'node:zlib has zstd from Node 22.15 and 23.8 on; on older Nodes kafe supports (20) there is no native codec to compare the WASM one with',
    expected: (v) => !(atLeast(v, 23, 8) || (v.startsWith('22.') && atLeast(v, 22, 15))),
  },
  {
    name: 'typechecks with its import pointed at kafe/kafkajs',
    reason:
      "KafkaJS 2.2.4's types/tests.ts is not in its npm package; the test reads it from the reference copy beside the repository (../shared/peers/kafkajs/, or KAFE_KAFKAJS_REFERENCE) and runs wherever that folder is",
    expected: () => !existsSync(join(kafkajsReference(), 'types', 'tests.ts')),
  },
  ...[
    'kafe consume reads what kcat produced: keys, values, headers, partitions',
    'kcat reads what kafe produce wrote: lines with keys and headers, JSON lines to chosen partitions',
  ].map((name) => ({
    name,
    reason:
      'kcat is not on PATH and could not be installed (harness/kcat.ts installs it with apt-get install kcat on Debian as root; elsewhere install kcat by hand)',
    // Read after the tests ran, so after the harness tried to install it.
    expected: () => kcatOnPath() === undefined,
  })),
];
