/**
 * Incremental fetch sessions (KIP-227), per broker as Kafka's `FetchSessionCache` keeps them: a
 * full fetch with session id 0 and epoch 0 opens one, an incremental fetch names it with the
 * next epoch and lists only the partitions that changed (plus the forgotten ones), epoch -1
 * closes it. A broker restart forgets its sessions.
 */

/** One partition a fetch (or its session) covers. */
export interface FetchPartition {
  readonly topic: string;
  readonly partition: number;
  fetchOffset: bigint;
  lastFetchedEpoch: number;
  currentLeaderEpoch: number;
  maxBytes: number;
  /** The high watermark last answered (a session leaves the partition out while nothing changed). */
  answeredHighWatermark?: bigint;
}

/** What the sessions decided for one Fetch. */
export type SessionResolution =
  | { readonly errorCode: number }
  | {
      readonly errorCode: 0;
      /** Session id to answer (0: none). */
      readonly sessionId: number;
      /** Whether quiet partitions may be left out of the answer. */
      readonly incremental: boolean;
      readonly partitions: FetchPartition[];
    };

const FETCH_SESSION_ID_NOT_FOUND = 70;
const INVALID_FETCH_SESSION_EPOCH = 71;
const FINAL_EPOCH = -1;

interface Session {
  epoch: number;
  readonly partitions: Map<string, FetchPartition>;
}

const keyOf = (topic: string, partition: number) => `${topic}\0${partition}`;

/** The fetch session caches of every broker of a fake cluster. */
export class FetchSessions {
  private readonly sessions = new Map<string, Session>();
  private nextId = 1;

  /**
   * Applies one Fetch to the sessions of broker `nodeId`. `own` is the request's partition list,
   * `forgotten` its forgotten partitions; `grant` says whether a new session may be opened.
   */
  resolve(
    nodeId: number,
    sessionId: number,
    epoch: number,
    own: FetchPartition[],
    forgotten: { topic: string; partition: number }[],
    grant: boolean,
  ): SessionResolution {
    const key = `${nodeId}:${sessionId}`;
    if (sessionId !== 0 && epoch > 0) {
      const s = this.sessions.get(key);
      if (s === undefined) return { errorCode: FETCH_SESSION_ID_NOT_FOUND };
      if (s.epoch !== epoch) return { errorCode: INVALID_FETCH_SESSION_EPOCH };
      s.epoch = epoch === 2 ** 31 - 1 ? 1 : epoch + 1;
      for (const p of own) {
        const old = s.partitions.get(keyOf(p.topic, p.partition));
        s.partitions.set(keyOf(p.topic, p.partition), {
          ...p,
          answeredHighWatermark: old?.answeredHighWatermark,
        });
      }
      for (const f of forgotten) s.partitions.delete(keyOf(f.topic, f.partition));
      return { errorCode: 0, sessionId, incremental: true, partitions: [...s.partitions.values()] };
    }
    if (sessionId !== 0) this.sessions.delete(key);
    if (epoch === FINAL_EPOCH || !grant)
      return { errorCode: 0, sessionId: 0, incremental: false, partitions: own };
    const id = this.nextId++;
    this.sessions.set(`${nodeId}:${id}`, {
      epoch: 1,
      partitions: new Map(own.map((p) => [keyOf(p.topic, p.partition), p])),
    });
    return { errorCode: 0, sessionId: id, incremental: false, partitions: own };
  }

  /** Forgets the sessions of broker `nodeId` (it restarted). */
  forgetBroker(nodeId: number): void {
    for (const key of [...this.sessions.keys()]) if (key.startsWith(`${nodeId}:`)) this.sessions.delete(key);
  }
}
