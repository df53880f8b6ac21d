/**
 * The agreement check for one message version: the same generated content through kafe and
 * through Apache Kafka's generated classes (via {@link JavaOracle}), in both directions, with
 * every disagreement described precisely enough to act on: the byte offset and the field Java's
 * bytes hold there, or the path of the first differing field.
 */
import { DecodeError } from '../../src/protocol/errors.js';
import type { MessageCodec } from '../../src/protocol/message-codec.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { Writer } from '../../src/protocol/primitives/writer.js';
import { fieldAt, traceFields } from './byte-trace.js';
import { generateMessage } from './content.js';
import { firstDifference, project, type Struct } from './field-values.js';
import { attachUnknownTags, fromJavaJson, toJavaJson, unknownTagsOf } from './java-json.js';
import type { JavaOracle, OracleReply } from './java-oracle.js';
import type { MessageSpec } from './spec.js';

/** One entry of `messageCodecs` (src/protocol/messages/index.ts). */
export type { MessageCodec };

/** What checking one version found: nothing, when `problems` is empty. */
export interface VersionResult {
  readonly version: number;
  readonly problems: readonly string[];
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message}`;
}

/** A window of hex around `offset`, with the byte at `offset` in brackets. */
function around(bytes: Uint8Array, offset: number): string {
  const from = Math.max(0, offset - 8);
  const before = hex(bytes.subarray(from, offset));
  const at = offset < bytes.length ? hex(bytes.subarray(offset, offset + 1)) : '<end>';
  const after = hex(bytes.subarray(offset + 1, offset + 9));
  return `${from > 0 ? '…' : ''}${before}[${at}]${after}${offset + 9 < bytes.length ? '…' : ''}`;
}

/** Where two encodings first differ and which field Java's encoding has there; `undefined` if equal. */
export function describeByteDifference(
  spec: MessageSpec,
  version: number,
  java: Uint8Array,
  kafe: Uint8Array,
): string | undefined {
  const n = Math.min(java.length, kafe.length);
  let offset = 0;
  while (offset < n && java[offset] === kafe[offset]) offset++;
  if (offset === n && java.length === kafe.length) return undefined;
  let field: string;
  try {
    field = fieldAt(traceFields(spec, version, java), offset);
  } catch (error) {
    field = `(cannot trace Java's bytes: ${errorText(error)})`;
  }
  return [
    `bytes differ at offset ${offset} (Java wrote ${java.length} bytes, kafe ${kafe.length}); Java's field there: ${field}`,
    `    Java: ${around(java, offset)}`,
    `    kafe: ${around(kafe, offset)}`,
  ].join('\n');
}

function kafeEncode(codec: MessageCodec, content: Struct, version: number): Uint8Array {
  const writer = new Writer();
  codec.encode(writer, content, version);
  return Uint8Array.from(writer.finish());
}

function kafeDecode(
  spec: MessageSpec,
  codec: MessageCodec,
  bytes: Uint8Array,
  version: number,
): Struct | string {
  const reader = new Reader(bytes);
  let decoded: unknown;
  try {
    decoded = codec.decode(reader, version);
  } catch (error) {
    const offset = (error as { offset?: unknown }).offset;
    let where = '';
    if (typeof offset === 'number') {
      try {
        where = `; Java's field at offset ${offset}: ${fieldAt(traceFields(spec, version, bytes), offset)}`;
      } catch {
        // The error text already carries the offset.
      }
    }
    return `kafe cannot decode Java's bytes: ${errorText(error)}${where}`;
  }
  if (reader.remaining !== 0) {
    return `kafe decoded Java's bytes but left ${reader.remaining} of ${bytes.length} bytes unread (stopped at ${reader.offset})`;
  }
  return project(spec, spec.fields, version, decoded);
}

/** Where to cut `length` bytes: every prefix of short messages, a spread of them otherwise. */
function cutPoints(length: number): number[] {
  if (length <= 64) return Array.from({ length }, (_, i) => i);
  const step = length / 32;
  return Array.from({ length: 32 }, (_, i) => Math.floor(i * step)).concat(length - 1);
}

/**
 * Every strict prefix of a valid encoding lacks bytes the decoder needs, so decoding it must
 * throw, and only a {@link DecodeError} (never a RangeError or a TypeError).
 */
function checkTruncations(codec: MessageCodec, bytes: Uint8Array, version: number): string | undefined {
  for (const cut of cutPoints(bytes.length)) {
    try {
      codec.decode(new Reader(bytes.subarray(0, cut)), version);
    } catch (error) {
      if (error instanceof DecodeError) continue;
      return `kafe fails on Java's bytes cut to ${cut} of ${bytes.length} with ${errorText(error)}, not a DecodeError`;
    }
    return `kafe decodes Java's bytes cut to ${cut} of ${bytes.length} without an error`;
  }
  return undefined;
}

