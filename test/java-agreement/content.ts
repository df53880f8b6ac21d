/**
 * Deterministic pseudo-random message content for one spec version: every field the version
 * carries is filled, nulls only where the version allows them, tagged fields mostly away from
 * their default (so they really go on the wire), a few elements per array, distinct map keys,
 * unknown tagged fields on some structs (kafe keeps them as `unknownTaggedFields`), and a share
 * of edge values (type minimum and maximum, 2^53 + 1, -0, unicode text, values long enough for
 * two-byte varint lengths) because those are where encoders go wrong.
 */
import {
  defaultValue,
  firstDifference,
  type Struct,
  UNKNOWN_TAGGED_FIELDS,
  ZERO_UUID,
} from './field-values.js';
import {
  arrayElementType,
  camelName,
  type FieldSpec,
  inRange,
  isTaggedIn,
  type MessageSpec,
  PRIMITIVE_TYPES,
  structFields,
} from './spec.js';

/** mulberry32: tiny, fast, good enough to spread test values; deterministic from its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [min, max] (both within ±2^31). */
  int(min: number, max: number): number {
    return min + (this.nextUint32() % (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextUint32() / 0x1_0000_0000 < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.nextUint32() % items.length] as T;
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextUint32() & 0xff;
    return out;
  }
}

/** FNV-1a of a string: turns "seed/Message/version" into a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Share of integer and float values drawn from the edge list instead of uniformly. */
const EDGE_SHARE = 0.25;
/** Characters for strings: ASCII plus 2-, 3- and 4-byte UTF-8 (a surrogate pair in JS and Java). */
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._',
  'é',
  'ß',
  '日',
  '本',
  '😀',
];

const INT_RANGES: Record<string, readonly [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  // Not 2^32-1: MessageUtil.jsonNodeToUnsignedInt rejects values above 4294967293.
  uint32: [0, 4294967293],
};

function randomInt(rng: Random, type: string): number {
  const [min, max] = INT_RANGES[type] ?? [0, 0];
  if (rng.chance(EDGE_SHARE)) return rng.pick([min, max, 0, Math.min(max, 1), Math.max(min, -1)]);
  if (type === 'int32' || type === 'uint32') {
    const u = rng.nextUint32();
    return type === 'int32' ? u | 0 : Math.min(u, max);
  }
  return rng.int(min, max);
}

function randomInt64(rng: Random): bigint {
  if (rng.chance(EDGE_SHARE)) {
    // 2^53 + 1 is the first integer a double cannot hold: catches a number detour.
    return rng.pick([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n]);
  }
  return BigInt.asIntN(64, (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32()));
}

function randomFloat64(rng: Random): number {
  if (rng.chance(EDGE_SHARE)) {
    return rng.pick([
      0.1,
      -0,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.POSITIVE_INFINITY,
      2 ** 53 + 2,
      -1.5,
    ]);
  }
  return (rng.nextUint32() - 0x8000_0000) / rng.int(1, 1000);
}

/** Long values cross the 127/128-byte varint boundary of compact lengths and tagged-field sizes. */
function randomLength(rng: Random, min: number, max: number, longShare: number): number {
  return rng.chance(longShare) ? rng.int(128, 300) : rng.int(min, max);
}

function randomString(rng: Random, minLength: number, longShare: number): string {
  const length = randomLength(rng, minLength, 12, longShare);
  let s = '';
  for (let i = 0; i < length; i++) s += rng.pick(ALPHABET);
  return s;
}

function randomUuid(rng: Random): string {
  if (rng.chance(0.1)) return ZERO_UUID;
  return Buffer.from(rng.bytes(16)).toString('base64url');
}

/** Generation context: the spec being walked, the version and the random source. */
interface Context {
  readonly spec: MessageSpec;
  readonly version: number;
  readonly rng: Random;
  /** Share of strings, bytes and primitive arrays drawn long (higher inside tagged fields). */
  longShare: number;
}

/** Share of values drawn long outside tagged fields, and inside them. */
const LONG_SHARE = 0.03;
const LONG_SHARE_TAGGED = 0.3;
/** Share of structs of flexible versions that get unknown tagged fields. */
const UNKNOWN_TAGS_SHARE = 0.15;

/**
 * Tags that no field of the struct uses in any version, to stand for fields of a newer spec:
 * small ones interleave with the known tags (Java's RawTaggedFieldWriter merges them in tag
 * order), large ones take a multi-byte varint.
 */
function unknownTaggedFields(
  ctx: Context,
  fields: readonly FieldSpec[],
): { tag: number; data: Uint8Array }[] {
  const used = new Set(fields.map((f) => f.tag).filter((t) => t !== undefined));
  const tags = new Set<number>();
  const count = ctx.rng.int(1, 2);
  while (tags.size < count) {
    const tag = ctx.rng.chance(0.7) ? ctx.rng.int(0, 12) : ctx.rng.int(128, 20000);
    if (!used.has(tag)) tags.add(tag);
  }
  return [...tags]
    .sort((a, b) => a - b)
    .map((tag) => ({ tag, data: ctx.rng.bytes(randomLength(ctx.rng, 0, 8, ctx.longShare)) }));
}

