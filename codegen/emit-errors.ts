/**
 * Emits `error-codes.ts` from `errors.tsv` (code, name, retriable, invalidates_metadata,
 * java_exception, message): the one table that says what a broker error code means.
 */
import { generatedHeader } from './generated-header.js';

/** Parses the TSV and emits the module text. */
export function emitErrorCodes(tsv: string, release: string): string {
  const rows = tsv
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [code, name, retriable, invalidates, , message] = line.split('\t');
      if (code === undefined || name === undefined || !/^-?\d+$/.test(code))
        throw new Error(`bad errors.tsv line: ${line}`);
      return {
        code: Number(code),
        name,
        retriable: retriable === 'yes',
        invalidatesMetadata: invalidates === 'yes',
        message: message ?? '',
      };
    });
  const out = [
    generatedHeader(release),
    '/**',
    ' * Every protocol error code (org.apache.kafka.common.protocol.Errors of the kafka-clients jar,',
    " * or shared/kafka-protocol/errors.tsv without it): `retriable` follows the Java client's RetriableException family,",
    ' * `invalidatesMetadata` its InvalidMetadataException family (cached metadata is stale).',
    ' */',
    '',
    '/** What a broker error code means. */',
    'export interface ErrorCodeInfo {',
    '  /** The int16 sent on the wire. */',
    '  readonly code: number;',
    '  /** Stable name, as in the Java enum. */',
    '  readonly name: string;',
    "  /** The broker's default message. */",
    '  readonly message: string;',
    '  /** Whether retrying the same request may succeed. */',
    '  readonly retriable: boolean;',
    '  /** Whether the cached metadata (leaders, coordinators) should be refreshed. */',
    '  readonly invalidatesMetadata: boolean;',
    '}',
    '',
    '/** Every error code, by name. */',
    'export const errorCodes = {',
    ...rows.map(
      (r) =>
        `  ${r.name}: { code: ${r.code}, name: '${r.name}', message: ${JSON.stringify(r.message)}, retriable: ${r.retriable}, invalidatesMetadata: ${r.invalidatesMetadata} },`,
    ),
    '} as const satisfies Record<string, ErrorCodeInfo>;',
    '',
    '/** Name of a known error code. */',
    'export type ErrorName = keyof typeof errorCodes;',
    '',
    'const byCode = new Map<number, ErrorCodeInfo>(Object.values(errorCodes).map((e) => [e.code, e]));',
    '',
    '/** The entry of an error code, or `undefined` for a code this table does not know. */',
    'export function errorCodeInfo(code: number): ErrorCodeInfo | undefined {',
    '  return byCode.get(code);',
    '}',
    '',
  ];
  return out.join('\n');
}
