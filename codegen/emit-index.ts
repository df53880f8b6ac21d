/**
 * Emits `index.ts` of the generated messages: re-exports, the `messageCodecs` table keyed by
 * spec name, the `apiKeys` table and the header-version rules of Java's ApiMessageType.
 */
import { generatedHeader } from './generated-header.js';
import type { MessageSpec, VersionRange } from './spec.js';

function pascal(file: string): string {
  return file.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function flexiblePair(spec: MessageSpec): string {
  const f: VersionRange | null = spec.flexibleVersions;
  if (f === null || f.min > spec.validVersions.max) return 'null';
  return `[${f.min}, ${Math.min(f.max, spec.validVersions.max)}]`;
}

function legacyPair(spec: MessageSpec): string {
  const l = spec.legacy;
  return l === undefined ? 'null' : `[${l.versions.min}, ${l.versions.max}]`;
}

/** Emits the index module for the given file groups (`legacyRelease`: where older versions come from). */
export function emitIndex(
  groups: { file: string; specs: MessageSpec[] }[],
  release: string,
  legacyRelease: string | undefined,
): string {
  const legacyDoc =
    legacyRelease === undefined
      ? 'none (generated without legacy specs)'
      : `taken from the Kafka ${legacyRelease} spec (removed in 4.0 by KIP-896, still served by 3.x brokers)`;
  const out: string[] = [
    generatedHeader(release),
    '/**',
    ' * The generated message codecs: one module per API (request and response), the request and',
    ' * response headers, the client-side data messages, the error table; plus lookup tables.',
    ' */',
    "import type { MessageCodec } from '../message-codec.js';",
  ];
  for (const g of groups) out.push(`import * as ${pascal(g.file)} from './${g.file}.js';`);
  out.push('');
  for (const g of groups) out.push(`export * from './${g.file}.js';`);
  out.push("export * from './error-codes.js';", '');
  out.push(
    `/** The Apache Kafka release whose specs define the messages (every version from each minimum up). */`,
    `export const SPEC_RELEASE = '${release}';`,
    '',
    `/** The older release whose specs define the versions below those minimums (\`legacyVersions\`), or null. */`,
    `export const LEGACY_SPEC_RELEASE: string | null = ${legacyRelease === undefined ? 'null' : `'${legacyRelease}'`};`,
    '',
  );
  out.push(
    '/**',
    ` * Encoder, decoder and version ranges of every generated message, by spec name. \`validVersions\` is`,
    ` * the union of both releases; \`legacyVersions\` (when present) are the ones ${legacyDoc}.`,
    ' */',
  );
  out.push('export const messageCodecs = {');
  for (const g of groups) {
    for (const s of g.specs) {
      const ns = pascal(g.file);
      const apiKey = s.apiKey === null ? '' : `, apiKey: ${s.apiKey}`;
      const legacy = s.legacy === undefined ? '' : `, legacyVersions: ${legacyPair(s)}`;
      out.push(
        `  ${s.name}: { encode: ${ns}.encode${s.name}, decode: ${ns}.decode${s.name}, validVersions: [${s.validVersions.min}, ${s.validVersions.max}], flexibleVersions: ${flexiblePair(s)}${apiKey}${legacy} },`,
      );
    }
  }
  out.push('} as const satisfies Record<string, MessageCodec<any, any>>;', '');
  out.push(
    '/** Spec name of a generated message. */',
    'export type MessageName = keyof typeof messageCodecs;',
    '',
  );
  out.push(
    '/** One API: its key, the versions kafe can encode and decode, where flexible versions start, who serves it. */',
    'export interface ApiKeyInfo {',
    "  /** Spec name without 'Request', e.g. 'Fetch'. */",
    '  readonly name: string;',
    '  readonly key: number;',
    '  readonly minVersion: number;',
    '  readonly maxVersion: number;',
    `  /** The lowest versions, ${legacyDoc}; null when the current spec defines them all. */`,
    '  readonly legacyVersions: readonly [number, number] | null;',
    '  /** First flexible version (KIP-482), or null. */',
    '  readonly flexibleFrom: number | null;',
    "  /** Who serves the API per the spec: 'broker', 'controller'. */",
    '  readonly listeners: readonly string[];',
    '  /** The spec marks the highest version unstable (not enabled on brokers by default). */',
    '  readonly latestVersionUnstable: boolean;',
    '}',
    '',
    '/** Every API kafe generates, by name. */',
    'export const apiKeys = {',
  );
  const requests = groups
    .map((g) => g.specs[0]!)
    .filter((s) => s.type === 'request')
    .sort((a, b) => a.apiKey! - b.apiKey!);
  for (const s of requests) {
    const name = s.name.replace(/Request$/, '');
    const flex = s.flexibleVersions === null ? 'null' : String(s.flexibleVersions.min);
    out.push(
      `  ${name}: { name: '${name}', key: ${s.apiKey}, minVersion: ${s.validVersions.min}, maxVersion: ${s.validVersions.max}, legacyVersions: ${legacyPair(s)}, flexibleFrom: ${flex}, listeners: [${s.listeners.map((l) => `'${l}'`).join(', ')}], latestVersionUnstable: ${s.latestVersionUnstable} },`,
    );
  }
  out.push(
    '} as const satisfies Record<string, ApiKeyInfo>;',
    '',
    '/** Name of a generated API. */',
    'export type ApiName = keyof typeof apiKeys;',
    '',
    'const apiByKey = new Map<number, ApiKeyInfo>(Object.values(apiKeys).map((a) => [a.key, a]));',
    '',
    '/** The API with this key, or `undefined` if kafe does not generate it. */',
    'export function apiKeyByKey(key: number): ApiKeyInfo | undefined {',
    '  return apiByKey.get(key);',
    '}',
    '',
    '/** The API with this name (typed: the result keeps the literal key and versions). */',
    'export function apiKeyByName<N extends ApiName>(name: N): (typeof apiKeys)[N] {',
    '  return apiKeys[name];',
    '}',
    '',
    "/** RequestHeader version for a request: 2 (flexible) from the API's first flexible version, else 1 (Java ApiMessageType#requestHeaderVersion). */",
    'export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {',
    '  const api = apiByKey.get(apiKey);',
    '  return api !== undefined && api.flexibleFrom !== null && apiVersion >= api.flexibleFrom ? 2 : 1;',
    '}',
    '',
    '/**',
    ' * ResponseHeader version for a response: 1 (flexible) from the first flexible version, else 0;',
    ' * ApiVersions responses always use 0 so that a client can read them whatever it asked (KIP-511).',
    ' */',
    'export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 {',
    '  if (apiKey === apiKeys.ApiVersions.key) return 0;',
    '  const api = apiByKey.get(apiKey);',
    '  return api !== undefined && api.flexibleFrom !== null && apiVersion >= api.flexibleFrom ? 1 : 0;',
    '}',
    '',
  );
  return out.join('\n');
}
