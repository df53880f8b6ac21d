/**
 * Longer run of the record/codec mutation fuzzer (the unit test runs a short, fixed one).
 *
 *   tsx scripts/fuzz-records.ts [--seconds 60] [--seed N] [--batch 500]
 *
 * Runs rounds of `--batch` mutations per seed input, with successive seeds, until the time is
 * up; prints each failure (an error that is not a DecodeError) with the base64 input that
 * triggers it, and exits 1 if there was any. Bounded: never runs past `--seconds` by more than
 * one round.
 */
import { parseArgs } from 'node:util';
import { CompressionType, loadCodec } from '../src/protocol/compression/index.js';
import { fuzz } from '../test/unit/protocol/records/fuzz.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    batch: { type: 'string', default: '500' },
  },
});
const seconds = Number(values.seconds);
const batch = Number(values.batch);
let seed = Number(values.seed);

await loadCodec(CompressionType.zstd);
const deadline = Date.now() + seconds * 1000;
let cases = 0;
let failures = 0;
while (Date.now() < deadline) {
  const report = fuzz(batch, seed);
  cases += report.cases;
  for (const f of report.failures) {
    failures++;
    console.log(`seed ${seed} ${f.target}: ${String(f.error)}\n  input (base64): ${f.input}`);
  }
  seed++;
}
console.log(`${cases} cases, ${failures} failures (seeds ${values.seed}..${seed - 1})`);
process.exitCode = failures > 0 ? 1 : 0;
