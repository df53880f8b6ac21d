/**
 * The shape every compression codec has, and the ids Kafka gives them: bits 0-2 of the
 * attributes of a record batch (magic 2) or of a wrapper message (magic 0/1).
 * See docs/implementation.html §5.3.1 and Java's `org.apache.kafka.common.record.CompressionType`.
 */

/** Kafka's codec ids, as stored in the low three attribute bits. */
export const CompressionType = {
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
} as const;

/** One of the {@link CompressionType} ids. */
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

/**
 * Default bound on the decompressed size of one batch or wrapper message: 50 MiB, the Java
 * consumer's default `fetch.max.bytes`. A fetch can never legitimately hand a consumer more
 * than that per partition read, so a batch that inflates past it is hostile or misconfigured.
 * Callers that raise `fetch.max.bytes` should raise this bound with it.
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 52_428_800;

/** Compression levels a codec accepts (KIP-390), with Java's default. */
export interface CompressionLevels {
  /** Smallest accepted level. */
  readonly min: number;
  /** Largest accepted level. */
  readonly max: number;
  /** Level used when none is given: the Java producer's default for `compression.<codec>.level`. */
  readonly default: number;
}

/**
 * A compression codec. The synchronous methods are the primitive; the asynchronous ones let a
 * codec run elsewhere (node:zlib's thread pool for gzip and native zstd) or load lazily (the
 * zstd WASM fallback) and are what the clients should call on large inputs.
 */
export interface CompressionCodec {
  /** Kafka's id for the codec. */
  readonly type: CompressionType;
  /** Lower-case name as in Java's `compression.type`. */
  readonly name: string;
  /** Accepted levels, or `undefined` for a codec without levels (snappy). */
  readonly levels: CompressionLevels | undefined;
  /** Compresses synchronously. Throws an `EncodeError` for a level out of range. */
  compress(data: Uint8Array, level?: number): Uint8Array;
  /**
   * Decompresses synchronously. Throws a `CompressionError` for corrupt input or when the output
   * would exceed `maxBytes`; never allocates much more than `maxBytes` whatever the input says.
   */
  decompress(data: Uint8Array, maxBytes?: number): Uint8Array;
  /** Asynchronous {@link CompressionCodec.compress}. */
  compressAsync(data: Uint8Array, level?: number): Promise<Uint8Array>;
  /** Asynchronous {@link CompressionCodec.decompress}. */
  decompressAsync(data: Uint8Array, maxBytes?: number): Promise<Uint8Array>;
}
