/**
 * Keeps the layering of DEVELOPERS.md/ARCHITECTURE.md: a folder of `src/` imports only from
 * itself and the folders below it, and `protocol/` touches no I/O module.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const src = resolve(import.meta.dirname, '../../../src');

/** Each layer and the layers it may import; top-level files (kafe.ts, index.ts) may import all. */
const allowed: Record<string, string[]> = {
  protocol: ['protocol'],
  net: ['net', 'protocol'],
  cluster: ['cluster', 'net', 'protocol'],
  producer: ['producer', 'cluster', 'net', 'protocol'],
  consumer: ['consumer', 'cluster', 'net', 'protocol'],
  admin: ['admin', 'cluster', 'net', 'protocol'],
  // The parts of the kafe facade (src/kafe.ts), on the cluster layer like the other clients.
  kafe: ['kafe', 'cluster', 'net', 'protocol'],
  cli: ['cli', 'producer', 'consumer', 'admin', 'cluster', 'net', 'protocol', '.'],
};

const ioModules =
  /^node:(net|tls|dgram|http|https|http2|fs|fs\/promises|child_process|timers|timers\/promises)$/;

function sourceFiles(): string[] {
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(src, f));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('layering of src/', () => {
  it('imports point down the layer list only', () => {
    const violations: string[] = [];
    for (const file of sourceFiles()) {
      const layer = relative(src, file).split('/')[0]!;
      const rules = allowed[layer];
      if (!rules) continue;
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(src, resolve(dirname(file), spec));
        const targetLayer = target.includes('/') ? target.split('/')[0]! : '.';
        if (!rules.includes(targetLayer)) violations.push(`${relative(src, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it('protocol/ is pure: no sockets, files, processes or timers', () => {
    const violations = sourceFiles()
      .filter((f) => relative(src, f).startsWith('protocol/'))
      .flatMap((f) =>
        imports(f)
          .filter((spec) => ioModules.test(spec))
          .map((spec) => `${relative(src, f)}: ${spec}`),
      );
    assert.deepEqual(violations, []);
  });
});
