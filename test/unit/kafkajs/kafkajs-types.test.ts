/**
 * KafkaJS 2.2.4's own type-level test (`types/tests.ts` of the reference copy in
 * `../shared/peers/kafkajs/`, never copied into the project) compiles unchanged against
 * `kafe/kafkajs` but for its import line: a program written against KafkaJS's declarations
 * typechecks against kafe's. The file is read from the reference folder and compiled in a
 * temporary folder, with `kafe/kafkajs` mapped to `src/kafkajs/`, under KafkaJS's own strictness
 * (`strict`, without kafe's `noUncheckedIndexedAccess`: the test indexes `paused()[0]`).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { kafkajsReference } from '../../support/kafkajs-reference.js';
import { compilerErrors } from '../../support/typescript-check.js';

const root = join(import.meta.dirname, '../../..');

const source = join(kafkajsReference(), 'types', 'tests.ts');

describe("KafkaJS's types/tests.ts", () => {
  // The type test is not in KafkaJS's npm package: without the reference copy it cannot run
  // (an expected skip only where the folder is absent, test/expected-skips.ts).
  const skip = existsSync(source) ? false : `KafkaJS's reference material is absent: ${source}`;
  it('typechecks with its import pointed at kafe/kafkajs', { skip }, async () => {
    const original = await readFile(source, 'utf8');
    const pointed = original.replace(/from '\.\/index'/, "from 'kafe/kafkajs'");
    assert.notEqual(pointed, original, "the import of './index' was not found");
    const dir = await mkdtemp(join(tmpdir(), 'kafe-kafkajs-types-'));
    try {
      await writeFile(join(dir, 'tests.ts'), pointed);
      const tsconfig = {
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
          paths: { 'kafe/kafkajs': [join(root, 'src/kafkajs/index.ts')] },
        },
        files: ['tests.ts'],
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      const output = await compilerErrors(dir);
      assert.equal(output, '', "KafkaJS's type test does not compile against kafe/kafkajs");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
