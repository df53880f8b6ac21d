/**
 * Kafka's murmur2 hash, bit for bit as the Java client computes it (`org.apache.kafka.common.
 * utils.Utils#murmur2`, seed 0x9747b28c), so a keyed record lands on the partition the Java
 * producer (and librdkafka's `murmur2_random`) would choose for the same key bytes.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 of `data` as a signed 32-bit integer (Java's `int`). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const end = length & ~3;
  for (let i = 0; i < end; i += 4) {
    let k =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch falls through from the longest tail down to one byte.
  const tail = length & 3;
  if (tail === 3) h ^= (data[end + 2] as number) << 16;
  if (tail >= 2) h ^= (data[end + 1] as number) << 8;
  if (tail >= 1) {
    h ^= data[end] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition Java's default partitioner gives a key: `toPositive(murmur2(key)) %
 * numPartitions`, where `toPositive` masks the sign bit (it is not `Math.abs`).
 */
export function murmur2Partition(key: Uint8Array, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}
