/**
 * The message spec model: Apache Kafka's `common/message/*.json` files (schema described in
 * their README.md) parsed into structs, fields and version ranges the emitter can walk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An inclusive version range; `max` is `Infinity` for an open range such as `3+`. */
export interface VersionRange {
  min: number;
  max: number;
}

/** The primitive field types of the spec language. */
export const PRIMITIVES = [
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'uuid',
  'bytes',
  'records',
] as const;

/** One of {@link PRIMITIVES}. */
export type Primitive = (typeof PRIMITIVES)[number];

/** A field's type: a primitive, a struct (by name), or an array of either. */
export type FieldType =
  | { kind: 'primitive'; name: Primitive }
  | { kind: 'struct'; name: string }
  | { kind: 'array'; element: { kind: 'primitive'; name: Primitive } | { kind: 'struct'; name: string } };

/** A field of a struct, with its version ranges resolved. */
export interface Field {
  /** Spec name, e.g. `ThrottleTimeMs`. */
  name: string;
  /** Property name: the spec name with its first letter lowercased (Java's JSON converters). */
  prop: string;
  type: FieldType;
  versions: VersionRange | null;
  nullableVersions: VersionRange | null;
  taggedVersions: VersionRange | null;
  tag: number | null;
  /** Field-level override of the message's flexible versions (only `RequestHeader.ClientId` uses it). */
  flexibleVersions: VersionRange | null | undefined;
  /** The raw `default` of the spec, if any. */
  default: string | number | boolean | undefined;
  ignorable: boolean;
  about: string;
  /** Set when only an older release's spec has the field (see merge-legacy.ts): that release. */
  onlyIn?: string;
}

/** A struct: the message body itself, an inline struct or a common struct. */
export interface Struct {
  /** Spec name (the message name for the top level). */
  name: string;
  fields: Field[];
}

/** A parsed spec file. */
export interface MessageSpec {
  name: string;
  type: 'request' | 'response' | 'header' | 'data';
  apiKey: number | null;
  validVersions: VersionRange;
  flexibleVersions: VersionRange | null;
  listeners: string[];
  latestVersionUnstable: boolean;
  /** The message body (name = message name) and every nested or common struct, by spec name. */
  structs: Map<string, Struct>;
  /** The spec file name, for error messages. */
  file: string;
  /** Versions below the current minimum taken from an older release's spec (merge-legacy.ts). */
  legacy?: { release: string; versions: VersionRange };
}

/** Parses `0+`, `1-3`, `5` or `none`. */
export function parseVersions(text: string | undefined): VersionRange | null {
  if (text === undefined || text === 'none') return null;
  const open = /^(\d+)\+$/.exec(text);
  if (open) return { min: Number(open[1]), max: Number.POSITIVE_INFINITY };
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new Error(`invalid version range '${text}'`);
}

/** Whether `v` lies in `range` (`null` = no version). */
export function inRange(range: VersionRange | null, v: number): boolean {
  return range !== null && v >= range.min && v <= range.max;
}

/** Strips `//` comments (the spec files allow them) outside string literals. */
function stripComments(text: string): string {
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
  ignorable?: boolean;
  about?: string;
  fields?: RawField[];
}

function parseType(text: string): FieldType {
  const isPrimitive = (t: string): t is Primitive => (PRIMITIVES as readonly string[]).includes(t);
  if (text.startsWith('[]')) {
    const element = text.slice(2);
    return {
      kind: 'array',
      element: isPrimitive(element)
        ? { kind: 'primitive', name: element }
        : { kind: 'struct', name: element },
    };
  }
  return isPrimitive(text) ? { kind: 'primitive', name: text } : { kind: 'struct', name: text };
}

function collectStruct(name: string, raw: RawField[], structs: Map<string, Struct>, file: string): Struct {
  const fields = raw.map((f): Field => {
    const type = parseType(f.type);
    const structName = type.kind === 'struct' ? type.name : type.kind === 'array' ? type.element.name : '';
    if (f.fields !== undefined) collectStruct(structName, f.fields, structs, file);
    return {
      name: f.name,
      prop: f.name.charAt(0).toLowerCase() + f.name.slice(1),
      type,
      versions: parseVersions(f.versions),
      nullableVersions: parseVersions(f.nullableVersions),
      taggedVersions: parseVersions(f.taggedVersions),
      tag: f.tag ?? null,
      flexibleVersions: f.flexibleVersions === undefined ? undefined : parseVersions(f.flexibleVersions),
      default: f.default,
      ignorable: f.ignorable === true,
      about: f.about ?? '',
    };
  });
  if (structs.has(name)) throw new Error(`${file}: struct ${name} is defined twice`);
  const struct = { name, fields };
  structs.set(name, struct);
  return struct;
}

/** Parses one spec file; `null` for a retired message (`"validVersions": "none"`). */
export function parseSpec(text: string, file: string): MessageSpec | null {
  const raw = JSON.parse(stripComments(text)) as {
    name: string;
    type: MessageSpec['type'];
    apiKey?: number;
    validVersions: string;
    flexibleVersions?: string;
    listeners?: string[];
    latestVersionUnstable?: boolean;
    fields?: RawField[];
    commonStructs?: { name: string; fields: RawField[] }[];
  };
  const validVersions = parseVersions(raw.validVersions);
  if (validVersions === null) return null;
  const structs = new Map<string, Struct>();
  for (const common of raw.commonStructs ?? []) collectStruct(common.name, common.fields, structs, file);
  collectStruct(raw.name, raw.fields ?? [], structs, file);
  for (const struct of structs.values()) {
    for (const f of struct.fields) {
      const t = f.type.kind === 'array' ? f.type.element : f.type;
      if (t.kind === 'struct' && !structs.has(t.name)) throw new Error(`${file}: unknown struct ${t.name}`);
    }
  }
  return {
    name: raw.name,
    type: raw.type,
    apiKey: raw.apiKey ?? null,
    validVersions,
    flexibleVersions: parseVersions(raw.flexibleVersions),
    listeners: raw.listeners ?? [],
    latestVersionUnstable: raw.latestVersionUnstable === true,
    structs,
    file,
  };
}

/** Reads and parses every `*.json` spec in `dir`, sorted by name, leaving out retired ones. */
export function loadSpecs(dir: string): MessageSpec[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseSpec(readFileSync(join(dir, f), 'utf8'), f))
    .filter((s): s is MessageSpec => s !== null);
}
