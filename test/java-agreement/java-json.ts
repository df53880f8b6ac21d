/**
 * Maps messages between kafe's representation and the JSON of Apache's generated
 * `<Name>DataJsonConverter` classes, as carried by the Java helper (src/KafkaAgreement.java).
 *
 * The converters' conventions (JsonConverterGenerator in Apache Kafka's generator module):
 * field names are the spec names with a lowercase first letter (as in kafe); int8/int16 are
 * ShortNodes, int32/uint16 IntNodes, int64/uint32 LongNodes, uuid the `Uuid.toString()` text,
 * float64 DoubleNodes, bytes and records BinaryNodes (base64); a tagged field is written only
 * when it differs from its default, and every other field of the version is mandatory on read.
 * What JSON text cannot carry exactly travels as one-key markers understood by the helper:
 * `{"$i64": "<decimal>"}`, `{"$f64": "<number>"}`, `{"$b64": "<base64>"}`.
 */
import {
  defaultValue,
  RECORDS_NOT_SHOWN,
  type Struct,
  UNKNOWN_TAGGED_FIELDS,
  type UnknownTaggedField,
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

/** A JSON value as exchanged with the helper. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Converts a kafe message (or struct) to converter JSON: every field `version` carries. */
export function toJavaJson(
  spec: MessageSpec,
  fields: readonly FieldSpec[],
  version: number,
  value: Struct,
): Json {
  const out: { [key: string]: Json } = {};
  for (const field of fields) {
    if (!inRange(field.versions, version)) continue;
    const key = camelName(field);
    out[key] = valueToJson(spec, field, field.type, version, value[key], key);
  }
  return out;
}

function valueToJson(
  spec: MessageSpec,
  field: FieldSpec,
  type: string,
  version: number,
  v: unknown,
  path: string,
): Json {
  if (v === null) return null;
  if (v === undefined) throw new Error(`${spec.name} v${version}: no value for ${path}`);
  const element = arrayElementType(type);
  if (element !== undefined) {
    return (v as unknown[]).map((e, i) => valueToJson(spec, field, element, version, e, `${path}/${i}`));
  }
  switch (type) {
    case 'int64':
      return { $i64: String(v as bigint) };
    case 'float64':
      return { $f64: Object.is(v, -0) ? '-0.0' : String(v as number) };
    case 'bytes':
    case 'records':
      return { $b64: Buffer.from(v as Uint8Array).toString('base64') };
    case 'bool':
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'string':
    case 'uuid':
      return v as Json;
    default:
      return toJavaJson(spec, structFields(spec, field, type), version, v as Struct);
  }
}

/**
 * Converts converter JSON back to kafe's representation. Absent tagged fields take their
 * default (the converter omits defaults); any other absent field is an error, as it is for the
 * converter itself. Non-null records become {@link RECORDS_NOT_SHOWN}.
 */
export function fromJavaJson(
  spec: MessageSpec,
  fields: readonly FieldSpec[],
  version: number,
  json: Json,
  path = '',
): Struct {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${path || '/'}: expected a JSON object from Java, got ${JSON.stringify(json)}`);
  }
  const out: Struct = {};
  for (const field of fields) {
    if (!inRange(field.versions, version)) continue;
    const key = camelName(field);
    const v = json[key];
    if (v === undefined) {
      if (!isTaggedIn(field, version)) throw new Error(`${path}/${key}: missing from Java's JSON`);
      out[key] = defaultValue(spec, field, version);
    } else {
      out[key] = valueFromJson(spec, field, field.type, version, v, `${path}/${key}`);
    }
  }
  return out;
}

function marker(json: Json, name: '$i64' | '$f64' | '$b64', path: string): string {
  const m = json !== null && typeof json === 'object' && !Array.isArray(json) ? json[name] : undefined;
  if (typeof m !== 'string')
    throw new Error(`${path}: expected a ${name} marker from Java, got ${JSON.stringify(json)}`);
  return m;
}

function valueFromJson(
  spec: MessageSpec,
  field: FieldSpec,
  type: string,
  version: number,
  json: Json,
  path: string,
): unknown {
  if (json === null) return null;
  const element = arrayElementType(type);
  if (element !== undefined) {
    if (!Array.isArray(json)) throw new Error(`${path}: expected an array from Java`);
    return json.map((e, i) => valueFromJson(spec, field, element, version, e, `${path}/${i}`));
  }
  switch (type) {
    case 'int64':
      return BigInt(marker(json, '$i64', path));
    case 'uint32':
      return Number(marker(json, '$i64', path));
    case 'float64':
      return Number.parseFloat(marker(json, '$f64', path));
    case 'bytes':
      return Uint8Array.from(Buffer.from(marker(json, '$b64', path), 'base64'));
    case 'records':
      marker(json, '$b64', path);
      return RECORDS_NOT_SHOWN;
    default:
      if (PRIMITIVE_TYPES.has(type)) return json;
      return fromJavaJson(spec, structFields(spec, field, type), version, json, path);
  }
}

/** Unknown tagged fields of one struct, addressed by its path (field names and array indexes). */
export interface UnknownTagsAt {
  readonly path: (string | number)[];
  readonly fields: { tag: number; hex: string }[];
}

/**
 * The unknown tagged fields anywhere in a kafe message, for the helper to attach to the Java
 * objects (the JSON converters have no place for them).
 */
export function unknownTagsOf(
  spec: MessageSpec,
  fields: readonly FieldSpec[],
  version: number,
  value: Struct,
  path: (string | number)[] = [],
  out: UnknownTagsAt[] = [],
): UnknownTagsAt[] {
  const unknown = value[UNKNOWN_TAGGED_FIELDS] as UnknownTaggedField[] | undefined;
  if (unknown?.length) {
    out.push({
      path,
      fields: unknown.map((f) => ({ tag: f.tag, hex: Buffer.from(f.data).toString('hex') })),
    });
  }
  for (const field of fields) {
    if (!inRange(field.versions, version)) continue;
    const element = arrayElementType(field.type) ?? field.type;
    if (PRIMITIVE_TYPES.has(element)) continue;
    const key = camelName(field);
    const v = value[key];
    if (v === null || v === undefined) continue;
    const children = structFields(spec, field, element);
    if (Array.isArray(v)) {
      v.forEach((e, i) => {
        unknownTagsOf(spec, children, version, e as Struct, [...path, key, i], out);
      });
    } else unknownTagsOf(spec, children, version, v as Struct, [...path, key], out);
  }
  return out;
}

/** Puts the unknown tagged fields the helper found back on a message mapped by {@link fromJavaJson}. */
export function attachUnknownTags(message: Struct, tags: readonly UnknownTagsAt[] | undefined): Struct {
  for (const { path, fields } of tags ?? []) {
    let target: unknown = message;
    for (const step of path) target = (target as Record<string | number, unknown>)[step];
    (target as Struct)[UNKNOWN_TAGGED_FIELDS] = fields.map((f) => ({
      tag: f.tag,
      data: Uint8Array.from(Buffer.from(f.hex, 'hex')),
    }));
  }
  return message;
}
