/**
 * Declarative checks of options objects, run when a client is made: one schema per options
 * object names a rule for every option (the type {@link OptionSchema} makes the list total, so
 * an option without a rule does not compile), plus cross-option rules. A bad option is a
 * {@link ConfigurationError} naming it and saying what it expects, before any I/O, instead of a
 * `TypeError` at the first request. Java's `ConfigDef` validates the same way at construction.
 *
 * Unknown names are refused, with the closest known name when there is one (`lingerMS`: "did
 * you mean lingerMs?"). Java only logs a warning for an unknown key, but its keys are strings in
 * a map; here an unknown name is almost always a typo or an option of another client (KafkaJS's
 * `retry: {...}`, `logLevel`) that would otherwise be dropped silently, and TypeScript reports
 * it only for object literals.
 */
import { ConfigurationError } from './errors.js';

/** What one option accepts. */
export interface OptionRule {
  /** What a good value is, for the error message: "an integer from 0 to 2147483647". */
  readonly expected: string;
  /** Whether `value` (never `undefined`) is good; may throw a {@link ConfigurationError} naming a nested path. */
  readonly accepts: (value: unknown, path: string) => boolean;
  /** The value is a secret: an error names its type only, never the value. */
  readonly secret?: boolean;
  /** The option must be given. */
  readonly required?: boolean;
}

/** A rule for every option of `T`. */
export type OptionSchema<T> = { readonly [K in keyof T]-?: OptionRule };

/** A rule between options: returns what is wrong (naming `option`), or undefined. */
export interface CrossOptionRule<T> {
  readonly option: keyof T & string;
  readonly problem: (options: T) => string | undefined;
}

/** An integer in [min, max] (a 32-bit signed maximum, Java's `int`, unless told). */
export function integer(min: number, max = 2 ** 31 - 1): OptionRule {
  return {
    expected: `an integer from ${min} to ${max}`,
    accepts: (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max,
  };
}

/** `true` or `false`. */
export const boolean: OptionRule = { expected: 'true or false', accepts: (v) => typeof v === 'boolean' };

/** A string, non-empty unless `empty` is allowed. */
export function string(options: { empty?: boolean; secret?: boolean } = {}): OptionRule {
  return {
    expected: options.empty ? 'a string' : 'a non-empty string',
    accepts: (v) => typeof v === 'string' && (options.empty === true || v.length > 0),
    ...(options.secret ? { secret: true } : {}),
  };
}

/** A function. */
export const func: OptionRule = { expected: 'a function', accepts: (v) => typeof v === 'function' };

/** One of `values`. */
export function oneOf(values: readonly unknown[]): OptionRule {
  const names = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return { expected: `one of ${names.join(', ')}`, accepts: (v) => values.includes(v) };
}

/** Any value one of `rules` accepts. */
export function either(...rules: OptionRule[]): OptionRule {
  return {
    expected: rules.map((r) => r.expected).join(' or '),
    accepts: (v, path) => rules.some((r) => r.accepts(v, path)),
  };
}

/** A non-empty list whose every element `element` accepts. */
export function listOf(element: OptionRule): OptionRule {
  return {
    expected: `a non-empty list of ${element.expected}`,
    accepts: (v, path) =>
      Array.isArray(v) && v.length > 0 && v.every((e, i) => element.accepts(e, `${path}[${i}]`)),
  };
}

/** An object whose options follow `schema` (checked in turn, so an error names the nested option). */
export function objectOf<T>(schema: OptionSchema<T>, cross: readonly CrossOptionRule<T>[] = []): OptionRule {
  return {
    expected: 'an object',
    accepts: (v, path) => {
      if (!isPlainObject(v)) return false;
      checkOptions(v as T, schema, cross, `${path}.`);
      return true;
    },
  };
}

/** An instance of `type`. */
export function instanceOf(type: abstract new (...args: never[]) => unknown): OptionRule {
  return { expected: `a ${type.name}`, accepts: (v) => v instanceof type };
}

/** Any object (its own fields are checked by whoever uses it, e.g. Node's `tls`). */
export const object: OptionRule = { expected: 'an object', accepts: (v) => isPlainObject(v) };

/**
 * Checks `options` against `schema` and `cross`; throws a {@link ConfigurationError} naming the
 * first bad option (as `prefix` + its name).
 */
export function checkOptions<T>(
  options: T,
  schema: OptionSchema<T>,
  cross: readonly CrossOptionRule<T>[] = [],
  prefix = '',
): void {
  if (!isPlainObject(options)) {
    // Nested objects are checked by their rule first; this is the top-level options argument.
    throw new ConfigurationError(`options: expected an object, got ${shown(options)}`);
  }
  const rules = schema as Record<string, OptionRule>;
  for (const [name, value] of Object.entries(options as object)) {
    const path = prefix + name;
    const rule = rules[name];
    if (rule === undefined) {
      const near = closest(name, Object.keys(rules));
      throw new ConfigurationError(
        `${path}: unknown option${near ? ` (did you mean ${prefix}${near}?)` : ''}; known: ${Object.keys(rules).join(', ')}`,
        { option: path },
      );
    }
    if (value === undefined) continue;
    if (!rule.accepts(value, path))
      throw new ConfigurationError(
        `${path}: expected ${rule.expected}, got ${rule.secret ? `a ${typeName(value)} (hidden)` : shown(value)}`,
        { option: path },
      );
  }
  for (const [name, rule] of Object.entries(rules))
    if (rule.required && (options as Record<string, unknown>)[name] === undefined)
      throw new ConfigurationError(`${prefix}${name}: required, expected ${rule.expected}`, {
        option: prefix + name,
      });
  for (const rule of cross) {
    const problem = rule.problem(options);
    if (problem !== undefined)
      throw new ConfigurationError(`${prefix}${rule.option}: ${problem}`, { option: prefix + rule.option });
  }
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

/** A short, safe rendering of a bad value. */
function shown(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
    return `${String(v)}${typeof v === 'bigint' ? 'n' : ''}`;
  return typeName(v);
}

/** The known name nearest to `name`: the same ignoring case, else at most 2 edits away. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
