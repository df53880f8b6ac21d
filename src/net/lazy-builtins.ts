/**
 * Node built-ins loaded on first use rather than imported: importing node:tls or node:crypto
 * (through its ES-module facade, which loads every lazily defined part of it) costs every
 * process that loads kafe several milliseconds of CPU (node:tls about 12 ms on Node 26, at each
 * start of the `kafe` command), while only TLS, SASL/SCRAM and a few group protocols use them.
 * Through `createRequire`, which every Node kafe supports (`process.getBuiltinModule` needs
 * 20.16).
 */

import type * as crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as tls from 'node:tls';

let load: NodeJS.Require | undefined;

function builtin<T>(name: string): T {
  load ??= createRequire(import.meta.url);
  return load(name) as T;
}

/** node:tls, loaded on first use. */
export function nodeTls(): typeof tls {
  return builtin<typeof tls>('node:tls');
}

/** node:crypto, loaded on first use. */
export function nodeCrypto(): typeof crypto {
  return builtin<typeof crypto>('node:crypto');
}
