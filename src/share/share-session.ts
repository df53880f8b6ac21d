/**
 * One share session with one broker (KIP-932, "Share sessions"; Java `ShareSessionHandler`):
 * the partitions the broker keeps fetching for this member without their being listed again,
 * and the epoch each request carries. Epoch 0 opens a session and lists every partition; each
 * later request carries the next epoch (1, 2, ... wrapping to 1) and lists only the partitions
 * added since, with the ones to drop as `ForgottenTopicsData`; -1 closes it, releasing what it
 * still holds acquired. Any error resets to epoch 0. Pure: no I/O.
 */
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';

/** The session's epoch when it is opened, and when it is closed. */
export const SessionEpoch = { open: 0, close: -1 } as const;

/** What the next ShareFetch carries. */
export interface SessionFetch {
  readonly epoch: number;
  /** Partitions to list in `Topics` (new to the session, or every one when opening). */
  readonly added: readonly TopicPartition[];
  /** Partitions to drop (`ForgottenTopicsData`). */
  readonly forgotten: readonly TopicPartition[];
}

/** A share session's state on the client side. */
export class ShareSession {
  private epochNow: number = SessionEpoch.open;
  private readonly members = new Map<string, TopicPartition>();

  /** The epoch the next request carries (0: the session is not open). */
  get epoch(): number {
    return this.epochNow;
  }

  /** Whether `tp` is in the session (the broker fetches it without its being listed). */
  has(tp: TopicPartition): boolean {
    return this.members.has(topicPartitionKey(tp.topic, tp.partition));
  }

  /**
   * The next fetch for `wanted`: the session's partitions become `wanted`. Acknowledgements may
   * go only with an epoch other than 0 (the broker refuses them on the request that opens a
   * session).
   */
  nextFetch(wanted: readonly TopicPartition[]): SessionFetch {
    const want = new Map(wanted.map((tp) => [topicPartitionKey(tp.topic, tp.partition), tp]));
    const full = this.epochNow === SessionEpoch.open;
    const added = full
      ? [...want.values()]
      : [...want].filter(([k]) => !this.members.has(k)).map(([, tp]) => tp);
    const forgotten = full ? [] : [...this.members].filter(([k]) => !want.has(k)).map(([, tp]) => tp);
    this.members.clear();
    for (const [k, tp] of want) this.members.set(k, tp);
    return { epoch: this.epochNow, added, forgotten };
  }

  /** The request carrying the current epoch was answered without a top-level error. */
  answered(): void {
    this.epochNow = this.epochNow >= 2 ** 31 - 1 ? 1 : this.epochNow + 1;
  }

  /** Any failure (session not found, invalid epoch, connection lost): the next request opens a new session. */
  reset(): void {
    this.epochNow = SessionEpoch.open;
    this.members.clear();
  }
}
