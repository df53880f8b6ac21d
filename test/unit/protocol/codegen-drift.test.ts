import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { findSpecSource } from '../../../codegen/spec-source.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const committed = join(repoRoot, 'src', 'protocol', 'messages');

test('src/protocol/messages is exactly what `npm run codegen` generates', (t) => {
  if (findSpecSource({ allowFallback: false })?.legacyDir === undefined) {
    t.skip(
      'Kafka 4.4.0 or 3.9.2 specs absent (no kafka-clients jars in ~/.cache/kafe/jars or ~/.m2): cannot check drift',
    );
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'kafe-codegen-'));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'codegen', 'main.ts'), '--out', out], {
      stdio: 'pipe',
    });
    const fresh = readdirSync(out).sort();
    assert.deepEqual(
      fresh,
      readdirSync(committed).sort(),
      'the generated file list differs: run npm run codegen',
    );
    for (const f of fresh) {
      assert.ok(
        readFileSync(join(out, f), 'utf8') === readFileSync(join(committed, f), 'utf8'),
        `${f} differs from the generator's output: run npm run codegen (and do not edit generated files)`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
