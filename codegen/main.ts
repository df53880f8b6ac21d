/**
 * `npm run codegen`: regenerates `src/protocol/messages/` from the Apache Kafka specs.
 * Options: `--out <dir>` writes elsewhere (the drift test uses it).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';
import { findSpecSource, jarFetchCommand, KAFKA_RELEASE, LEGACY_RELEASE } from './spec-source.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir =
  outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : join(repoRoot, 'src', 'protocol', 'messages');

const source = findSpecSource();
if (source === undefined) {
  console.error(
    'codegen: no message specs found. Fetch the kafka-clients jars:\n' +
      `  ${jarFetchCommand(KAFKA_RELEASE)}\n  ${jarFetchCommand(LEGACY_RELEASE)}`,
  );
  process.exit(1);
}
if (source.release === KAFKA_RELEASE && source.legacyDir === undefined) {
  // Without the legacy specs the output would silently lose the versions 3.x brokers need.
  console.error(
    `codegen: the Kafka ${LEGACY_RELEASE} specs (older versions, KIP-896) are missing. Fetch the jar:\n` +
      `  ${jarFetchCommand(LEGACY_RELEASE)}`,
  );
  process.exit(1);
}
const result = generate(source.dir, source.errorsTsv, source.release, source.legacyDir);
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.endsWith('.ts')) rmSync(join(outDir, f));
for (const f of result.files) writeFileSync(join(outDir, f.name), f.text);
const legacy =
  source.legacyDir === undefined
    ? 'no legacy versions'
    : `${result.legacyApiCount} of them extended with ${result.requestVersions.legacy} older request versions from Kafka ${LEGACY_RELEASE} (${source.legacyDir})`;
console.log(
  `codegen: Apache Kafka ${source.release} specs from ${source.dir}, errors from ${source.errorsTsv}: ` +
    `${result.apiCount} APIs (broker/controller listeners), ${result.requestVersions.current} request versions; ` +
    `${legacy}; ${result.files.length} files -> ${outDir}`,
);
