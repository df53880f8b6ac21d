/**
 * Emits the TypeScript of one message spec: interfaces (decoded and input forms), then
 * straight-line encode/decode functions with one branch per range of versions that share a
 * layout, as Java's MessageDataGenerator does per field but without re-testing versions field
 * by field.
 */
import {
  defaultExpr,
  defaultFactory,
  defaultIsNull,
  type FieldLayout,
  fieldLayout,
  hasExplicitDefault,
  isDefaultFunction,
  mayBeNull,
  minElementSize,
  nonDefaultTest,
  tsType,
} from './field-model.js';
import {
  type Field,
  inRange,
  type MessageSpec,
  type Primitive,
  type Struct,
  type VersionRange,
} from './spec.js';

/** Collects output lines with indentation. */
class Code {
  readonly lines: string[] = [];
  private depth = 0;
  line(text = ''): void {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
  }
  open(text: string): void {
    this.line(text);
    this.depth++;
  }
  close(text = '}'): void {
    this.depth--;
    this.line(text);
  }
  indent(): void {
    this.depth++;
  }
  dedent(): void {
    this.depth--;
  }
}

/** The TypeScript name of a struct of `spec`: the spec name, prefixed by the message name unless it starts with it. */
export function structTypeName(spec: MessageSpec, struct: string): string {
  return struct === spec.name || struct.startsWith(spec.name) ? struct : spec.name + struct;
}

function fmtRange(r: VersionRange | null): string {
  if (r === null) return 'none';
  if (r.max === Number.POSITIVE_INFINITY) return `${r.min}+`;
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}

