/**
 * Field values in kafe's representation (the codegen contract): int8/16/32, uint16/32 and
 * float64 are numbers, int64 a bigint, bool a boolean, string `string | null`, bytes and records
 * `Uint8Array | null`, uuid Kafka's `Uuid.toString()` text, arrays `T[] | null`, structs objects.
 *
 * Here: the spec's default for a field (what a reader must assume for an absent tagged field),
 * projecting a decoded message onto the fields its version carries, and locating the first
 * difference between two messages by field path.
 */
import {
  arrayElementType,
  camelName,
  type FieldSpec,
  inRange,
  type MessageSpec,
  PRIMITIVE_TYPES,
  structFields,
} from './spec.js';

/** Kafka's zero uuid (`Uuid.ZERO_UUID`), the default of every uuid field. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * Stands for a non-null `records` value where its content cannot be compared: Apache's JSON
 * converters print every records field as empty base64 (JsonConverterGenerator writes
 * `new BinaryNode(new byte[]{})`), so Java's JSON carries only whether it was null. The bytes
 * themselves are still checked, through Java re-serializing what it decoded.
 */
export const RECORDS_NOT_SHOWN = '<records: content not shown by the Java JSON converter>';

/**
 * Where kafe keeps the tagged fields it does not know, on any struct of a flexible version:
 * `{ tag, data }[]` in tag order (src/protocol/tagged-fields.ts).
 */
export const UNKNOWN_TAGGED_FIELDS = 'unknownTaggedFields';

/** One unknown tagged field, as kafe keeps it. */
export interface UnknownTaggedField {
  readonly tag: number;
  readonly data: Uint8Array;
}

/** A message or struct in kafe's representation. */
export type Struct = Record<string, unknown>;

/** The value a reader assumes for `field` when it is absent (tagged fields), per the spec's `default`. */
export function defaultValue(spec: MessageSpec, field: FieldSpec, version: number): unknown {
  const d = field.default;
  if (d === 'null') return null;
  const element = arrayElementType(field.type);
  if (element !== undefined) return [];
  switch (field.type) {
    case 'bool':
      return d === 'true';
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'float64':
      return d === undefined || d === '' ? 0 : Number(d);
    case 'int64':
      return d === undefined || d === '' ? 0n : BigInt(d);
    case 'string':
      return d ?? '';
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return new Uint8Array(0);
    case 'records':
      // FieldSpec.fieldDefault in Apache's generator: records always default to null.
      return null;
    default:
      return defaultStruct(spec, structFields(spec, field, field.type), version);
  }
}

/** A struct with every field present in `version` at its default. */
export function defaultStruct(spec: MessageSpec, fields: readonly FieldSpec[], version: number): Struct {
  const out: Struct = {};
  for (const field of fields) {
    if (inRange(field.versions, version)) out[camelName(field)] = defaultValue(spec, field, version);
  }
  return out;
}

/** Options for {@link project}. */
export interface ProjectOptions {
  /** Replace every non-null records value with {@link RECORDS_NOT_SHOWN}. */
  readonly maskRecords?: boolean;
}

/**
 * A copy of `value` holding exactly the fields `version` carries (plus non-empty unknown tagged
 * fields), with byte arrays as plain `Uint8Array` (a decoder may hand out Buffers or views), so
 * two messages compare with `deepStrictEqual`. Other keys a codec adds beyond the spec are dropped.
 */
export function project(
  spec: MessageSpec,
  fields: readonly FieldSpec[],
  version: number,
  value: unknown,
  options: ProjectOptions = {},
): Struct {
  if (value === null || typeof value !== 'object') return value as Struct;
  const source = value as Struct;
  const out: Struct = {};
  for (const field of fields) {
    if (!inRange(field.versions, version)) continue;
    const key = camelName(field);
    out[key] = projectValue(spec, field, field.type, version, source[key], options);
  }
  // Unknown tagged fields count when present; none and an empty list are the same message.
  const unknown = source[UNKNOWN_TAGGED_FIELDS];
  if (Array.isArray(unknown) && unknown.length > 0) {
    out[UNKNOWN_TAGGED_FIELDS] = (unknown as UnknownTaggedField[]).map(({ tag, data }) => ({
      tag,
      data: data instanceof Uint8Array ? Uint8Array.from(data) : data,
    }));
  }
  return out;
}

function projectValue(
  spec: MessageSpec,
  field: FieldSpec,
  type: string,
  version: number,
  value: unknown,
  options: ProjectOptions,
): unknown {
  if (value === null || value === undefined) return value;
  const element = arrayElementType(type);
  if (element !== undefined) {
    if (!Array.isArray(value)) return value;
    return value.map((v) => projectValue(spec, field, element, version, v, options));
  }
  if (type === 'records' && options.maskRecords) return RECORDS_NOT_SHOWN;
  if ((type === 'bytes' || type === 'records') && value instanceof Uint8Array) return Uint8Array.from(value);
  if (PRIMITIVE_TYPES.has(type)) return value;
  return project(spec, structFields(spec, field, type), version, value, options);
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array)
    return `bytes[${value.length}] ${Buffer.from(value).toString('hex').slice(0, 64)}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `array[${value.length}]`;
  if (value === undefined) return 'undefined';
  if (value !== null && typeof value === 'object') return 'object';
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * The first place where `actual` differs from `expected`, as `path: expected X, got Y`
 * (path like `/topics/0/partitions/1/records`), or `undefined` when they are equal.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  const at = path === '' ? '/' : path;
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    if (!(expected instanceof Uint8Array && actual instanceof Uint8Array)) {
      return `${at}: expected ${describe(expected)}, got ${describe(actual)}`;
    }
    if (Buffer.compare(expected, actual) === 0) return undefined;
    return `${at}: expected ${describe(expected)}, got ${describe(actual)}`;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!(Array.isArray(expected) && Array.isArray(actual)) || expected.length !== actual.length) {
      return `${at}: expected ${describe(expected)}, got ${describe(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object') {
    const e = expected as Struct;
    const a = actual as Struct;
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      const d = firstDifference(e[key], a[key], `${path}/${key}`);
      if (d) return d;
    }
    return undefined;
  }
  if (Object.is(expected, actual)) return undefined;
  return `${at}: expected ${describe(expected)}, got ${describe(actual)}`;
}
