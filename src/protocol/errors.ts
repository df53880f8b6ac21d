/**
 * The root of kafe's error hierarchy. Every error kafe throws or rejects with is a
 * {@link KafeError}: callers can branch on `code` (stable, machine-readable) and on
 * `retriable` (whether repeating the same operation may succeed) without string matching.
 *
 * Lower layers define the protocol-level subclasses here; `net/`, `cluster/` and the clients
 * add their own (connection, timeout, authentication, ...) by extending {@link KafeError}.
 */

/** Options shared by every kafe error. */
export interface KafeErrorOptions {
  /** Whether repeating the operation unchanged may succeed. Defaults to `false`. */
  retriable?: boolean;
  /** The underlying error, if any (kept as the standard `Error.cause`). */
  cause?: unknown;
}

/** Base class of every error kafe raises. */
export class KafeError extends Error {
  /** Stable machine-readable code, e.g. `DECODE_ERROR` or a broker error name such as `NOT_LEADER_OR_FOLLOWER`. */
  readonly code: string;
  /** Whether repeating the same operation may succeed. */
  readonly retriable: boolean;

  constructor(code: string, message: string, options: KafeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/**
 * Bytes that cannot be decoded: truncated, malformed, or announcing sizes larger than the
 * input can hold. Raised for anything read from the network, never a crash or a hang.
 */
export class DecodeError extends KafeError {
  /** Byte offset in the input at which decoding failed. */
  readonly offset: number;

  constructor(message: string, offset: number, options: KafeErrorOptions = {}) {
    super('DECODE_ERROR', `${message} (at byte ${offset})`, options);
    this.offset = offset;
  }
}

/**
 * A value that cannot be encoded: a field the chosen version cannot carry, a number out of
 * range for its wire type, a string too long. The message says which field and what to fix.
 */
export class EncodeError extends KafeError {
  constructor(message: string, options: KafeErrorOptions = {}) {
    super('ENCODE_ERROR', message, options);
  }
}
