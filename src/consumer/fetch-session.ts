/**
 * One broker's incremental fetch session (KIP-227; Java `FetchSessionHandler`). The first
 * fetch is full (session id 0, epoch 0) and asks the broker for a session; afterwards a fetch
 * lists only the partitions whose fetch data changed (new, or a new offset / leader epoch /
 * size) and names in `forgottenTopicsData` those no longer wanted. The broker remembers the
 * rest and leaves partitions without news out of its responses, so a consumer of many quiet
 * partitions sends and receives a few bytes per fetch instead of the whole list.
 *
 * The state is updated as each request is built (as Java's builder does) and reset to a full
 * fetch after any failure, which is always safe.
 */
import { topicPartitionKey } from '../cluster/topic-partition.js';
import type {
  FetchRequestFetchTopicInput,
  FetchRequestForgottenTopicInput,
} from '../protocol/messages/fetch.js';

/** Session id meaning "none" (`FetchMetadata.INVALID_SESSION_ID`). */
const NO_SESSION = 0;
/** Epoch of a full fetch that asks for a new session (`FetchMetadata.INITIAL_EPOCH`). */
const INITIAL_EPOCH = 0;
/** First version naming topics by id (KIP-516). */
export const FETCH_TOPIC_ID_VERSION = 13;
/** First version with `lastFetchedEpoch` and `divergingEpoch` (KIP-595; answered to consumers too). */
export const LAST_FETCHED_EPOCH_VERSION = 12;

/** What the consumer wants fetched from one partition. */
export interface WantedPartition {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  readonly fetchOffset: bigint;
  readonly currentLeaderEpoch: number;
  /** Leader epoch of the record before `fetchOffset` (v12+; -1 unknown): the leader answers a `divergingEpoch` when its log differs (KIP-320). */
  readonly lastFetchedEpoch?: number;
  readonly maxBytes: number;
}

/** The session fields and partition lists of one Fetch request. */
export interface SessionRequest {
  readonly sessionId: number;
  readonly sessionEpoch: number;
  readonly topics: FetchRequestFetchTopicInput[];
  readonly forgottenTopicsData: FetchRequestForgottenTopicInput[];
  /** Whether this is a full fetch (every wanted partition listed). */
  readonly full: boolean;
}

/** The fetch session with one broker. */
export class FetchSession {
  private sessionId = NO_SESSION;
  private epoch = INITIAL_EPOCH;
  private version = -1;
  /** What the broker's session holds, as of the last request built. */
  private partitions = new Map<string, WantedPartition>();

  /** The current session id (0 when none). */
  get id(): number {
    return this.sessionId;
  }

  /**
   * Builds the next request for `wanted` at `version` (the whole list when there is no
   * session, else only the changes) and records it as the session's new state.
   */
  build(wanted: readonly WantedPartition[], version: number): SessionRequest {
    // A session is tied to how topics are named: crossing v13 starts a new one.
    if (
      version !== this.version &&
      version >= FETCH_TOPIC_ID_VERSION !== this.version >= FETCH_TOPIC_ID_VERSION
    )
      this.reset();
    this.version = version;
    const next = new Map<string, WantedPartition>();
    for (const w of wanted) next.set(topicPartitionKey(w.topic, w.partition), w);
    const full = this.sessionId === NO_SESSION;
    const send: WantedPartition[] = [];
    const forgotten: WantedPartition[] = [];
    if (full) send.push(...wanted);
    else {
      for (const [k, w] of next) {
        const old = this.partitions.get(k);
        if (
          old === undefined ||
          old.fetchOffset !== w.fetchOffset ||
          old.currentLeaderEpoch !== w.currentLeaderEpoch ||
          old.lastFetchedEpoch !== w.lastFetchedEpoch ||
          old.maxBytes !== w.maxBytes ||
          old.topicId !== w.topicId
        )
          send.push(w);
      }
      for (const [k, old] of this.partitions) if (!next.has(k)) forgotten.push(old);
    }
    this.partitions = next;
    return {
      sessionId: this.sessionId,
      sessionEpoch: this.epoch,
      topics: groupTopics(send, (w) => ({
        partition: w.partition,
        currentLeaderEpoch: w.currentLeaderEpoch,
        fetchOffset: w.fetchOffset,
        lastFetchedEpoch: version >= LAST_FETCHED_EPOCH_VERSION ? (w.lastFetchedEpoch ?? -1) : -1,
        logStartOffset: -1n,
        partitionMaxBytes: w.maxBytes,
      })),
      forgottenTopicsData: groupTopics(forgotten, (w) => w.partition).map((t) => ({
        topic: t.topic,
        topicId: t.topicId,
        partitions: t.partitions,
      })),
      full,
    };
  }

  /**
   * Records the broker's answer: the session id it granted (0: it keeps none, so the next
   * fetch is full again) and the next epoch. A top-level error resets the session.
   */
  handleResponse(errorCode: number, sessionId: number): void {
    if (errorCode !== 0 || sessionId === NO_SESSION) {
      this.reset();
      return;
    }
    if (this.sessionId !== sessionId) {
      // A new session (after a full fetch): its first incremental fetch is epoch 1.
      this.sessionId = sessionId;
      this.epoch = 1;
      return;
    }
    // Epochs wrap to 1, never to 0 (initial) or negative (final), as Java's `nextEpoch`.
    this.epoch = this.epoch >= 0x7fffffff ? 1 : this.epoch + 1;
  }

  /** Forgets the session: the next fetch is full (after a failed request, or a session error). */
  reset(): void {
    this.sessionId = NO_SESSION;
    this.epoch = INITIAL_EPOCH;
    this.partitions = new Map();
  }
}

function groupTopics<T>(
  list: readonly WantedPartition[],
  map: (w: WantedPartition) => T,
): { topic: string; topicId: string; partitions: T[] }[] {
  const byTopic = new Map<string, { topic: string; topicId: string; partitions: T[] }>();
  for (const w of list) {
    let t = byTopic.get(w.topic);
    if (t === undefined) {
      t = { topic: w.topic, topicId: w.topicId, partitions: [] };
      byTopic.set(w.topic, t);
    }
    t.partitions.push(map(w));
  }
  return [...byTopic.values()];
}
