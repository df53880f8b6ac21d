/**
 * `npm run codegen`: regenerates `src/protocol/messages/` from the Apache Kafka specs.
 * Options: `--out <dir>` writes elsewhere (the drift test uses it).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';
import { findSpecSource } from './spec-source.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir =
  outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : join(repoRoot, 'src', 'protocol', 'messages');

const source = findSpecSource();
if (source === undefined) {
  console.error(
    'codegen: no message specs found. Fetch the kafka-clients jar:\n' +
      '  mvn -q dependency:copy -Dartifact=org.apache.kafka:kafka-clients:4.4.0 -DoutputDirectory=$HOME/.cache/kafe/jars',
  );
  process.exit(1);
}
const result = generate(source.dir, source.errorsTsv, source.release);
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.endsWith('.ts')) rmSync(join(outDir, f));
for (const f of result.files) writeFileSync(join(outDir, f.name), f.text);
console.log(
  `codegen: Apache Kafka ${source.release} specs from ${source.dir}, errors from ${source.errorsTsv}: ` +
    `${result.apiCount} APIs (broker/controller listeners), ${result.files.length} files -> ${outDir}`,
);
