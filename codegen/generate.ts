/**
 * Turns the spec directory into the files of `src/protocol/messages/`: one file per API
 * (request and response together), the headers, the client-side data messages, `index.ts`
 * (codec and API-key tables) and `error-codes.ts`.
 */
import { readFileSync } from 'node:fs';
import { emitErrorCodes } from './emit-errors.js';
import { emitIndex } from './emit-index.js';
import { MessageEmitter, structTypeName } from './emit-message.js';
import { generatedHeader } from './generated-header.js';
import { legacyRange, mergeLegacy } from './merge-legacy.js';
import { loadSpecs, type MessageSpec } from './spec.js';
import { LEGACY_RELEASE } from './spec-source.js';

/**
 * The `data` specs a client needs, and why:
 * - ConsumerProtocolSubscription / ConsumerProtocolAssignment: the consumer group protocol's
 *   member metadata and assignment bytes (classic JoinGroup/SyncGroup).
 * - ControlRecordTypeSchema / EndTxnMarker: key and value of transaction control records
 *   (COMMIT/ABORT), which a read_committed consumer must recognise in fetched batches.
 * The others are in {@link OMITTED_DATA_SPECS}.
 */
export const CLIENT_DATA_SPECS = [
  'ConsumerProtocolSubscription',
  'ConsumerProtocolAssignment',
  'ControlRecordTypeSchema',
  'EndTxnMarker',
] as const;

/**
 * The `data` specs of the release left out on purpose, because no client reads or writes them:
 * KRaft-internal records (LeaderChangeMessage, SnapshotHeader/FooterRecord, KRaftVersionRecord,
 * VotersRecord) seen only in `__cluster_metadata`, DefaultPrincipalData (broker-side request
 * forwarding), AbortedTxn (the broker's transaction index file). A data spec in neither list
 * stops codegen, so a new release's data spec gets a decision.
 */
export const OMITTED_DATA_SPECS = [
  'AbortedTxn',
  'DefaultPrincipalData',
  'KRaftVersionRecord',
  'LeaderChangeMessage',
  'SnapshotFooterRecord',
  'SnapshotHeaderRecord',
  'VotersRecord',
] as const;

const CLIENT_LISTENERS = ['broker', 'controller'];

