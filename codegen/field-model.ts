/**
 * Per-field facts the emitter needs, derived from the spec: TypeScript types, defaults (explicit
 * or the spec language's implicit ones), "is this the default" tests, and the layout of a field
 * in a given version (absent, tagged, nullable, compact).
 */
import { type Field, type FieldType, inRange, type MessageSpec, type Primitive } from './spec.js';

/** How a field is laid out in one version. */
export interface FieldLayout {
  present: boolean;
  tagged: boolean;
  nullable: boolean;
  /** COMPACT_ encodings (flexible version, unless the field overrides it). */
  compact: boolean;
}

/** Layout of `f` at message version `v`. */
export function fieldLayout(spec: MessageSpec, f: Field, v: number): FieldLayout {
  const flexible = inRange(spec.flexibleVersions, v);
  return {
    present: inRange(f.versions, v),
    tagged: flexible && inRange(f.taggedVersions, v),
    nullable: inRange(f.nullableVersions, v),
    compact: f.flexibleVersions !== undefined ? inRange(f.flexibleVersions, v) : flexible,
  };
}

const PRIMITIVE_TS: Record<Primitive, string> = {
  bool: 'boolean',
  int8: 'number',
  int16: 'number',
  uint16: 'number',
  int32: 'number',
  uint32: 'number',
  int64: 'bigint',
  float64: 'number',
  string: 'string',
  uuid: 'string',
  bytes: 'Uint8Array',
  records: 'Uint8Array',
};

/** TypeScript type of a field (`input`: the type accepted by encoders, with `...Input` structs). */
export function tsType(f: Field, typeName: (struct: string) => string, input: boolean): string {
  const suffix = input ? 'Input' : '';
  const t = f.type;
  let base: string;
  if (t.kind === 'primitive') base = PRIMITIVE_TS[t.name];
  else if (t.kind === 'struct') base = typeName(t.name) + suffix;
  else {
    const e = t.element;
    base = `${e.kind === 'primitive' ? PRIMITIVE_TS[e.name] : typeName(e.name) + suffix}[]`;
  }
  return mayBeNull(f) ? `${base} | null` : base;
}

/** Whether the field's value may be `null` in some version (or by default). */
export function mayBeNull(f: Field): boolean {
  return f.nullableVersions !== null || defaultIsNull(f);
}

function isNullDefault(f: Field): boolean {
  return f.default === 'null';
}

/** Whether every version carrying the field allows null (the spec's condition for a `null` default). */
function nullableWherePresent(f: Field): boolean {
  const n = f.nullableVersions;
  const v = f.versions;
  return n !== null && v !== null && n.min <= v.min && n.max >= v.max;
}

/**
 * Whether the default is `null`. Records fields default to null in Java; kafe does so only where
 * every version allows null (else the default could not be encoded) and uses empty bytes otherwise.
 */
export function defaultIsNull(f: Field): boolean {
  if (f.type.kind === 'primitive' && f.type.name === 'records') return nullableWherePresent(f);
  return isNullDefault(f);
}

/** Parses an integer default like Java's `Integer.decode`: decimal, `0x` hex, leading-zero octal, sign. */
function parseIntegerDefault(raw: string | number, f: Field): bigint {
  if (typeof raw === 'number') return BigInt(raw);
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+|0[0-7]+|\d+)$/.exec(raw.trim());
  if (!m) throw new Error(`field ${f.name}: invalid integer default '${raw}'`);
  const sign = m[1] === '-' ? -1n : 1n;
  const body = m[2]!;
  let value: bigint;
  if (/^0[xX]/.test(body)) value = BigInt(body);
  else if (body.startsWith('#')) value = BigInt(`0x${body.slice(1)}`);
  else if (body.length > 1 && body.startsWith('0')) value = BigInt(`0o${body.slice(1)}`);
  else value = BigInt(body);
  return sign * value;
}

