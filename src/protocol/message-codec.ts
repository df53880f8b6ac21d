/**
 * What every generated message codec (`./messages/`) shares: the codec shape used by the
 * `messageCodecs` table, the implicit defaults of the spec language, and the errors raised when a
 * value cannot be carried by the chosen version. Kept apart from the generated files so that
 * they hold only per-message code.
 */
import { DecodeError, EncodeError, type KafeError } from './errors.js';
import type { Reader } from './primitives/reader.js';
import type { Writer } from './primitives/writer.js';

/** One entry of the generated `messageCodecs` table. */
export interface MessageCodec<T = unknown, I = T> {
  /** Encodes `msg` at `version`; throws {@link EncodeError} for what that version cannot carry. */
  encode(w: Writer, msg: I | T, version: number): void;
  /** Decodes one message at `version`; throws {@link DecodeError} for malformed bytes. */
  decode(r: Reader, version: number): T;
  /** Inclusive `[min, max]` of the versions the specs define (legacy ones included). */
  validVersions: readonly [number, number];
  /** Inclusive `[min, max]` of the flexible versions (KIP-482), or `null` when none. */
  flexibleVersions: readonly [number, number] | null;
  /** The API key, for requests and responses. */
  apiKey?: number;
  /**
   * The lowest versions, when they come from an older release's spec (`LEGACY_SPEC_RELEASE`):
   * versions Kafka 4.0 removed (KIP-896) that 3.x brokers still serve. Part of `validVersions`.
   */
  legacyVersions?: readonly [number, number];
}

/** The all-zero uuid, Kafka's "no uuid" sentinel (org.apache.kafka.common.Uuid.ZERO_UUID). */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** The default of `bytes` fields: empty (Java's `Bytes.EMPTY`). Zero-length, so safely shared. */
export const EMPTY_BYTES: Uint8Array = Buffer.alloc(0);

/** A field set to a non-default value that `version` cannot carry (Java: UnsupportedVersionException). */
export function nonDefaultFieldError(message: string, path: string, version: number): EncodeError {
  return new EncodeError(
    `${message}: field ${path} has a non-default value but version ${version} cannot carry it`,
  );
}

/** `null` given for a field that is not nullable in `version`. */
export function nullFieldError(message: string, path: string, version: number): EncodeError {
  return new EncodeError(`${message}: field ${path} is not nullable in version ${version}`);
}

/** A version outside the spec's `validVersions`. */
export function unsupportedEncodeVersion(
  message: string,
  version: number,
  min: number,
  max: number,
): EncodeError {
  return new EncodeError(`${message} version ${version} is not supported (valid versions ${min}-${max})`);
}

/** A version outside the spec's `validVersions`, when decoding. */
export function unsupportedDecodeVersion(
  message: string,
  version: number,
  min: number,
  max: number,
  offset: number,
): DecodeError {
  return new DecodeError(
    `${message} version ${version} is not supported (valid versions ${min}-${max})`,
    offset,
  );
}

/**
 * Gives an error thrown while encoding the message and version as context. Errors raised by
 * the generated code already name both; primitive-level ones (a number out of range, a string
 * too long) get them added here.
 */
export function encodeFailure(message: string, version: number, error: unknown): KafeError {
  if (error instanceof EncodeError && error.message.startsWith(`${message}:`)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EncodeError(`${message}: cannot encode version ${version}: ${detail}`, { cause: error });
}

/**
 * Gives a decode failure the message and version as context. Anything that is not a
 * {@link DecodeError} is a bug in kafe, but still surfaces as a DecodeError (with the original
 * as `cause`) so that bad bytes can never produce another kind of error.
 */
export function decodeFailure(message: string, version: number, error: unknown, offset: number): DecodeError {
  if (error instanceof DecodeError) {
    return new DecodeError(
      `${message} v${version}: ${error.message.replace(/ \(at byte \d+\)$/, '')}`,
      error.offset,
      {
        cause: error.cause,
      },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DecodeError(`${message} v${version}: unexpected failure: ${detail}`, offset, { cause: error });
}