function doc(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

/** A range of versions in which a struct's layout does not change. */
interface Branch {
  min: number;
  max: number;
  flexible: boolean;
  layouts: FieldLayout[];
}

const WRITE: Record<Primitive, string> = {
  bool: 'writeBool',
  int8: 'writeInt8',
  int16: 'writeInt16',
  uint16: 'writeUInt16',
  int32: 'writeInt32',
  uint32: 'writeUInt32',
  int64: 'writeInt64',
  float64: 'writeFloat64',
  uuid: 'writeUuid',
  string: 'String',
  bytes: 'Bytes',
  records: 'Bytes',
};

const READ: Record<Primitive, string> = {
  bool: 'readBool',
  int8: 'readInt8',
  int16: 'readInt16',
  uint16: 'readUInt16',
  int32: 'readInt32',
  uint32: 'readUInt32',
  int64: 'readInt64',
  float64: 'readFloat64',
  uuid: 'readUuid',
  string: 'String',
  bytes: 'Bytes',
  records: 'Bytes',
};

function writeMethod(p: Primitive, compact: boolean, nullable: boolean): string {
  const w = WRITE[p];
  if (w.startsWith('write')) return w;
  return `write${compact ? 'Compact' : ''}${nullable ? 'Nullable' : ''}${w}`;
}

function readMethod(p: Primitive, compact: boolean, nullable: boolean): string {
  const r = READ[p];
  if (r.startsWith('read')) return r;
  return `read${compact ? 'Compact' : ''}${nullable ? 'Nullable' : ''}${r}`;
}

/** Fixed encoded size of a primitive, or `null` when it varies. */
function fixedSize(p: Primitive): number | null {
  const sizes: Partial<Record<Primitive, number>> = {
    bool: 1,
    int8: 1,
    int16: 2,
    uint16: 2,
    int32: 4,
    uint32: 4,
    int64: 8,
    float64: 8,
    uuid: 16,
  };
  return sizes[p] ?? null;
}

/** Emits one spec's types and codecs. */
export class MessageEmitter {
  private readonly code = new Code();
  /** Versions in which each struct can be reached from the message body. */
  private readonly reach = new Map<string, Set<number>>();
  /** Structs needing a default factory and an is-default test (used as non-array fields). */
  private readonly needsDefault = new Set<string>();
  private readonly typeName: (struct: string) => string;
  /** Static field path of each struct from the message root, for error messages. */
  private readonly paths = new Map<string, string>();

  constructor(private readonly spec: MessageSpec) {
    this.typeName = (s) => structTypeName(spec, s);
    const all = new Set<number>();
    for (let v = spec.validVersions.min; v <= spec.validVersions.max; v++) all.add(v);
    this.walkReach(spec.name, all, '');
    for (const s of spec.structs.values()) {
      for (const f of s.fields) if (f.type.kind === 'struct') this.markDefault(f.type.name);
    }
  }

  private walkReach(struct: string, versions: Set<number>, path: string): void {
    let set = this.reach.get(struct);
    if (set === undefined) {
      set = new Set();
      this.reach.set(struct, set);
      this.paths.set(struct, path);
    }
    for (const v of versions) set.add(v);
    for (const f of this.spec.structs.get(struct)!.fields) {
      const t = f.type.kind === 'array' ? f.type.element : f.type;
      if (t.kind !== 'struct') continue;
      const sub = new Set([...versions].filter((v) => inRange(f.versions, v)));
      this.walkReach(t.name, sub, `${path}${f.prop}${f.type.kind === 'array' ? '[]' : ''}.`);
    }
  }

  private markDefault(struct: string): void {
    if (this.needsDefault.has(struct)) return;
    this.needsDefault.add(struct);
    for (const f of this.spec.structs.get(struct)!.fields)
      if (f.type.kind === 'struct') this.markDefault(f.type.name);
  }

  /** Struct names in emission order: message body first, then nested ones depth-first. */
  private orderedStructs(): Struct[] {
    const out: Struct[] = [];
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const s = this.spec.structs.get(name)!;
      out.push(s);
      for (const f of s.fields) {
        const t = f.type.kind === 'array' ? f.type.element : f.type;
        if (t.kind === 'struct') visit(t.name);
      }
    };
    visit(this.spec.name);
    return out;
  }

  private branches(struct: Struct): Branch[] {
    const reached = this.reach.get(struct.name);
    if (reached === undefined || reached.size === 0) return [];
    const min = Math.min(...reached);
    const max = Math.max(...reached);
    const out: Branch[] = [];
    let key = '';
    for (let v = min; v <= max; v++) {
      const flexible = inRange(this.spec.flexibleVersions, v);
      const layouts = struct.fields.map((f) => fieldLayout(this.spec, f, v));
      const k = JSON.stringify([flexible, layouts]);
      const last = out[out.length - 1];
      if (last !== undefined && k === key) last.max = v;
      else out.push({ min: v, max: v, flexible, layouts });
      key = k;
    }
    return out;
  }

  /** Emits the whole section of this spec. */
  emit(): string[] {
    const structs = this.orderedStructs().filter((s) => (this.reach.get(s.name)?.size ?? 0) > 0);
    for (const s of structs) this.emitInterfaces(s);
    for (const s of structs) if (this.needsDefault.has(s.name)) this.emitDefaults(s);
    for (const s of structs) this.emitWriter(s);
    for (const s of structs) this.emitReader(s);
    this.emitEntryPoints();
    return this.code.lines;
  }

  private fieldDoc(f: Field): string {
    const parts = [doc(f.about)];
    parts.push(`Versions ${fmtRange(f.versions)}.`);
    if (f.nullableVersions) parts.push(`Nullable ${fmtRange(f.nullableVersions)}.`);
    if (f.tag !== null) parts.push(`Tagged (tag ${f.tag}) ${fmtRange(f.taggedVersions)}.`);
    if (f.default !== undefined) parts.push(`Default ${JSON.stringify(f.default)}.`);
    if (f.ignorable) parts.push('Ignorable.');
    if (f.onlyIn !== undefined) parts.push(`Only in the Kafka ${f.onlyIn} spec (removed with its versions).`);
    return parts.filter((p) => p !== '').join(' ');
  }

  /** Whether encoders may omit the field: it has a default, is tagged, or some version lacks it. */
  private optionalInInput(f: Field): boolean {
    const v = f.versions;
    const valid = this.spec.validVersions;
    const inAllVersions = v !== null && v.min <= valid.min && v.max >= valid.max;
    return hasExplicitDefault(f) || f.tag !== null || !inAllVersions || defaultIsNull(f);
  }

  /** ` (0-1 from the Kafka 3.9.2 spec: ...)` when older versions were merged in, else empty. */
  private legacyNote(short = false): string {
    const l = this.spec.legacy;
    if (l === undefined) return '';
    if (short) return `; ${fmtRange(l.versions)} as in the Kafka ${l.release} spec`;
    return ` (${fmtRange(l.versions)} from the Kafka ${l.release} spec: versions Kafka 4.0 removed, KIP-896, that 3.x brokers serve)`;
  }

  private emitInterfaces(s: Struct): void {
    const c = this.code;
    const name = this.typeName(s.name);
    const isRoot = s.name === this.spec.name;
    const about = isRoot
      ? `${this.spec.name}${this.spec.apiKey !== null ? ` (API key ${this.spec.apiKey})` : ''}: versions ${fmtRange(this.spec.validVersions)}${this.legacyNote()}, flexible ${fmtRange(this.spec.flexibleVersions)}.`
      : `${s.name} of ${this.spec.name}, as decoded.`;
    c.line(`/** ${about} */`);
    c.open(`export interface ${name} {`);
    for (const f of s.fields) {
      c.line(`/** ${this.fieldDoc(f)} */`);
      c.line(`${f.prop}: ${tsType(f, this.typeName, false)};`);
    }
    c.line('/** Tagged fields this version of kafe does not know, kept to be re-emitted. */');
    c.line('unknownTaggedFields?: TaggedField[];');
    c.close();
    c.line();
    c.line(
      `/** ${name} as accepted by the encoder: fields with a default, tagged or not in every version may be omitted. */`,
    );
    c.open(`export interface ${name}Input {`);
    for (const f of s.fields) {
      c.line(`/** ${this.fieldDoc(f)} */`);
      c.line(`${f.prop}${this.optionalInInput(f) ? '?' : ''}: ${tsType(f, this.typeName, true)};`);
    }
    c.line('/** Tagged fields to emit as they are, in ascending tag order. */');
    c.line('unknownTaggedFields?: readonly TaggedField[];');
    c.close();
    c.line();
  }

  private emitDefaults(s: Struct): void {
    const c = this.code;
    const name = this.typeName(s.name);
    c.line(`/** A ${name} with every field at its default. */`);
    c.open(`function ${defaultFactory(name)}(): ${name} {`);
    c.line(`return { ${s.fields.map((f) => `${f.prop}: ${defaultExpr(f, this.typeName)}`).join(', ')} };`);
    c.close();
    c.line();
    c.line(
      `/** Whether every field of a ${name} is at its default (Java compares with \`new ${s.name}()\`). */`,
    );
    c.open(`function ${isDefaultFunction(name)}(m: ${name}Input): boolean {`);
    const tests = s.fields.map(
      (f) => `(m.${f.prop} === undefined || !(${nonDefaultTest(f, `m.${f.prop}`, this.typeName)}))`,
    );
    // Java's generated equals() compares unknown tagged fields too, so a struct carrying any is
    // not default and must be written (test/java-agreement/FINDINGS.md #1).
    tests.push('(m.unknownTaggedFields === undefined || m.unknownTaggedFields.length === 0)');
    c.line(`return ${tests.join(' &&\n    ')};`);
    c.close();
    c.line();
  }

  private path(s: Struct, f: Field): string {
    return `${this.paths.get(s.name) ?? ''}${f.prop}`;
  }

  /** Statements writing value `v` of field `f` (already non-undefined) with layout `l`. */
  private writeValue(s: Struct, f: Field, l: FieldLayout, v: string): void {
    const c = this.code;
    const t = f.type;
    if (mayBeNull(f) && !l.nullable) {
      c.line(`if (${v} === null) throw nullFieldError('${this.spec.name}', '${this.path(s, f)}', version);`);
    }
    const nullable = l.nullable;
    if (t.kind === 'primitive') {
      c.line(`w.${writeMethod(t.name, l.compact, nullable)}(${v});`);
      return;
    }
    if (t.kind === 'struct') {
      const fn = `write${this.typeName(t.name)}`;
      if (nullable) {
        c.open(`if (${v} === null) w.writeInt8(-1);`);
        c.close(`else { w.writeInt8(1); ${fn}(w, ${v}, version); }`);
      } else {
        c.line(`${fn}(w, ${v}, version);`);
      }
      return;
    }
    const len = l.compact ? 'writeCompactArrayLength' : 'writeArrayLength';
    const e = t.element;
    const elem =
      e.kind === 'primitive'
        ? `w.${writeMethod(e.name, l.compact, false)}(e);`
        : `write${this.typeName(e.name)}(w, e, version);`;
    if (nullable) {
      c.line(`if (${v} === null) w.${len}(-1);`);
      c.open('else {');
    } else {
      c.open('{');
    }
    c.line(`w.${len}(${v}.length);`);
    c.line(`for (const e of ${v}) ${elem}`);
    c.close();
  }

  /** Emits `if (version >= a) {...} else if (version >= b) {...} else {...}`, highest versions first. */
  private emitBranches(branches: Branch[], body: (b: Branch) => void): void {
    const c = this.code;
    const ordered = [...branches].reverse();
    ordered.forEach((b, i) => {
      const label = `// versions ${b.min}${b.max > b.min ? `-${b.max}` : ''}`;
      if (ordered.length === 1) {
        c.line(label);
      } else {
        if (i > 0) c.dedent();
        const cond = i === ordered.length - 1 ? '' : `if (version >= ${b.min}) `;
        c.line(`${i === 0 ? '' : '} else '}${cond}{`);
        c.indent();
        c.line(label);
      }
      body(b);
    });
    if (ordered.length > 1) c.close();
  }

  private emitWriter(s: Struct): void {
    const c = this.code;
    const name = this.typeName(s.name);
    c.open(`function write${name}(w: Writer, m: ${name}Input, version: number): void {`);
    this.emitBranches(this.branches(s), (b) => this.emitWriterBranch(s, b));
    c.close();
    c.line();
  }

  private emitWriterBranch(s: Struct, b: Branch): void {
    const c = this.code;
    const tagged: { f: Field; l: FieldLayout }[] = [];
    s.fields.forEach((f, i) => {
      const l = b.layouts[i]!;
      const value = `m.${f.prop}`;
      if (!l.present) {
        if (!f.ignorable) {
          c.line(
            `if (${value} !== undefined && ${nonDefaultTest(f, value, this.typeName)}) throw nonDefaultFieldError('${this.spec.name}', '${this.path(s, f)}', version);`,
          );
        }
        return;
      }
      if (l.tagged) {
        tagged.push({ f, l });
        return;
      }
      const v = `$${f.prop}`;
      c.line(`const ${v} = ${value} === undefined ? ${defaultExpr(f, this.typeName)} : ${value};`);
      this.writeValue(s, f, l, v);
    });
    if (!b.flexible) return;
    if (tagged.length === 0) {
      c.line('writeTaggedFieldsSection(w, m.unknownTaggedFields);');
      return;
    }
    tagged.sort((x, y) => x.f.tag! - y.f.tag!);
    c.line('const unknown = m.unknownTaggedFields;');
    for (const { f } of tagged) {
      const value = `m.${f.prop}`;
      c.line(`const $${f.prop} = ${value} === undefined ? ${defaultExpr(f, this.typeName)} : ${value};`);
      c.line(`const $${f.prop}Set = ${nonDefaultTest(f, `$${f.prop}`, this.typeName)};`);
    }
    const count = tagged.map(({ f }) => `($${f.prop}Set ? 1 : 0)`).join(' + ');
    c.line(`w.writeUnsignedVarint((unknown === undefined ? 0 : unknown.length) + ${count});`);
    c.line('let u = 0;');
    for (const { f, l } of tagged) {
      c.open(`if ($${f.prop}Set) {`);
      c.line(`if (unknown !== undefined) u = writeUnknownTaggedFields(w, unknown, u, ${f.tag});`);
      c.line(`w.writeUnsignedVarint(${f.tag});`);
      const size = f.type.kind === 'primitive' ? fixedSize(f.type.name) : null;
      if (size !== null) {
        c.line(`w.writeUnsignedVarint(${size});`);
        this.writeValue(s, f, l, `$${f.prop}`);
      } else {
        c.line('const mark = w.beginSized();');
        this.writeValue(s, f, l, `$${f.prop}`);
        c.line('w.endSized(mark);');
      }
      c.close();
    }
    c.line('if (unknown !== undefined) writeUnknownTaggedFields(w, unknown, u, Number.POSITIVE_INFINITY);');
  }

  /** Expression or statements reading field `f` with layout `l` into `const v`. */
  private readValue(s: Struct, f: Field, l: FieldLayout, v: string, assign: 'const' | 'set'): void {
    const c = this.code;
    const t = f.type;
    const lhs = assign === 'const' ? `const ${v}` : v;
    if (t.kind === 'primitive') {
      c.line(`${lhs} = r.${readMethod(t.name, l.compact, l.nullable)}();`);
      return;
    }
    if (t.kind === 'struct') {
      const fn = `read${this.typeName(t.name)}`;
      c.line(`${lhs} = ${l.nullable ? `r.readInt8() < 0 ? null : ${fn}(r, version)` : `${fn}(r, version)`};`);
      return;
    }
    const n = `${v}N`;
    const e = t.element;
    const elemType = tsType({ ...f, nullableVersions: null, default: undefined }, this.typeName, false);
    const elem =
      e.kind === 'primitive'
        ? `r.${readMethod(e.name, l.compact, false)}()`
        : `read${this.typeName(e.name)}(r, version)`;
    c.line(
      `const ${n} = r.${l.compact ? 'readCompactArrayLength' : 'readArrayLength'}(${minElementSize(t, l.compact)});`,
    );
    if (l.nullable) {
      c.line(`${assign === 'const' ? `let ${v}: ${elemType} | null` : v} = null;`);
      c.open(`if (${n} >= 0) {`);
    } else {
      c.line(`if (${n} < 0) throw r.error('non-nullable field ${this.path(s, f)} was serialized as null');`);
      c.line(`${assign === 'const' ? `const ${v}: ${elemType}` : v} = [];`);
      c.open('{');
    }
    if (l.nullable) c.line(`${v} = [];`);
    c.line(`for (let i = 0; i < ${n}; i++) ${v}.push(${elem});`);
    c.close();
  }

  private emitReader(s: Struct): void {
    const c = this.code;
    const name = this.typeName(s.name);
    c.open(`function read${name}(r: Reader, version: number): ${name} {`);
    this.emitBranches(this.branches(s), (b) => this.emitReaderBranch(s, b));
    c.close();
    c.line();
  }

  private emitReaderBranch(s: Struct, b: Branch): void {
    const c = this.code;
    const name = this.typeName(s.name);
    const tagged: { f: Field; l: FieldLayout }[] = [];
    s.fields.forEach((f, i) => {
      const l = b.layouts[i]!;
      if (!l.present) return;
      if (l.tagged) tagged.push({ f, l });
      else this.readValue(s, f, l, `$${f.prop}`, 'const');
    });
    if (b.flexible) {
      if (tagged.length === 0) {
        c.line('const unknown = readTaggedFieldsSection(r);');
      } else {
        tagged.sort((x, y) => x.f.tag! - y.f.tag!);
        for (const { f } of tagged) {
          c.line(`let $${f.prop}: ${tsType(f, this.typeName, false)} = ${defaultExpr(f, this.typeName)};`);
        }
        c.line('let unknown: TaggedField[] | undefined;');
        c.line('const count = r.readUnsignedVarint();');
        c.open('for (let i = 0; i < count; i++) {');
        c.line('const tag = r.readUnsignedVarint();');
        c.line('const size = readTaggedFieldSize(r);');
        c.line('const end = r.offset + size;');
        c.open('switch (tag) {');
        for (const { f, l } of tagged) {
          c.open(`case ${f.tag}: {`);
          this.readValue(s, f, l, `$${f.prop}`, 'set');
          c.line('break;');
          c.close();
        }
        c.open('default:');
        c.line('(unknown ??= []).push({ tag, data: r.readRaw(size) });');
        c.line('continue;');
        c.dedent();
        c.close();
        c.line('checkTaggedFieldEnd(r, tag, end);');
        c.close();
      }
    }
    const props = s.fields.map((f, i) => {
      const l = b.layouts[i]!;
      return l.present ? `${f.prop}: $${f.prop}` : `${f.prop}: ${defaultExpr(f, this.typeName)}`;
    });
    c.line(`const out: ${name} = { ${props.join(', ')} };`);
    if (b.flexible) c.line('if (unknown !== undefined) out.unknownTaggedFields = unknown;');
    c.line('return out;');
  }

  private emitEntryPoints(): void {
    const c = this.code;
    const name = this.spec.name;
    const { min, max } = this.spec.validVersions;
    c.line(
      `/** Encodes a ${name} at \`version\` (${min}-${max}${this.legacyNote(true)}); refuses what that version cannot carry. */`,
    );
    c.open(`export function encode${name}(w: Writer, msg: ${name}Input | ${name}, version: number): void {`);
    c.line(
      `if (!(version >= ${min} && version <= ${max})) throw unsupportedEncodeVersion('${name}', version, ${min}, ${max});`,
    );
    c.line('const start = w.offset;');
    c.open('try {');
    c.line(`write${name}(w, msg, version);`);
    c.close('} catch (e) {');
    c.line('  w.rewind(start);');
    c.line(`  throw encodeFailure('${name}', version, e);`);
    c.line('}');
    c.close();
    c.line();
    c.line(
      `/** Decodes a ${name} of \`version\` (${min}-${max}${this.legacyNote(true)}) from \`r\`; malformed bytes raise a DecodeError. */`,
    );
    c.open(`export function decode${name}(r: Reader, version: number): ${name} {`);
    c.line(
      `if (!(version >= ${min} && version <= ${max})) throw unsupportedDecodeVersion('${name}', version, ${min}, ${max}, r.offset);`,
    );
    c.open('try {');
    c.line(`return read${name}(r, version);`);
    c.close('} catch (e) {');
    c.line(`  throw decodeFailure('${name}', version, e, r.offset);`);
    c.line('}');
    c.close();
    c.line();
  }
}
