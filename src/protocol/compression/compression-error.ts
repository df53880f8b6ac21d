/**
 * Errors raised by the compression codecs. Decompressing is decoding bytes that came from the
 * network, so a failure is a {@link DecodeError}: a corrupt or truncated stream, output that
 * would exceed the caller's bound (a "zip bomb" in a hostile batch), or a codec this runtime
 * cannot run. Compressing can only fail on a bad option, which is an {@link EncodeError}.
 */
import { DecodeError, type KafeErrorOptions } from '../errors.js';

/** Why decompression failed. */
export const CompressionFailure = {
  /** The input is not a valid stream for the codec (bad magic, bad checksum, truncated, ...). */
  corrupt: 'corrupt',
  /** The output would be larger than the allowed bound. */
  tooLarge: 'too-large',
  /** The codec is not available in this runtime (e.g. zstd before its WASM module loaded). */
  unavailable: 'unavailable',
} as const;

/** One of the {@link CompressionFailure} values. */
export type CompressionFailure = (typeof CompressionFailure)[keyof typeof CompressionFailure];

/** Decompression failed; `reason` says why, `codec` names the codec, `offset` is in the compressed input. */
export class CompressionError extends DecodeError {
  /** Codec name: `gzip`, `snappy`, `lz4` or `zstd`. */
  readonly codec: string;
  /** What went wrong. */
  readonly reason: CompressionFailure;

  constructor(
    codec: string,
    reason: CompressionFailure,
    message: string,
    offset: number,
    options: KafeErrorOptions = {},
  ) {
    super(`${codec}: ${message}`, offset, options);
    this.codec = codec;
    this.reason = reason;
  }
}

/** Shorthand for the common "corrupt input" case. */
export function corrupt(codec: string, message: string, offset: number, cause?: unknown): CompressionError {
  return new CompressionError(
    codec,
    CompressionFailure.corrupt,
    message,
    offset,
    cause === undefined ? {} : { cause },
  );
}

/** Shorthand for "the output would exceed `maxBytes`". */
export function tooLarge(codec: string, maxBytes: number, offset: number): CompressionError {
  return new CompressionError(
    codec,
    CompressionFailure.tooLarge,
    `decompressed size exceeds the bound of ${maxBytes} bytes`,
    offset,
  );
}
