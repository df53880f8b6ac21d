/**
 * Partitioners: which partition a record goes to when it names none. `default` (murmur2 for
 * keys as the Java client, uniform sticky for keyless records, KIP-794), `round-robin`,
 * `sticky` (sticky even for keyed records) or a user function / {@link Partitioner}.
 */
import type { PartitionLoadSource } from './adaptive-choice.js';
import { DefaultPartitioner } from './default-partitioner.js';
import type { Partitioner, PartitionerFunction } from './partitioner.js';
import { RoundRobinPartitioner } from './round-robin-partitioner.js';
import { StickyPartitioner } from './sticky-partitioner.js';

export { DefaultPartitioner } from './default-partitioner.js';
export { murmur2, murmur2Partition } from './murmur2.js';
export type { Partitioner, PartitionerFunction, PartitionerInput } from './partitioner.js';
export { RoundRobinPartitioner } from './round-robin-partitioner.js';
export { StickyPartitioner } from './sticky-partitioner.js';

/** The `partitioner` producer option: a built-in strategy by name, a function or an object. */
export type PartitionerOption = 'default' | 'round-robin' | 'sticky' | PartitionerFunction | Partitioner;

/**
 * The {@link Partitioner} for a `partitioner` option; `batchSize` drives the sticky strategies,
 * `load` (when given) makes their switches adaptive (KIP-794).
 */
export function partitionerFrom(
  option: PartitionerOption | undefined,
  batchSize: number,
  load?: PartitionLoadSource,
): Partitioner {
  if (option === undefined || option === 'default') return new DefaultPartitioner(batchSize, undefined, load);
  if (option === 'round-robin') return new RoundRobinPartitioner();
  if (option === 'sticky') return new StickyPartitioner(batchSize, undefined, load);
  if (typeof option === 'function') return { partition: option };
  return option;
}
