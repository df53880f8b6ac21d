/** Types for the untyped `lz4js` package (LZ4 frame format in pure JS), used by the KafkaJS codec. */
declare module 'lz4js' {
  /** Compresses `src` into one LZ4 frame. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Decompresses one or more LZ4 frames. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  const lz4: { compress: typeof compress; decompress: typeof decompress };
  export default lz4;
}
