/**
 * Arithmetic on idempotent producer sequence numbers (KIP-98): int32 per partition and
 * producer epoch, wrapping to 0 after 2^31-1. Used where sequences are assigned (the batch),
 * acknowledged and compared (the sender).
 */

/** Sequences are int32 and wrap to 0 after 2^31-1 (Java: `DefaultRecordBatch#incrementSequence`). */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > 0x7fffffff - increment) return increment - (0x7fffffff - sequence) - 1;
  return sequence + increment;
}

/**
 * Whether sequence `a` comes before `b` within one epoch, across the wrap at 2^31 (the two are
 * never more than a few in-flight batches apart, far less than half the range).
 */
export function sequenceBefore(a: number, b: number): boolean {
  return a !== b && ((b - a) & 0x7fffffff) < 0x40000000;
}
