/**
 * Walks bytes Java wrote for one message version with the spec and records which field each
 * byte range holds, so that "kafe's bytes differ at offset 37" can be reported as the field at
 * offset 37. It follows the encoding rules of Apache's MessageDataGenerator: compact lengths
 * (unsigned varint of length + 1) in flexible versions unless the field overrides
 * `flexibleVersions`, a one-byte presence marker before nullable structs, and a tagged-field
 * section (count, then tag / size / value) closing every struct of a flexible version.
 *
 * It only ever reads bytes Java produced, so it stays small: no defensive limits beyond bounds.
 */
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

/** A byte range `[start, end)` and the field path whose encoding occupies it. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly path: string;
}

const FIXED_SIZES: Record<string, number> = {
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

class Walker {
  pos = 0;
  readonly spans: Span[] = [];
  private readonly view: DataView;

  constructor(
    readonly spec: MessageSpec,
    readonly version: number,
    readonly bytes: Uint8Array,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get flexible(): boolean {
    return inRange(this.spec.flexibleVersions, this.version);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length)
      throw new Error(`needs ${n} bytes at ${this.pos}, only ${this.bytes.length}`);
  }

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      this.need(1);
      const b = this.bytes[this.pos++] as number;
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
    throw new Error(`varint too long at ${this.pos}`);
  }

  int8(): number {
    this.need(1);
    return this.view.getInt8(this.pos++);
  }

  int16(): number {
    this.need(2);
    const v = this.view.getInt16(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  /** Length of a string/bytes/array, or -1 for null. */
  length(compact: boolean, wide: boolean): number {
    if (compact) return this.uvarint() - 1;
    return wide ? this.int32() : this.int16();
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  struct(fields: readonly FieldSpec[], path: string): void {
    for (const field of fields) {
      if (!inRange(field.versions, this.version) || isTaggedIn(field, this.version)) continue;
      this.field(field, field.type, `${path}/${camelName(field)}`);
    }
    if (this.flexible) this.taggedSection(fields, path);
  }

  private taggedSection(fields: readonly FieldSpec[], path: string): void {
    const start = this.pos;
    const count = this.uvarint();
    this.spans.push({ start, end: this.pos, path: `${path} (tagged field count)` });
    for (let i = 0; i < count; i++) {
      const headerStart = this.pos;
      const tag = this.uvarint();
      const size = this.uvarint();
      const field = fields.find((f) => f.tag === tag && isTaggedIn(f, this.version));
      const fieldPath = field ? `${path}/${camelName(field)}` : `${path} (unknown tag ${tag})`;
      this.spans.push({ start: headerStart, end: this.pos, path: `${fieldPath} (tag and size)` });
      if (field) this.field(field, field.type, fieldPath);
      else this.skip(size);
    }
  }

  /** `element`: an array element, never null on the wire (nullability belongs to the array). */
  field(field: FieldSpec, type: string, path: string, element = false): void {
    const start = this.pos;
    this.value(field, type, path, element);
    this.spans.push({ start, end: this.pos, path });
  }

  private value(field: FieldSpec, type: string, path: string, isElement: boolean): void {
    const element = arrayElementType(type);
    if (element !== undefined) {
      const n = this.length(this.flexible, true);
      for (let i = 0; i < n; i++) this.field(field, element, `${path}/${i}`, true);
      return;
    }
    const fixed = FIXED_SIZES[type];
    if (fixed !== undefined) {
      this.skip(fixed);
      return;
    }
    if (type === 'string' || type === 'bytes' || type === 'records') {
      // A field may opt out of compact encoding (RequestHeader.ClientId: "flexibleVersions": "none").
      const compact =
        this.flexible &&
        (field.flexibleVersions === undefined || inRange(field.flexibleVersions, this.version));
      const n = this.length(compact, type !== 'string');
      if (n > 0) this.skip(n);
      return;
    }
    if (PRIMITIVE_TYPES.has(type)) throw new Error(`unhandled type ${type}`);
    if (!isElement && inRange(field.nullableVersions, this.version) && this.int8() < 0) return;
    this.struct(structFields(this.spec, field, type), path);
  }
}

/** The spans of every field in `bytes`, an encoding of `spec` at `version` (throws if they do not fit). */
export function traceFields(spec: MessageSpec, version: number, bytes: Uint8Array): Span[] {
  const walker = new Walker(spec, version, bytes);
  walker.struct(spec.fields, '');
  if (walker.pos !== bytes.length)
    throw new Error(`the spec walk ends at ${walker.pos} of ${bytes.length} bytes`);
  return walker.spans;
}

/** The innermost field whose encoding covers byte `offset`, e.g. `/topics/0/partitions [bytes 12..40)`. */
export function fieldAt(spans: readonly Span[], offset: number): string {
  let best: Span | undefined;
  for (const span of spans) {
    if (offset < span.start || offset >= span.end) continue;
    if (!best || span.end - span.start < best.end - best.start) best = span;
  }
  return best ? `${best.path || '/'} [bytes ${best.start}..${best.end})` : '(past the last field)';
}
