/**
 * Decode fuzzing of the generated message codecs: random bytes and mutations (bit flips,
 * truncations, overwritten and inserted bytes) of valid encodings must only ever raise a
 * DecodeError that the generated code raised itself: never another error, a hang or a huge
 * allocation. Shared by the unit test (bounded iterations) and `scripts/fuzz-messages.ts`.
 */
import { SampleBuilder } from '../../codegen/sample-values.js';
import type { MessageSpec } from '../../codegen/spec.js';
import { DecodeError } from '../../src/protocol/errors.js';
import type { MessageCodec } from '../../src/protocol/message-codec.js';
import { type MessageName, messageCodecs } from '../../src/protocol/messages/index.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { Writer } from '../../src/protocol/primitives/writer.js';

/** A small deterministic PRNG (mulberry32), so that a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One codec and version to fuzz, with valid encodings to mutate. */
export interface FuzzTarget {
  name: string;
  version: number;
  codec: MessageCodec;
  seeds: Buffer[];
}

/**
 * Targets for every generated message whose name matches `filter`, at every version. Seeds are
 * populated and all-null encodings when the specs are available, else the all-defaults encoding.
 */
export function fuzzTargets(specs: MessageSpec[], filter: (name: string) => boolean): FuzzTarget[] {
  const codecs = messageCodecs as unknown as Record<string, MessageCodec>;
  const bySpec = new Map(specs.map((s) => [s.name, s]));
  const out: FuzzTarget[] = [];
  for (const name of Object.keys(codecs) as MessageName[]) {
    if (!filter(name)) continue;
    const codec = codecs[name]!;
    const spec = bySpec.get(name);
    const builder = spec === undefined ? undefined : new SampleBuilder(spec);
    for (let v = codec.validVersions[0]; v <= codec.validVersions[1]; v++) {
      const values: unknown[] =
        builder === undefined ? [{}] : [{}, builder.message(v), builder.message(v, 'nulls')];
      const seeds = values.map((value) => {
        const w = new Writer(64);
        codec.encode(w, value, v);
        return w.finish();
      });
      out.push({ name, version: v, codec, seeds });
    }
  }
  return out;
}

function mutate(seed: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  switch (pick(5)) {
    case 0: {
      const flips = 1 + pick(3);
      for (let i = 0; i < flips && b.length > 0; i++) b[pick(b.length)]! ^= 1 << pick(8);
      return b;
    }
    case 1:
      return b.subarray(0, pick(b.length + 1));
    case 2:
      if (b.length > 0) b[pick(b.length)] = rnd() < 0.5 ? 0xff : 0x7f;
      return b;
    case 3: {
      const at = pick(b.length + 1);
      const extra = Buffer.from(Array.from({ length: 1 + pick(8) }, () => pick(256)));
      return Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]);
    }
    default:
      return Buffer.from(Array.from({ length: pick(64) }, () => pick(256)));
  }
}

/** Decodes `bytes`; returns a description of the problem if anything but a clean DecodeError happened. */
export function checkDecode(target: FuzzTarget, bytes: Buffer): string | undefined {
  try {
    target.codec.decode(new Reader(bytes), target.version);
    return undefined;
  } catch (e) {
    if (e instanceof DecodeError && !(e.cause instanceof Error)) return undefined;
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return `${target.name} v${target.version} on ${bytes.toString('hex')}: ${detail}`;
  }
}

/** Runs `iterations` mutated decodes per target; returns the failures found and the decodes run. */
export function fuzz(
  targets: FuzzTarget[],
  iterations: number,
  seed: number,
): { failures: string[]; runs: number } {
  const rnd = prng(seed);
  const failures: string[] = [];
  let runs = 0;
  for (const target of targets) {
    for (let i = 0; i < iterations; i++) {
      const base = target.seeds[Math.floor(rnd() * target.seeds.length)]!;
      const problem = checkDecode(target, mutate(base, rnd));
      runs++;
      if (problem !== undefined) failures.push(problem);
    }
  }
  return { failures, runs };
}
