/**
 * Longer decode fuzzing of every generated message (requests, responses, headers, data), in
 * rounds until a time or round budget runs out; stops by itself.
 *
 *   npx tsx scripts/fuzz-messages.ts [--seconds 60] [--rounds 1000] [--per-round 50] [--seed N]
 *
 * Exits 1 and prints the first failures (with the seed to replay) if any decode raised anything
 * but a DecodeError.
 */
import { loadGeneratedSpecs } from '../codegen/generate.js';
import { findSpecSource } from '../codegen/spec-source.js';
import { fuzz, fuzzTargets } from '../test/support/message-fuzzer.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const seconds = option('seconds', 60);
const rounds = option('rounds', 1000);
const perRound = option('per-round', 50);
const firstSeed = option('seed', Date.now() % 0x7fffffff);

const source = findSpecSource({ allowFallback: false });
const targets = fuzzTargets(
  source === undefined ? [] : loadGeneratedSpecs(source.dir, source.legacyDir),
  () => true,
);
console.log(
  `fuzzing ${targets.length} message versions (${source === undefined ? 'default-value seeds only: specs absent' : 'spec-built seeds'}), ` +
    `seed ${firstSeed}, up to ${seconds}s / ${rounds} rounds of ${perRound} per target`,
);
const deadline = Date.now() + seconds * 1000;
let total = 0;
let round = 0;
for (; round < rounds && Date.now() < deadline; round++) {
  const seed = firstSeed + round;
  const { failures, runs } = fuzz(targets, perRound, seed);
  total += runs;
  if (failures.length > 0) {
    console.error(`${failures.length} failures with seed ${seed} (replay: --seed ${seed} --rounds 1):`);
    for (const f of failures.slice(0, 10)) console.error(`  ${f}`);
    process.exit(1);
  }
}
console.log(`ok: ${total} decodes in ${round} rounds, only DecodeErrors`);
