/**
 * Keeps the layering of ARCHITECTURE.md: a folder of `src/` imports only from itself and the
 * folders below it, `protocol/` touches no I/O module, and no file of `src/` or `codegen/`
 * reaches itself through its imports (type-only imports count: a cycle of types is still two
 * files that cannot be read, moved or tested one without the other).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '../../..');
const src = join(root, 'src');

/** Each layer and the layers it may import; top-level files (kafe.ts, index.ts) may import all. */
const allowed: Record<string, string[]> = {
  protocol: ['protocol'],
  net: ['net', 'protocol'],
  cluster: ['cluster', 'net', 'protocol'],
  producer: ['producer', 'cluster', 'net', 'protocol'],
  consumer: ['consumer', 'cluster', 'net', 'protocol'],
  admin: ['admin', 'cluster', 'net', 'protocol'],
  // Share groups (KIP-932) beside the consumer, not on it: what both need (TopicPartition,
  // groupByTopic, InternalStateError, option schemas, Lifecycle, record decoding) lives below.
  share: ['share', 'cluster', 'net', 'protocol'],
  // The parts of the kafe facade (src/kafe.ts), on the cluster layer like the other clients.
  kafe: ['kafe', 'cluster', 'net', 'protocol'],
  // kafe/testing, the fake cluster: it speaks the protocol with the generated codecs and net's
  // framing, and uses no client code, so that it fakes a broker rather than kafe.
  testing: ['testing', 'net', 'protocol'],
  // The exactly-once loop: a consumer and a transactional producer together.
  pipeline: ['pipeline', 'producer', 'consumer', 'cluster', 'net', 'protocol'],
  // Logging, tracing and metrics: subscribers of every client layer's channels.
  observability: ['observability', 'producer', 'consumer', 'admin', 'cluster', 'net', 'protocol'],
  // kafe/otel: OpenTelemetry on the tracing channels of every client layer.
  otel: ['otel', 'producer', 'consumer', 'cluster', 'net', 'protocol'],
  // kafe/kafkajs: KafkaJS's API on the clients, each client on a cluster of its own, logging
  // through the observability layer's scope.
  kafkajs: ['kafkajs', 'observability', 'producer', 'consumer', 'admin', 'cluster', 'net', 'protocol'],
  cli: ['cli', 'producer', 'consumer', 'admin', 'cluster', 'net', 'protocol', '.'],
};

const ioModules =
  /^node:(net|tls|dgram|http|https|http2|fs|fs\/promises|child_process|timers|timers\/promises)$/;

function sourceFiles(dir = src): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
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

/** The files `file` imports from its own tree (`./x.js` resolved to `x.ts`). */
function localImports(file: string): string[] {
  return imports(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'))
    .filter((target) => existsSync(target));
}

/**
 * Every import cycle, each as the path that closes it (`a.ts -> b.ts -> a.ts`), found by a
 * depth-first walk: an import of a file still on the walk's path closes a cycle.
 */
function importCycles(files: readonly string[]): string[] {
  const graph = new Map(files.map((f) => [f, localImports(f)]));
  const done = new Set<string>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string): void => {
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) cycles.push([...path.slice(at), next].map((f) => relative(root, f)).join(' -> '));
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(file);
  };
  for (const file of files) if (!done.has(file)) visit(file);
  return cycles;
}

describe('imports of src/ and codegen/', () => {
  it('form no cycle', () => {
    const files = [...sourceFiles(), ...sourceFiles(join(root, 'codegen'))];
    assert.deepEqual(importCycles(files), []);
  });
});