function fromJava(spec: MessageSpec, version: number, reply: OracleReply): Struct | string {
  try {
    return attachUnknownTags(fromJavaJson(spec, spec.fields, version, reply.json ?? null), reply.unknownTags);
  } catch (error) {
    return `Java's JSON does not map back: ${errorText(error)}`;
  }
}

/**
 * Checks `codec` against Java for `spec` at `version` with content drawn from `seed`:
 * (1) Java round-trips the content itself (else the test's content is at fault, not kafe);
 * (2) kafe's bytes equal Java's; (3) kafe decodes Java's bytes to the content; (4) Java decodes
 * kafe's bytes to the content and writes the same bytes back; (5) kafe rejects every cut-short
 * copy of Java's bytes with a DecodeError. Without a codec, only (1).
 */
export async function checkVersion(
  oracle: JavaOracle,
  spec: MessageSpec,
  codec: MessageCodec | undefined,
  version: number,
  seed: string,
): Promise<VersionResult> {
  const problems: string[] = [];
  const name = spec.name;
  const content = generateMessage(spec, version, seed);
  const expected = project(spec, spec.fields, version, content);
  const expectedFromJava = project(spec, spec.fields, version, content, { maskRecords: true });

  let kafeBytes: Uint8Array | undefined;
  try {
    if (codec) kafeBytes = kafeEncode(codec, content, version);
  } catch (error) {
    problems.push(`kafe cannot encode the content: ${errorText(error)}`);
  }
  const [javaEncoded, javaOfKafe] = await Promise.all([
    oracle.request({
      op: 'encode',
      name,
      version,
      json: toJavaJson(spec, spec.fields, version, content),
      unknownTags: unknownTagsOf(spec, spec.fields, version, content),
    }),
    kafeBytes && oracle.request({ op: 'decode', name, version, hex: hex(kafeBytes) }),
  ]);
  if (!javaEncoded.ok || javaEncoded.hex === undefined) {
    problems.push(
      `Java cannot encode the generated content (a test problem, not kafe's): ${javaEncoded.error}`,
    );
    return { version, problems };
  }
  const javaBytes = Uint8Array.from(Buffer.from(javaEncoded.hex, 'hex'));

  // (1) The content is something this version can carry: Java gives it back unchanged, and the
  // spec walk used to name fields in reports fits Java's bytes exactly.
  try {
    traceFields(spec, version, javaBytes);
  } catch (error) {
    problems.push(`the test's spec walk does not fit Java's bytes (a test problem): ${errorText(error)}`);
  }
  const javaSelf = await oracle.request({ op: 'decode', name, version, hex: javaEncoded.hex });
  const selfBack = javaSelf.ok
    ? fromJava(spec, version, javaSelf)
    : `Java cannot decode its own bytes: ${javaSelf.error}`;
  const selfDiff = typeof selfBack === 'string' ? selfBack : firstDifference(expectedFromJava, selfBack);
  if (selfDiff)
    problems.push(`Java does not round-trip the generated content (a test problem, not kafe's): ${selfDiff}`);

  // (2) Byte for byte.
  if (kafeBytes) {
    const diff = describeByteDifference(spec, version, javaBytes, kafeBytes);
    if (diff) problems.push(`kafe's encoding differs from Java's: ${diff}`);
  }

  if (!codec) return { version, problems };

  // (3) kafe reads Java's bytes.
  const decoded = kafeDecode(spec, codec, javaBytes, version);
  if (typeof decoded === 'string') problems.push(decoded);
  else {
    const diff = firstDifference(expected, decoded);
    if (diff) problems.push(`kafe decodes Java's bytes to different content: ${diff}`);
  }

  // (5) Cut short, the same bytes must fail as a DecodeError (the project's rule for bad input).
  const truncation = checkTruncations(codec, javaBytes, version);
  if (truncation) problems.push(truncation);

  // (4) Java reads kafe's bytes (only informative beyond (2) when the bytes differ).
  if (kafeBytes && javaOfKafe) {
    if (!javaOfKafe.ok) problems.push(`Java cannot decode kafe's bytes: ${javaOfKafe.error}`);
    else {
      const back = fromJava(spec, version, javaOfKafe);
      const diff = typeof back === 'string' ? back : firstDifference(expectedFromJava, back);
      if (diff) problems.push(`Java decodes kafe's bytes to different content: ${diff}`);
      const rewritten = Uint8Array.from(Buffer.from(javaOfKafe.hex ?? '', 'hex'));
      const rediff = describeByteDifference(spec, version, rewritten, kafeBytes);
      if (rediff) problems.push(`Java writes back other bytes than kafe's after decoding them: ${rediff}`);
    }
  }
  return { version, problems };
}
