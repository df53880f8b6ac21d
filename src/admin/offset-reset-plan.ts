/**
 * The offsets reset planner: the new offset of each partition for each form of
 * `kafka-consumer-groups.sh --reset-offsets` (`ConsumerGroupCommand#prepareOffsetsToReset`),
 * computed from offsets already looked up, without I/O. The rules are the tool's:
 * - `to-earliest` / `to-latest`: the log start / end;
 * - `to-offset` and `shift-by`: the requested offset, moved into [log start, log end] when it
 *   falls outside (`checkOffsetsRange`); `shift-by` needs a committed offset to shift;
 * - `to-datetime` and `by-duration` (now − duration): the first offset whose timestamp is at
 *   or after the time (ListOffsets by timestamp), the log end when no record is that recent;
 * - `to-current`: the committed offset, the log end when there is none.
 */
import { InvalidArgumentError } from '../cluster/errors.js';
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import { KafeError } from '../protocol/errors.js';

/** A form of reset, named as the tool's options. */
export type OffsetResetStrategy =
  | { readonly kind: 'to-earliest' }
  | { readonly kind: 'to-latest' }
  | { readonly kind: 'to-current' }
  | { readonly kind: 'to-offset'; readonly offset: bigint | number }
  | { readonly kind: 'shift-by'; readonly shift: bigint | number }
  /** `timestamp`: ms since the epoch, or a `Date`. */
  | { readonly kind: 'to-datetime'; readonly timestamp: number | Date }
  /** `durationMs`: how far back from now. */
  | { readonly kind: 'by-duration'; readonly durationMs: number };

/** The offsets a plan needs looked up for a strategy. */
export interface ResetLookups {
  /** Log start offsets (ListOffsets earliest). */
  readonly earliest: boolean;
  /** Log end offsets (ListOffsets latest). */
  readonly latest: boolean;
  /** The timestamp to look offsets up by, in ms since the epoch. */
  readonly timestamp: number | undefined;
}

/** What the planner reads: offsets by {@link topicPartitionKey}. */
export interface ResetFacts {
  /** The group's committed offsets. */
  readonly committed: ReadonlyMap<string, bigint>;
  readonly earliest: ReadonlyMap<string, bigint>;
  readonly latest: ReadonlyMap<string, bigint>;
  /** Offsets by timestamp; `null`: no record at or after it. */
  readonly byTimestamp: ReadonlyMap<string, bigint | null>;
}

/** One partition of a plan: where the group is and where the reset puts it. */
export interface PlannedOffset extends TopicPartition {
  /** The committed offset now, `null` when none. */
  readonly currentOffset: bigint | null;
  readonly newOffset: bigint;
}

/** A partition the plan cannot place (e.g. `shift-by` without a committed offset). */
export class OffsetResetError extends KafeError {
  readonly topic: string;
  readonly partition: number;

  constructor(topic: string, partition: number, why: string) {
    super('OFFSET_RESET_IMPOSSIBLE', `${topic}/${partition}: ${why}`);
    this.topic = topic;
    this.partition = partition;
  }
}

/** Throws {@link InvalidArgumentError} for a strategy the tool would refuse, before any I/O. */
export function checkResetStrategy(strategy: OffsetResetStrategy): void {
  const integer = (v: unknown) => typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
  const bad = (why: string) => new InvalidArgumentError(`strategy ${strategy?.kind}: ${why}`);
  switch (strategy?.kind) {
    case 'to-earliest':
    case 'to-latest':
    case 'to-current':
      return;
    case 'to-offset':
      if (!integer(strategy.offset) || BigInt(strategy.offset) < 0n)
        throw bad('offset must be an integer >= 0');
      return;
    case 'shift-by':
      if (!integer(strategy.shift)) throw bad('shift must be an integer');
      return;
    case 'to-datetime': {
      const t = strategy.timestamp instanceof Date ? strategy.timestamp.getTime() : strategy.timestamp;
      if (!Number.isSafeInteger(t) || t < 0)
        throw bad('timestamp must be a valid date or ms since the epoch');
      return;
    }
    case 'by-duration':
      if (!Number.isSafeInteger(strategy.durationMs) || strategy.durationMs < 0)
        throw bad('durationMs must be an integer >= 0');
      return;
    default:
      throw new InvalidArgumentError(
        `unknown reset strategy ${JSON.stringify((strategy as { kind?: unknown } | undefined)?.kind)} (to-earliest, to-latest, to-current, to-offset, shift-by, to-datetime, by-duration)`,
      );
  }
}

/** Which offsets `strategy` needs, at `nowMs` (for `by-duration`). */
export function resetLookups(strategy: OffsetResetStrategy, nowMs: number): ResetLookups {
  switch (strategy.kind) {
    case 'to-earliest':
      return { earliest: true, latest: false, timestamp: undefined };
    case 'to-latest':
    case 'to-current':
      return { earliest: false, latest: true, timestamp: undefined };
    case 'to-offset':
    case 'shift-by':
      return { earliest: true, latest: true, timestamp: undefined };
    case 'to-datetime':
      return { earliest: false, latest: true, timestamp: timestampOf(strategy.timestamp) };
    case 'by-duration':
      return { earliest: false, latest: true, timestamp: nowMs - strategy.durationMs };
  }
}

/**
 * The new offset of each partition. Throws {@link OffsetResetError} for the first partition it
 * cannot place (the tool stops there too: a reset is all or nothing).
 */
export function planOffsetReset(
  strategy: OffsetResetStrategy,
  partitions: readonly TopicPartition[],
  facts: ResetFacts,
): PlannedOffset[] {
  return partitions.map((p) => {
    const key = topicPartitionKey(p.topic, p.partition);
    const current = facts.committed.get(key);
    const currentOffset = current !== undefined && current >= 0n ? current : null;
    const need = (map: ReadonlyMap<string, bigint>, what: string): bigint => {
      const v = map.get(key);
      if (v === undefined) throw new OffsetResetError(p.topic, p.partition, `no ${what} offset was found`);
      return v;
    };
    const clamp = (offset: bigint): bigint => {
      const end = need(facts.latest, 'log end');
      if (offset > end) return end;
      const start = need(facts.earliest, 'log start');
      return offset < start ? start : offset;
    };
    let newOffset: bigint;
    switch (strategy.kind) {
      case 'to-earliest':
        newOffset = need(facts.earliest, 'log start');
        break;
      case 'to-latest':
        newOffset = need(facts.latest, 'log end');
        break;
      case 'to-current':
        newOffset = currentOffset ?? need(facts.latest, 'log end');
        break;
      case 'to-offset':
        newOffset = clamp(BigInt(strategy.offset));
        break;
      case 'shift-by':
        if (currentOffset === null)
          throw new OffsetResetError(p.topic, p.partition, 'no committed offset to shift');
        newOffset = clamp(currentOffset + BigInt(strategy.shift));
        break;
      case 'to-datetime':
      case 'by-duration':
        newOffset = facts.byTimestamp.get(key) ?? need(facts.latest, 'log end');
        break;
    }
    return { topic: p.topic, partition: p.partition, currentOffset, newOffset };
  });
}

function timestampOf(t: number | Date): number {
  return t instanceof Date ? t.getTime() : t;
}
