/**
 * Every TypeScript block of the documents at the root of the repository (README.md,
 * ARCHITECTURE.md, ...) compiles against the package as users import it: `kafe` (and
 * `kafe/testing` once it exists) resolve to `src/`, with the repository's compiler options, so
 * an example cannot drift from the API it shows.
 *
 * A block is compiled alone, as a module. A fragment that uses names it does not define says so
 * in a `ts-prelude` comment (see `test/support/document-blocks.ts`). No block is exempt.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { documentBlocks, packageSources, repositoryRoot } from '../../support/document-blocks.js';
import { compilerErrors } from '../../support/typescript-check.js';

const root = repositoryRoot;

/** `kafe` subpaths users import, mapped to their sources, as tsconfig `paths`. */
function packagePaths(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(packageSources()).map(([name, file]) => [name, [file]]));
}

describe('TypeScript blocks of the root documents', () => {
  const blocks = documentBlocks();

  it('finds the examples of README.md (seed API, producer, consumer, escape hatch)', () => {
    assert.ok(blocks.filter((b) => b.document === 'README.md').length >= 4, `${blocks.length} blocks`);
  });

  it('compile against src/ with the repository compiler options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafe-doc-blocks-'));
    try {
      const files = await Promise.all(
        blocks.map(async (block) => {
          const name = `${block.document.replace(/\W/g, '-')}-${block.line}.mts`;
          // The prelude goes on the block's first line, so compiler lines map 1:1 to the document.
          await writeFile(
            join(dir, name),
            `${block.prelude.replace(/\n/g, ' ')} ${block.code}\nexport {};\n`,
          );
          return { name, block };
        }),
      );
      const tsconfig = {
        extends: join(root, 'tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          rootDir: '/',
          declaration: false,
          sourceMap: false,
          typeRoots: [join(root, 'node_modules', '@types')],
          paths: packagePaths(),
        },
        files: files.map((f) => f.name),
        include: [],
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      const output = await compilerErrors(dir);
      // `README-md-115.mts(3,7): error TS...` -> `README.md:117:7: error TS...`
      const located = output.replace(
        /^([\w-]+)\.mts\((\d+),(\d+)\)/gm,
        (_, name: string, line: string, col: string) => {
          const block = files.find((f) => f.name === `${name}.mts`)?.block;
          return block
            ? `${block.document}:${block.line + Number(line) - 1}:${col}`
            : `${name}.mts(${line},${col})`;
        },
      );
      assert.equal(located, '', 'a code block of the documents does not compile');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
