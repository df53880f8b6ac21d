/**
 * KafkaJS's partitioners. `DefaultPartitioner` (KafkaJS 2's default, once named
 * `JavaCompatiblePartitioner`) hashes keys with Java's murmur2, so keyed records land where the
 * Java client and KafkaJS put them; `LegacyPartitioner` (KafkaJS 1's default) keeps KafkaJS's
 * own murmur2, which differs from Java's for many keys (below), so topics written by a KafkaJS 1
 * producer keep their keys on the same partitions.
 */
import { randomInt } from 'node:crypto';
import { murmur2 } from '../producer/partitioners/murmur2.js';
import type { Message } from './message-types.js';
import type { PartitionMetadata } from './metadata-types.js';

/** What a partitioner is asked. */
export interface PartitionerArgs {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  message: Message;
}

/** Makes a partitioner function (a producer calls it once: its state is per producer). */
export type ICustomPartitioner = () => (args: PartitionerArgs) => number;
/** KafkaJS 2's default partitioner's type. */
export type DefaultPartitioner = ICustomPartitioner;
/** KafkaJS 1's default partitioner's type. */
export type LegacyPartitioner = ICustomPartitioner;

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * KafkaJS 1's murmur2, computed as it computes it: its multiplications are JavaScript number
 * products (not 32-bit ones), whose low bits are lost above 2^53 before the next `^` truncates
 * to 32 bits, and its block loop runs `length / 4` rounded up (a tail of 1-3 bytes is mixed in
 * twice, once as a block padded with zeros). Hence the different partitions for many keys.
 */
export function legacyMurmur2(key: Buffer | string): number {
  const data = typeof key === 'string' ? Buffer.from(key) : key;
  const length = data.length;
  const byte = (i: number) => (data[i] ?? 0) & 0xff;
  let h = SEED ^ length;
  for (let i = 0; i < length / 4; i++) {
    const i4 = i * 4;
    let k = byte(i4) + (byte(i4 + 1) << 8) + (byte(i4 + 2) << 16) + (byte(i4 + 3) << 24);
    k *= M;
    k ^= k >>> 24;
    k *= M;
    h *= M;
    h ^= k;
  }
  const end = length & ~3;
  const tail = length % 4;
  if (tail === 3) h ^= byte(end + 2) << 16;
  if (tail >= 2) h ^= byte(end + 1) << 8;
  if (tail >= 1) {
    h ^= byte(end);
    h *= M;
  }
  h ^= h >>> 13;
  h *= M;
  h ^= h >>> 15;
  return h;
}

/** Java's `Utils.toPositive`: clears the sign bit (not the absolute value). */
const toPositive = (x: number) => x & 0x7fffffff;

/** The bytes a key hashes as (KafkaJS hashes `String(key)` for anything but a Buffer). */
const keyBytes = (key: Buffer | string): Buffer => (Buffer.isBuffer(key) ? key : Buffer.from(String(key)));

/**
 * KafkaJS's partitioning with hash `hash`: the message's own partition, else the key's hash
 * over all partitions, else round-robin over the partitions with a leader (from a random start
 * per topic).
 */
function hashingPartitioner(hash: (key: Buffer) => number): ICustomPartitioner {
  return () => {
    const counters = new Map<string, number>();
    return ({ topic, partitionMetadata, message }) => {
      if (message.partition !== null && message.partition !== undefined) return message.partition;
      const count = partitionMetadata.length;
      if (message.key !== null && message.key !== undefined)
        return toPositive(hash(keyBytes(message.key))) % count;
      const next = (counters.get(topic) ?? randomInt(2 ** 32 - 1)) + 1;
      counters.set(topic, next);
      const available = partitionMetadata.filter((p) => p.leader >= 0);
      if (available.length === 0) return toPositive(next) % count;
      return (available[toPositive(next) % available.length] as PartitionMetadata).partitionId;
    };
  };
}

const defaultPartitioner: DefaultPartitioner = hashingPartitioner(murmur2);
const legacyPartitioner: LegacyPartitioner = hashingPartitioner(legacyMurmur2);

/**
 * The partitioners of KafkaJS. A producer given `DefaultPartitioner` (or none) uses kafe's own
 * default, which hashes keys the same way and is faster for keyless records (sticky batches,
 * KIP-794, instead of one partition per record in turn).
 */
export const Partitioners: {
  DefaultPartitioner: DefaultPartitioner;
  LegacyPartitioner: LegacyPartitioner;
  /** @deprecated KafkaJS 2 renamed it `DefaultPartitioner`. */
  JavaCompatiblePartitioner: DefaultPartitioner;
} = {
  DefaultPartitioner: defaultPartitioner,
  LegacyPartitioner: legacyPartitioner,
  JavaCompatiblePartitioner: defaultPartitioner,
};
