/**
 * Builds message values by walking a spec, for the round-trip tests and the fuzzer: every field
 * a version carries gets a non-default value (distinct per field, so swapped fields show), every
 * field it lacks gets its default, exactly as a decoder returns it.
 */
import { defaultExpr, type FieldLayout, fieldLayout } from './field-model.js';
import type { Field, MessageSpec, Primitive } from './spec.js';

/** How to fill fields that the version carries. */
export type SampleMode = 'populated' | 'nulls';

/** Builds values for one spec. */
export class SampleBuilder {
  private counter = 0;

  constructor(private readonly spec: MessageSpec) {}

  /** A decoded-form value of the whole message at `version`. */
  message(version: number, mode: SampleMode = 'populated'): Record<string, unknown> {
    this.counter = 0;
    return this.struct(this.spec.name, version, mode);
  }

  /** A non-default value for field `f` (used to probe out-of-version refusals). */
  nonDefault(f: Field, version: number): unknown {
    const l = fieldLayout(this.spec, f, version);
    return this.value(f, { ...l, nullable: false }, version, 'populated');
  }

  /** The decoded default of a struct (all fields at their defaults). */
  defaults(struct: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.spec.structs.get(struct)!.fields) out[f.prop] = this.defaultValue(f);
    return out;
  }

  /** The decoded default of a field. */
  defaultValue(f: Field): unknown {
    const expr = defaultExpr(f, (s) => s);
    if (expr === 'ZERO_UUID') return 'AAAAAAAAAAAAAAAAAAAAAA';
    if (expr === 'EMPTY_BYTES') return Buffer.alloc(0);
    if (expr === '[]') return [];
    if (expr.endsWith('()')) return this.defaults((f.type as { name: string }).name);
    if (expr.endsWith('n')) return BigInt(expr.slice(0, -1));
    return JSON.parse(expr) as unknown;
  }

  private struct(name: string, version: number, mode: SampleMode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.spec.structs.get(name)!.fields) {
      const l = fieldLayout(this.spec, f, version);
      out[f.prop] = l.present ? this.value(f, l, version, mode) : this.defaultValue(f);
    }
    return out;
  }

  private value(f: Field, l: FieldLayout, version: number, mode: SampleMode): unknown {
    if (l.nullable && mode === 'nulls') return null;
    const t = f.type;
    if (t.kind === 'struct') return this.struct(t.name, version, mode);
    if (t.kind === 'array') {
      const e = t.element;
      return [0, 1].map(() =>
        e.kind === 'struct' ? this.struct(e.name, version, mode) : this.primitive(e.name, f, version, true),
      );
    }
    return this.primitive(t.name, f, version, false);
  }

  private primitive(p: Primitive, f: Field, version: number, element: boolean): unknown {
    const k = ++this.counter;
    const d = element ? undefined : this.defaultValue(f);
    switch (p) {
      case 'bool':
        return d !== true;
      case 'int8': {
        // Small range: step over the default so the value stays non-default (DescribeAcls v0
        // lacks PatternTypeFilter, whose default is 3).
        const n = (k % 120) + 2;
        return n === d ? n + 1 : n;
      }
      case 'int16':
        return -(1000 + k);
      case 'uint16':
        return 40000 + k;
      case 'int32':
        return k % 2 === 0 ? 100000 + k : -(100000 + k);
      case 'uint32':
        return 3_000_000_000 + k;
      case 'int64':
        return 2n ** 62n + BigInt(k);
      case 'float64':
        return 1.25 + k;
      case 'string':
        return `${f.prop}-${k}-é`;
      case 'uuid': {
        const b = Buffer.alloc(16, k & 0xff);
        b[15] = 0x40;
        return b.toString('base64url');
      }
      case 'bytes':
      case 'records':
        return Buffer.from([k & 0xff, 0, 255, version]);
    }
  }
}
