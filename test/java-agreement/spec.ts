/**
 * A small, independent reading of Apache Kafka's message spec language (the JSON files under
 * `common/message/` in the kafka-clients jar; schema documented in their README.md), just enough
 * to walk a message version by version: which fields exist, are nullable or tagged, and their
 * defaults. Deliberately separate from `codegen/` so the agreement test does not trust the code
 * it is checking.
 */

/** An inclusive version range; `null` means "none". `max` is `Infinity` for an open range (`"3+"`). */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** One field of a message or struct, as written in the spec. */
export interface FieldSpec {
  readonly name: string;
  readonly type: string;
  readonly versions: VersionRange | null;
  readonly nullableVersions: VersionRange | null;
  readonly taggedVersions: VersionRange | null;
  readonly tag: number | undefined;
  /** Field-level override of the message's flexible versions (`RequestHeader.ClientId` uses `"none"`). */
  readonly flexibleVersions: VersionRange | null | undefined;
  readonly default: string | undefined;
  readonly mapKey: boolean;
  /** Inline struct fields, for struct and struct-array types. */
  readonly fields: readonly FieldSpec[] | undefined;
}

/** A whole message spec. */
export interface MessageSpec {
  readonly name: string;
  readonly type: string;
  readonly apiKey: number | undefined;
  readonly validVersions: VersionRange | null;
  readonly flexibleVersions: VersionRange | null;
  /** The highest version is unstable (brokers of that release do not serve it by default). */
  readonly latestVersionUnstable: boolean;
  readonly fields: readonly FieldSpec[];
  /** Structs shared by several fields, by type name. */
  readonly commonStructs: ReadonlyMap<string, readonly FieldSpec[]>;
}

/** Parses `"3+"`, `"1-4"`, `"2"` or `"none"`. */
export function parseVersions(text: string | undefined): VersionRange | null {
  if (text === undefined || text === 'none') return null;
  const plus = /^(\d+)\+$/.exec(text);
  if (plus) return { min: Number(plus[1]), max: Number.POSITIVE_INFINITY };
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new Error(`unparseable version range '${text}'`);
}

/** Whether `version` lies in `range` (never, for "none"). */
export function inRange(range: VersionRange | null | undefined, version: number): boolean {
  return range != null && version >= range.min && version <= range.max;
}

/** Removes `//` comments (the spec files allow them) without touching `//` inside strings. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

interface RawField {
  name: string;
  type: string;
  versions?: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  default?: string | number | boolean;
  mapKey?: boolean;
  fields?: RawField[];
}

function toField(raw: RawField): FieldSpec {
  return {
    name: raw.name,
    type: raw.type,
    versions: parseVersions(raw.versions),
    nullableVersions: parseVersions(raw.nullableVersions),
    taggedVersions: parseVersions(raw.taggedVersions),
    tag: raw.tag,
    flexibleVersions: raw.flexibleVersions === undefined ? undefined : parseVersions(raw.flexibleVersions),
    default: raw.default === undefined ? undefined : String(raw.default),
    mapKey: raw.mapKey === true,
    fields: raw.fields?.map(toField),
  };
}

/** Parses one spec file's text. */
export function parseMessageSpec(text: string): MessageSpec {
  const raw = JSON.parse(stripJsonComments(text)) as {
    name: string;
    type: string;
    apiKey?: number;
    validVersions: string;
    flexibleVersions?: string;
    latestVersionUnstable?: boolean;
    fields?: RawField[];
    commonStructs?: { name: string; fields: RawField[] }[];
  };
  return {
    name: raw.name,
    type: raw.type,
    apiKey: raw.apiKey,
    validVersions: parseVersions(raw.validVersions),
    flexibleVersions: parseVersions(raw.flexibleVersions),
    latestVersionUnstable: raw.latestVersionUnstable === true,
    fields: (raw.fields ?? []).map(toField),
    commonStructs: new Map((raw.commonStructs ?? []).map((s) => [s.name, s.fields.map(toField)])),
  };
}

/** Primitive spec types; everything else is a struct name or an array (`[]T`). */
export const PRIMITIVE_TYPES = new Set([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'bytes',
  'records',
  'uuid',
]);

/** The element type of `[]T`, or `undefined` when `type` is not an array. */
export function arrayElementType(type: string): string | undefined {
  return type.startsWith('[]') ? type.slice(2) : undefined;
}

/** The fields of a struct-typed field (or struct array), inline or from `commonStructs`. */
export function structFields(spec: MessageSpec, field: FieldSpec, structType: string): readonly FieldSpec[] {
  if (field.fields) return field.fields;
  const common = spec.commonStructs.get(structType);
  if (!common) throw new Error(`${spec.name}: no struct '${structType}' for field ${field.name}`);
  return common;
}

/** The name JSON converters and kafe use for a field: the spec name with its first letter lowercased. */
export function camelName(field: FieldSpec): string {
  return field.name.charAt(0).toLowerCase() + field.name.slice(1);
}

/** Whether the field is sent in `version`'s tagged-field section rather than in line. */
export function isTaggedIn(field: FieldSpec, version: number): boolean {
  return inRange(field.taggedVersions, version);
}