/** File name (without `.ts`) of an API or data spec: `FetchRequest` -> `fetch`. */
export function kebabFileName(name: string): string {
  const base = name.replace(/(Request|Response)$/, '');
  return base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** One generated source file. */
export interface GeneratedFile {
  name: string;
  text: string;
}

/** What {@link generate} produced. */
export interface Generated {
  files: GeneratedFile[];
  /** Requests generated (those whose listeners include `broker` or `controller`). */
  apiCount: number;
  /** Requests that gained versions from the legacy release. */
  legacyApiCount: number;
  /** Request versions in all: from the current release, from the legacy one. */
  requestVersions: { current: number; legacy: number };
}

const RUNTIME_VALUES: Record<string, string> = {
  ZERO_UUID: '../message-codec.js',
  EMPTY_BYTES: '../message-codec.js',
  nonDefaultFieldError: '../message-codec.js',
  nullFieldError: '../message-codec.js',
  unsupportedEncodeVersion: '../message-codec.js',
  unsupportedDecodeVersion: '../message-codec.js',
  encodeFailure: '../message-codec.js',
  decodeFailure: '../message-codec.js',
  writeUnknownTaggedFields: '../tagged-fields.js',
  writeTaggedFieldsSection: '../tagged-fields.js',
  readTaggedFieldsSection: '../tagged-fields.js',
  readTaggedFieldSize: '../tagged-fields.js',
  checkTaggedFieldEnd: '../tagged-fields.js',
};

function importsFor(body: string): string[] {
  const used = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(body);
  const byModule = new Map<string, string[]>();
  for (const [name, mod] of Object.entries(RUNTIME_VALUES)) {
    if (!used(name)) continue;
    byModule.set(mod, [...(byModule.get(mod) ?? []), name]);
  }
  const lines = [
    "import type { Reader } from '../primitives/reader.js';",
    "import type { Writer } from '../primitives/writer.js';",
  ];
  for (const [mod, names] of [...byModule].sort())
    lines.push(`import { ${names.sort().join(', ')} } from '${mod}';`);
  lines.push("import type { TaggedField } from '../tagged-fields.js';");
  return lines;
}

function emitFile(specs: MessageSpec[], release: string): string {
  const body: string[] = [];
  for (const spec of specs) body.push(...new MessageEmitter(spec).emit());
  const text = body.join('\n');
  const describe = specs.map((s) => s.name).join(' and ');
  return [
    generatedHeader(release),
    `/** ${describe}: types and codecs generated from ${specs.map((s) => s.file).join(', ')}. */`,
    ...importsFor(text),
    '',
    text.trimEnd(),
    '',
  ].join('\n');
}

/**
 * The specs in `specDir`, each request/response pair extended down to the versions the
 * {@link LEGACY_RELEASE} specs in `legacyDir` define below it (merge-legacy.ts). The request
 * decides the range (it carries `latestVersionUnstable`); its response gets the same one.
 * Headers and data specs stay as they are: only APIs lost versions a 3.x broker still serves.
 */
export function loadGeneratedSpecs(specDir: string, legacyDir: string | undefined): MessageSpec[] {
  const specs = loadSpecs(specDir);
  if (legacyDir === undefined) return specs;
  const legacy = new Map(loadSpecs(legacyDir).map((s) => [s.name, s]));
  const byName = new Map(specs.map((s) => [s.name, s]));
  const merged = new Map<string, MessageSpec>();
  for (const request of specs) {
    if (request.type !== 'request') continue;
    const responseName = request.name.replace(/Request$/, 'Response');
    const response = byName.get(responseName);
    const oldRequest = legacy.get(request.name);
    const oldResponse = legacy.get(responseName);
    if (response === undefined || oldRequest === undefined || oldResponse === undefined) continue;
    const range = legacyRange(request, oldRequest);
    merged.set(request.name, mergeLegacy(request, oldRequest, range, LEGACY_RELEASE));
    merged.set(responseName, mergeLegacy(response, oldResponse, range, LEGACY_RELEASE));
  }
  return specs.map((s) => merged.get(s.name) ?? s);
}

/**
 * Generates every file from the specs in `specDir` (plus the legacy versions from `legacyDir`)
 * and the errors table at `errorsTsv`.
 */
export function generate(specDir: string, errorsTsv: string, release: string, legacyDir?: string): Generated {
  const specs = loadGeneratedSpecs(specDir, legacyDir);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const requests = specs.filter(
    (s) => s.type === 'request' && s.listeners.some((l) => CLIENT_LISTENERS.includes(l)),
  );
  const groups: { file: string; specs: MessageSpec[] }[] = [];
  for (const request of requests) {
    const response = byName.get(request.name.replace(/Request$/, 'Response'));
    if (response === undefined) throw new Error(`no response spec for ${request.name}`);
    groups.push({ file: kebabFileName(request.name), specs: [request, response] });
  }
  const known: readonly string[] = [...CLIENT_DATA_SPECS, ...OMITTED_DATA_SPECS];
  const undecided = specs.filter((s) => s.type === 'data' && !known.includes(s.name)).map((s) => s.name);
  if (undecided.length > 0)
    throw new Error(
      `data specs in neither CLIENT_DATA_SPECS nor OMITTED_DATA_SPECS: ${undecided.join(', ')}`,
    );
  for (const name of ['RequestHeader', 'ResponseHeader', ...CLIENT_DATA_SPECS]) {
    const spec = byName.get(name);
    if (spec === undefined) throw new Error(`spec ${name} not found in ${specDir}`);
    groups.push({ file: kebabFileName(name), specs: [spec] });
  }
  checkUniqueTypeNames(groups.flatMap((g) => g.specs));
  const files: GeneratedFile[] = groups.map((g) => ({
    name: `${g.file}.ts`,
    text: emitFile(g.specs, release),
  }));
  files.push({ name: 'error-codes.ts', text: emitErrorCodes(readFileSync(errorsTsv, 'utf8'), release) });
  files.push({
    name: 'index.ts',
    text: emitIndex(groups, release, legacyDir === undefined ? undefined : LEGACY_RELEASE),
  });
  files.sort((a, b) => a.name.localeCompare(b.name));
  const legacyCount = (s: MessageSpec): number =>
    s.legacy === undefined ? 0 : s.legacy.versions.max - s.legacy.versions.min + 1;
  const allCount = (s: MessageSpec): number => s.validVersions.max - s.validVersions.min + 1;
  return {
    files,
    apiCount: requests.length,
    legacyApiCount: requests.filter((s) => s.legacy !== undefined).length,
    requestVersions: {
      current: requests.reduce((n, s) => n + allCount(s) - legacyCount(s), 0),
      legacy: requests.reduce((n, s) => n + legacyCount(s), 0),
    },
  };
}

function checkUniqueTypeNames(specs: MessageSpec[]): void {
  const seen = new Map<string, string>();
  for (const spec of specs) {
    for (const struct of spec.structs.keys()) {
      const name = structTypeName(spec, struct);
      for (const n of [name, `${name}Input`]) {
        const other = seen.get(n);
        if (other !== undefined)
          throw new Error(`type name ${n} of ${spec.name} collides with one of ${other}`);
        seen.set(n, spec.name);
      }
    }
  }
}