const INTEGER_RANGES: Partial<Record<Primitive, [bigint, bigint]>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  uint16: [0n, 65535n],
  int32: [-2147483648n, 2147483647n],
  uint32: [0n, 4294967295n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** Name of the generated factory of a struct's default value. */
export function defaultFactory(typeName: string): string {
  return `default${typeName}`;
}

/** Name of the generated "is this struct all defaults" test. */
export function isDefaultFunction(typeName: string): string {
  return `isDefault${typeName}`;
}

/** TypeScript expression of the field's default value (a fresh value for arrays and structs). */
export function defaultExpr(f: Field, typeName: (struct: string) => string): string {
  if (defaultIsNull(f)) return 'null';
  const t = f.type;
  if (t.kind === 'array') return '[]';
  if (t.kind === 'struct') return `${defaultFactory(typeName(t.name))}()`;
  const raw = f.default;
  switch (t.name) {
    case 'bool':
      return raw === true || raw === 'true' ? 'true' : 'false';
    case 'string':
      return JSON.stringify(raw === undefined ? '' : String(raw));
    case 'uuid':
      if (raw !== undefined && raw !== '')
        throw new Error(`field ${f.name}: uuid defaults are not supported`);
      return 'ZERO_UUID';
    case 'bytes':
    case 'records':
      return 'EMPTY_BYTES';
    case 'float64': {
      const n = raw === undefined || raw === '' ? 0 : Number(raw);
      if (Number.isNaN(n)) throw new Error(`field ${f.name}: invalid float default '${raw}'`);
      return Object.is(n, -0) ? '-0' : String(n);
    }
    default: {
      const n = raw === undefined || raw === '' ? 0n : parseIntegerDefault(raw as string | number, f);
      const range = INTEGER_RANGES[t.name]!;
      if (n < range[0] || n > range[1])
        throw new Error(`field ${f.name}: default ${n} out of range for ${t.name}`);
      return t.name === 'int64' ? `${n}n` : String(n);
    }
  }
}

/** Whether `f` has a `default` in the spec (then it may be omitted from encoder input). */
export function hasExplicitDefault(f: Field): boolean {
  return f.default !== undefined;
}

/**
 * Expression that is true when `v` (not `undefined`) differs from the field's default, as Java's
 * generated `write` tests before refusing a field or emitting a tagged one.
 */
export function nonDefaultTest(f: Field, v: string, typeName: (struct: string) => string): string {
  const t: FieldType = f.type;
  const nullDefault = defaultIsNull(f);
  if (nullDefault) return `${v} !== null`;
  if (t.kind === 'array') return mayBeNull(f) ? `(${v} === null || ${v}.length !== 0)` : `${v}.length !== 0`;
  if (t.kind === 'struct') {
    const test = `!${isDefaultFunction(typeName(t.name))}(${v})`;
    return mayBeNull(f) ? `(${v} === null || ${test})` : test;
  }
  if (t.name === 'bytes' || t.name === 'records') {
    return mayBeNull(f) ? `(${v} === null || ${v}.length !== 0)` : `${v}.length !== 0`;
  }
  if (t.name === 'float64') return `!Object.is(${v}, ${defaultExpr(f, typeName)})`;
  return `${v} !== ${defaultExpr(f, typeName)}`;
}

/** Smallest encoded size of one array element, to bound array lengths before allocating. */
export function minElementSize(t: FieldType, compact: boolean): number {
  if (t.kind !== 'array' || t.element.kind === 'struct') return 1;
  switch (t.element.name) {
    case 'int16':
    case 'uint16':
      return 2;
    case 'int32':
    case 'uint32':
      return 4;
    case 'int64':
    case 'float64':
      return 8;
    case 'uuid':
      return 16;
    case 'string':
      return compact ? 1 : 2;
    case 'bytes':
    case 'records':
      return compact ? 1 : 4;
    default:
      return 1;
  }
}