/** Generates one message of `spec` at `version` from `seed`. */
export function generateMessage(spec: MessageSpec, version: number, seed: string): Struct {
  const rng = new Random(hashSeed(`${seed}/${spec.name}/${version}`));
  return generateStruct({ spec, version, rng, longShare: LONG_SHARE }, spec.fields, 0);
}

function generateStruct(ctx: Context, fields: readonly FieldSpec[], depth: number): Struct {
  const out: Struct = {};
  for (const field of fields) {
    if (!inRange(field.versions, ctx.version)) continue;
    out[camelName(field)] = generateField(ctx, field, depth);
  }
  if (inRange(ctx.spec.flexibleVersions, ctx.version) && ctx.rng.chance(UNKNOWN_TAGS_SHARE)) {
    out[UNKNOWN_TAGGED_FIELDS] = unknownTaggedFields(ctx, fields);
  }
  return out;
}

function generateField(ctx: Context, field: FieldSpec, depth: number): unknown {
  const nullable = inRange(field.nullableVersions, ctx.version);
  if (!isTaggedIn(field, ctx.version)) {
    if (nullable && ctx.rng.chance(0.2)) return null;
    return generateValue(ctx, field, field.type, depth, false);
  }
  // A tagged field equal to its default is left off the wire: keep some that way, to check
  // the omission, and draw the others until they differ, so they really travel.
  const fallback = defaultValue(ctx.spec, field, ctx.version);
  if (ctx.rng.chance(0.2)) return fallback;
  const outer = ctx.longShare;
  ctx.longShare = LONG_SHARE_TAGGED;
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      const value = generateValue(ctx, field, field.type, depth, true);
      if (firstDifference(fallback, value) !== undefined) return value;
    }
  } finally {
    ctx.longShare = outer;
  }
  throw new Error(
    `${ctx.spec.name} v${ctx.version}: cannot draw a non-default value for tagged ${field.name}`,
  );
}

function generateValue(
  ctx: Context,
  field: FieldSpec,
  type: string,
  depth: number,
  nonEmpty: boolean,
): unknown {
  const { rng } = ctx;
  const element = arrayElementType(type);
  if (element !== undefined) return generateArray(ctx, field, element, depth, nonEmpty);
  switch (type) {
    case 'bool':
      return rng.chance(0.5);
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
      return randomInt(rng, type);
    case 'int64':
      return randomInt64(rng);
    case 'float64':
      return randomFloat64(rng);
    case 'string':
      return randomString(rng, nonEmpty ? 1 : 0, ctx.longShare);
    case 'uuid':
      return nonEmpty ? Buffer.from(rng.bytes(16)).toString('base64url') : randomUuid(rng);
    case 'bytes':
      return rng.bytes(randomLength(rng, nonEmpty ? 1 : 0, 10, ctx.longShare));
    case 'records':
      // Opaque to the message codecs: any bytes will do (record batches have their own tests).
      return rng.bytes(randomLength(rng, 1, 40, ctx.longShare * 2));
    default:
      if (PRIMITIVE_TYPES.has(type)) throw new Error(`unhandled type ${type}`);
      return generateStruct(ctx, structFields(ctx.spec, field, type), depth + 1);
  }
}

function generateArray(
  ctx: Context,
  field: FieldSpec,
  element: string,
  depth: number,
  nonEmpty: boolean,
): unknown[] {
  const { rng } = ctx;
  // Fewer elements deeper down keeps nested messages (Fetch: topics/partitions/aborted) small.
  const max = depth === 0 ? 3 : depth === 1 ? 2 : 1;
  const isStruct = !PRIMITIVE_TYPES.has(element);
  // Only primitive arrays are drawn long (127+ elements: a two-byte compact length).
  const length =
    !isStruct && rng.chance(ctx.longShare)
      ? rng.int(127, 140)
      : rng.int(nonEmpty || rng.chance(0.85) ? 1 : 0, max);
  const keyFields = isStruct ? structFields(ctx.spec, field, element).filter((f) => f.mapKey) : [];
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) {
    // Struct arrays with a mapKey are keyed collections in Java: keep keys distinct.
    for (let attempt = 0; attempt < 8; attempt++) {
      const value = generateValue(ctx, field, element, depth, false);
      const key = keyFields.length ? keyOf(value as Struct, keyFields) : String(attempt + i * 8);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(value);
      break;
    }
  }
  return out;
}

function keyOf(value: Struct, keyFields: readonly FieldSpec[]): string {
  return keyFields.map((f) => String(value[camelName(f)])).join('\u0000');
}
