/**
 * Secrets out of logs: the options objects kafe keeps that may carry a secret (`sasl`
 * credentials, Node `tls` options with a private key, a passphrase or a PKCS#12 bundle) are kept
 * as copies that print `[hidden]` in place of the secret under `util.inspect` (so
 * `console.log`, and any logger that inspects) and `JSON.stringify`, as Java's `Password` type
 * prints `[hidden]`. The copies keep every own property, so spreading one (as `tls.connect`
 * options) or reading a field still gives the real value to the code that needs it.
 */
import { inspect } from 'node:util';

/** What a hidden secret prints as (Java's `Password.HIDDEN`). */
export const HIDDEN = '[hidden]';

/**
 * Field names whose values are secrets wherever they appear: SASL passwords (PLAIN, SCRAM),
 * OAUTHBEARER tokens, and the secret parts of Node's TLS options (`key`, `passphrase`, `pfx`).
 */
const SECRET_FIELDS = new Set(['password', 'token', 'key', 'passphrase', 'pfx']);

/** A copy of `value` with every secret field, at any depth, replaced by {@link HIDDEN}. */
function redacted(value: unknown, seen = new Set<unknown>()): unknown {
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((v) => redacted(v, seen));
  }
  // Plain objects and hidden copies only: other instances (an AbortSignal, a Buffer) print themselves.
  if (!isOptionsObject(value)) return value;
  seen.add(value);
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = SECRET_FIELDS.has(k) ? HIDDEN : redacted(v, seen);
  return copy;
}

/** The prototype of hidden copies: prints and serialises the copy with its secrets hidden. */
const hiddenPrototype = {
  [inspect.custom](_depth: number, options: object): string {
    return inspect(redacted(this), options);
  },
  toJSON(): unknown {
    return redacted(this);
  },
};

/**
 * A copy of `options` (a plain object) that hides its secrets when printed or serialised;
 * other values (`true`, a `SaslMechanism` instance) are returned as they are.
 */
export function hideSecrets<T>(options: T): T {
  if (!isOptionsObject(options) || Object.getPrototypeOf(options) === hiddenPrototype) return options;
  return Object.assign(Object.create(hiddenPrototype), options);
}

function isOptionsObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || prototype === hiddenPrototype;
}

/** Settings that may hold `sasl` and `tls` options, with both kept as hidden copies. */
export function withHiddenSecrets<T extends { readonly sasl?: unknown; readonly tls?: unknown }>(
  settings: T,
): T {
  return hideSecrets({
    ...settings,
    ...(settings.sasl === undefined ? {} : { sasl: hideSecrets(settings.sasl) }),
    ...(settings.tls === undefined ? {} : { tls: hideSecrets(settings.tls) }),
  });
}
