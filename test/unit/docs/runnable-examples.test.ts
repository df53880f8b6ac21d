/**
 * The examples of the root documents marked `<!-- ts-run -->` (an HTML comment right before the
 * block, hidden on the rendered page) are test files users can copy: each is run here with
 * `node --test`, `kafe` and `kafe/testing` pointing at `src/`, and must pass. The compile check
 * of every block (`code-blocks.test.ts`) cannot tell whether an example does what it says.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { documentBlocks, packageSources, repositoryRoot } from '../../support/document-blocks.js';

const root = repositoryRoot;

/** The blocks marked to run, with the document and line they start at. */
function runnableBlocks(): { where: string; code: string }[] {
  return documentBlocks()
    .filter((b) => b.run)
    .map((b) => ({ where: `${b.document}:${b.line}`, code: b.code }));
}

/** Points the package's own specifiers at its sources. */
function resolvePackage(code: string): string {
  return code.replace(/from '(kafe(?:\/testing)?)'/g, (whole, name: string) => {
    const file = packageSources()[name];
    return file === undefined ? whole : `from '${pathToFileURL(file).href}'`;
  });
}

describe('runnable examples of the root documents', () => {
  const blocks = runnableBlocks();

  it('README.md has the kafe/testing example marked to run', () => {
    assert.ok(
      blocks.some((b) => b.where.startsWith('README.md') && b.code.includes("from 'kafe/testing'")),
      `marked blocks: ${blocks.map((b) => b.where).join(', ') || 'none'}`,
    );
  });

  for (const block of blocks) {
    it(`${block.where} passes under node --test`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kafe-doc-run-'));
      try {
        const file = join(dir, 'example.test.mts');
        await writeFile(file, resolvePackage(block.code));
        const run = await promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', '--test', '--test-reporter=tap', file],
          // Without the parent runner's NODE_TEST_CONTEXT, the child reports as a run of its own.
          { cwd: root, timeout: 120_000, env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
        ).then(
          ({ stdout }) => ({ ok: true, stdout }),
          (error: { stdout?: string; stderr?: string }) => ({
            ok: false,
            stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
          }),
        );
        assert.ok(run.ok, `the example failed:\n${run.stdout}`);
        const count = (key: string) =>
          Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? -1);
        assert.equal(count('fail'), 0, run.stdout);
        assert.ok(count('pass') > 0, `no test of the example ran:\n${run.stdout}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
