/**
 * Byte positions of the magic 2 batch header (docs/implementation.html §5.3.1), shared by the
 * encoder and the decoder. The header is 61 bytes; the CRC-32C covers attributes to the end.
 */
export const BatchLayout = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordsCount: 57,
  /** Size of the header; the records (or their compressed form) follow. */
  headerSize: 61,
  /** `baseOffset` + `batchLength`: the part not counted in `batchLength`. */
  logOverhead: 12,
} as const;

/** The magic byte of the current record format. */
export const MAGIC_V2 = 2;
