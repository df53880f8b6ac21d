/**
 * Coalescing of metadata refreshes: at most one Metadata request in flight, and at most one
 * queued behind it that collects every topic asked for meanwhile. A caller whose topics the
 * request in flight already covers joins it; others share the queued one. So a burst of
 * NOT_LEADER_OR_FOLLOWER errors over many partitions costs one or two requests, not one each
 * (Java `Metadata#requestUpdate` sets a flag that the next poll serves once).
 */

/** Fetches metadata for `topics` (`null`: all topics) and applies it. */
export type MetadataFetch = (topics: readonly string[] | null) => Promise<void>;

interface Round {
  /** Every topic (null topics request). */
  all: boolean;
  readonly topics: Set<string>;
  readonly promise: Promise<void>;
}

/** Runs refreshes, coalesced. */
export class MetadataRefresher {
  private current: Round | undefined;
  private queued: Round | undefined;
  private count = 0;

  constructor(private readonly fetch: MetadataFetch) {}

  /** How many Metadata requests were started. */
  get requests(): number {
    return this.count;
  }

  /** Whether a refresh is in flight. */
  get refreshing(): boolean {
    return this.current !== undefined;
  }

  /** Refreshes `topics` (with `null`, all topics); resolves when a response covering them is applied. */
  refresh(topics: readonly string[] | null): Promise<void> {
    const current = this.current;
    if (current !== undefined && covers(current, topics)) return current.promise;
    if (this.queued !== undefined) {
      if (topics === null) this.queued.all = true;
      else for (const t of topics) this.queued.topics.add(t);
      return this.queued.promise;
    }
    if (current !== undefined) {
      const round: Round = {
        all: topics === null,
        topics: new Set(topics ?? []),
        promise: current.promise
          .catch(() => {})
          .then(() => {
            this.queued = undefined;
            return this.run(round);
          }),
      };
      this.queued = round;
      return round.promise;
    }
    const round: Round = { all: topics === null, topics: new Set(topics ?? []), promise: Promise.resolve() };
    return this.run(round);
  }

  private run(round: Round): Promise<void> {
    this.count++;
    const promise = this.fetch(round.all ? null : [...round.topics]).finally(() => {
      if (this.current?.promise === promise) this.current = undefined;
    });
    this.current = { all: round.all, topics: round.topics, promise };
    return promise;
  }
}

function covers(round: Round, topics: readonly string[] | null): boolean {
  if (round.all) return true;
  return topics?.every((t) => round.topics.has(t)) ?? false;
}
