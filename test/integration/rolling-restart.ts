/**
 * "Rolling restart under a consuming group" (issue 6): a topic replicated 3 times
 * (`min.insync.replicas=2`) is filled with numbered records by the idempotent producer; a group
 * of three kafe consumers, each in its own process (`rolling-restart-member.ts`), consumes it
 * with auto-commit while brokers 1, 2 and 3 are restarted one after another (controlled
 * shutdown), each time waiting until every replica of the topic and of `__consumer_offsets` is
 * back in sync. Consumption is paced during the roll so that it spans all three restarts (slowed
 * further when fewer than 8% of the records are left before the roll is over), then runs at
 * full speed.
 *
 * What is measured: records never consumed (lost), records consumed more than once
 * (duplicates; *unexplained* when both deliveries fall in the same ownership of the partition by
 * the same member, i.e. not from offsets left uncommitted at a rebalance), the longest time a
 * partition with records left made no progress (stall), group generations during the roll
 * (rebalances), and whether every member closed cleanly. Shared by the cluster3 test (small)
 * and `scripts/soak-consumer.ts` (1,000,000 records).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KafkaCluster } from '../../harness/cluster.js';
import type { Kafka } from '../../src/kafka.js';

/** Options of {@link rollingRestart}. */
export interface RollingRestartOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly records: number;
  /** Default 6. */
  readonly partitions?: number;
  /** The members' session timeout, ms; also the bound on a stall. Default 10000. */
  readonly sessionTimeoutMs?: number;
  /**
   * While brokers restart, the group consumes at `records / pacedSeconds` records per second so
   * that records are left for every restart; afterwards at full speed. Default 120.
   */
  readonly pacedSeconds?: number;
  /** How long to wait for the rest once the roll is over, ms. Default 120000. */
  readonly drainTimeoutMs?: number;
  /** Print progress. */
  readonly log?: (line: string) => void;
}

/** What happened. */
export interface RollingRestartResult {
  readonly records: number;
  readonly produceMs: number;
  /** From the members' start until every record was consumed (or the wait gave up). */
  readonly consumeMs: number;
  /** Each restart: broker, ms until it was back and every replica in sync again. */
  readonly restarts: { broker: number; ms: number }[];
  /** Records not yet consumed when the last broker was back in sync (must be > 0 for the roll to count). */
  readonly unconsumedAfterRoll: number;
  readonly lost: number;
  /** Deliveries beyond the first. */
  readonly duplicates: number;
  /** Duplicates delivered twice within one ownership of the partition (a consumer bug). */
  readonly unexplainedDuplicates: number;
  /** Longest time a partition with records left made no progress, from the roll's start, ms. */
  readonly longestStallMs: number;
  /** Which partition, and when (ms after the roll's start) that stall ended. */
  readonly longestStallAt: { partition: number; endedAtMs: number };
  /** Longest time no member consumed anything while records were left, ms. */
  readonly longestGroupGapMs: number;
  /** Generations the members entered after the roll started (0: no rebalance). */
  readonly rebalances: number;
  /** Partitions revoked / lost by members (from the rebalance listeners). */
  readonly revoked: number;
  readonly lostPartitions: number;
  /** Members that printed `closed` and exited with code 0. */
  readonly cleanExits: number;
  /** Anything else wrong: a member's error, records from a partition it did not own, ... */
  readonly problems: string[];
}

const MEMBERS = 3;

/** Runs the experiment on `cluster` (3 brokers) through `kafka` (for admin and producing). */
export async function rollingRestart(
  cluster: KafkaCluster,
  kafka: Kafka,
  options: RollingRestartOptions,
): Promise<RollingRestartResult> {
  const { topic, groupId, records } = options;
  const partitions = options.partitions ?? 6;
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
  const log = options.log ?? (() => {});
  (
    await kafka
      .admin()
      .createTopics([{ topic, partitions, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }])
  ).throwIfFailed();
  const produceMs = await fill(kafka, topic, records, partitions);
  log(`produced ${records} records in ${produceMs} ms`);

  const watch = new Watch(records, partitions);
  const started = Date.now();
  const rate = Math.ceil(records / (options.pacedSeconds ?? 120) / MEMBERS);
  const members = Array.from({ length: MEMBERS }, (_, m) =>
    startMember(cluster, [topic, groupId, String(sessionTimeoutMs), String(rate)], (line) => {
      if (!line.startsWith('v ')) log(`member ${m}: ${line} (${Date.now() - started} ms)`);
      watch.event(m, line);
    }),
  );
  const restarts: { broker: number; ms: number }[] = [];
  let unconsumedAfterRoll = 0;
  let crawl: NodeJS.Timeout | undefined;
  try {
    await waitFor('every partition consumed from', 120_000, () => watch.progressedEverywhere(), members);
    log(`group consuming (${watch.consumed} records so far); rolling restart begins`);
    watch.startRoll();
    // A roll slower than the pace planned for must still find records left to consume.
    crawl = setInterval(() => {
      if (records - watch.consumed > records * 0.08) return;
      for (const m of members) m.child.stdin.write('crawl\n');
      clearInterval(crawl);
    }, 200);
    for (const { id } of cluster.status()) {
      const t = Date.now();
      await cluster.restartBroker(id);
      await waitForFullIsr(kafka, [topic, '__consumer_offsets']);
      restarts.push({ broker: id, ms: Date.now() - t });
      log(`broker ${id} restarted and in sync in ${Date.now() - t} ms (${watch.consumed} consumed)`);
    }
    clearInterval(crawl);
    unconsumedAfterRoll = records - watch.consumed;
    for (const m of members) m.child.stdin.write('unpace\n');
    await waitFor(
      'every record consumed',
      options.drainTimeoutMs ?? 120_000,
      () => watch.done(),
      members,
    ).catch((error: Error) => watch.problems.push(error.message));
  } finally {
    clearInterval(crawl);
    watch.stop();
    for (const m of members) m.child.stdin.write('close\n');
    await Promise.all(members.map((m) => m.exited(30_000)));
  }
  const consumeMs = (watch.finishedAt ?? Date.now()) - started;
  log(`consumed in ${consumeMs} ms`);
  return {
    records,
    produceMs,
    consumeMs,
    restarts,
    unconsumedAfterRoll,
    ...watch.summary(),
    cleanExits: members.filter((m) => m.closedCleanly()).length,
  };
}

/** Writes `records` numbered records, record n to partition n % partitions (idempotent, acks=all). */
async function fill(kafka: Kafka, topic: string, records: number, partitions: number): Promise<number> {
  const started = Date.now();
  // Java-sized 4 KiB batches: a fetch hands out at least one whole batch, and the members
  // fetch 4 KiB per partition (see rolling-restart-member.ts).
  const producer = kafka.producer({ acks: 'all', batchSize: 4096, maxBatchSize: 4096 });
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < records; i += 1000) {
    const batch = [];
    for (let n = i; n < Math.min(records, i + 1000); n++)
      batch.push({ topic, partition: n % partitions, value: String(n) });
    inFlight.push(producer.sendBatch(batch));
    if (inFlight.length >= 20) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.close();
  return Date.now() - started;
}

/** Waits until every partition of `topics` has all its replicas in sync (3 minutes at most). */
async function waitForFullIsr(kafka: Kafka, topics: string[]): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await kafka.cluster.refreshTopics(topics);
    const lagging = topics.flatMap((t) =>
      (kafka.cluster.metadata.topic(t)?.partitions ?? [undefined]).filter(
        (p) => p === undefined || p.isr.length < p.replicas.length || p.leaderId < 0,
      ),
    );
    if (lagging.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`replicas of ${topics.join(', ')} not in sync after 3 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Member {
  readonly child: ChildProcessWithoutNullStreams;
  exited(timeoutMs: number): Promise<void>;
  closedCleanly(): boolean;
}

function startMember(cluster: KafkaCluster, args: string[], onLine: (line: string) => void): Member {
  const script = fileURLToPath(new URL('./rolling-restart-member.ts', import.meta.url));
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    script,
    cluster.bootstrapFor('plaintext'),
    ...args,
  ]);
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  // A member that died shows in its exit code; writing to it must not crash the run.
  child.stdin.on('error', () => {});
  let pending = '';
  let closed = false;
  child.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line === 'closed') closed = true;
      onLine(line);
    }
  });
  // 'close', not 'exit': at 'exit' its last lines ("closed") may still be in the pipe.
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let code: number | null | undefined;
  void exit.then((c) => {
    code = c;
  });
  return {
    child,
    exited: async (timeoutMs) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exit;
      clearTimeout(timer);
    },
    closedCleanly: () => closed && code === 0,
  };
}

/** Polls `condition`; fails after `timeoutMs`, or at once when a member process ended. */
async function waitFor(what: string, timeoutMs: number, condition: () => boolean, members: Member[]) {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (members.some((m) => m.child.exitCode !== null)) throw new Error(`${what}: a member process ended`);
    if (Date.now() > giveUp) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Keeps the score from the members' event lines. */
class Watch {
  consumed = 0;
  finishedAt: number | undefined;
  readonly problems: string[] = [];
  private readonly deliveries: Uint8Array;
  /** Ownership (see `owner`) under which each record was last delivered. */
  private readonly deliveredUnder: Int32Array;
  /** Per partition, a counter bumped at each assignment: one value per ownership. */
  private readonly ownerships: number[];
  /** Per member, the ownership of each partition it holds. */
  private readonly held = Array.from({ length: MEMBERS }, () => new Map<number, number>());
  private readonly left: number[];
  private readonly lastProgress: number[];
  private lastAny = 0;
  private rollStart = 0;
  private readonly generations = new Set<number>();
  private readonly rollGenerations = new Set<number>();
  private duplicates = 0;
  private unexplained = 0;
  private revoked = 0;
  private lost = 0;
  private stall = { ms: 0, partition: -1, endedAtMs: 0 };
  private groupGap = 0;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly records: number,
    private readonly partitions: number,
  ) {
    this.deliveries = new Uint8Array(records);
    this.deliveredUnder = new Int32Array(records);
    this.ownerships = new Array<number>(partitions).fill(0);
    this.left = Array.from({ length: partitions }, (_, p) => Math.ceil((records - p) / partitions));
    this.lastProgress = new Array<number>(partitions).fill(0);
    // A stall shows while it lasts, not only when it ends.
    this.ticker = setInterval(() => this.measure(-1, Date.now()), 100);
  }

  progressedEverywhere(): boolean {
    return this.lastProgress.every((t) => t > 0) && this.held.every((h) => h.size > 0);
  }

  startRoll(): void {
    this.rollStart = Date.now();
    this.lastProgress.fill(this.rollStart);
    this.lastAny = this.rollStart;
  }

  done(): boolean {
    return this.consumed === this.records;
  }

  stop(): void {
    clearInterval(this.ticker);
    this.measure(-1, Date.now());
  }

  event(member: number, line: string): void {
    const now = Date.now();
    const [kind, a = '', b = ''] = line.split(' ');
    const list = a === '' ? [] : a.split(',').map(Number);
    switch (kind) {
      case 'v':
        this.values(member, Number(a), b.split(','), now);
        break;
      case 'a':
        for (const p of list) this.held[member]!.set(p, ++this.ownerships[p]!);
        break;
      case 'r':
      case 'l':
        for (const p of list) this.held[member]!.delete(p);
        if (kind === 'r') this.revoked += list.length;
        else this.lost += list.length;
        break;
      case 'g':
        if (this.rollStart > 0 && !this.generations.has(Number(a)) && Number(a) >= 0)
          this.rollGenerations.add(Number(a));
        this.generations.add(Number(a));
        break;
      case 'e':
        this.problems.push(`member ${member}: ${line.slice(2)}`);
        break;
    }
  }

  private values(member: number, partition: number, values: string[], now: number): void {
    const ownership = this.held[member]!.get(partition);
    if (ownership === undefined)
      this.problems.push(`member ${member} processed partition ${partition} without owning it`);
    this.measure(partition, now);
    for (const v of values) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n >= this.records || n % this.partitions !== partition) {
        this.problems.push(`unexpected value ${v} in partition ${partition}`);
        continue;
      }
      if (this.deliveries[n] === 0) {
        this.consumed++;
        this.left[partition]!--;
      } else {
        this.duplicates++;
        if (this.deliveredUnder[n] === ownership) this.unexplained++;
      }
      this.deliveries[n] = Math.min(255, this.deliveries[n]! + 1);
      this.deliveredUnder[n] = ownership ?? -1;
    }
    if (this.consumed === this.records && this.finishedAt === undefined) this.finishedAt = now;
  }

  /** Updates the longest stall; `partition` (if >= 0) just made progress at `now`. */
  private measure(partition: number, now: number): void {
    if (this.rollStart === 0) {
      if (partition >= 0) this.lastProgress[partition] = now;
      return;
    }
    for (let p = 0; p < this.partitions; p++) {
      if (this.left[p] === 0) continue;
      const ms = now - this.lastProgress[p]!;
      if (ms >= this.stall.ms) this.stall = { ms, partition: p, endedAtMs: now - this.rollStart };
    }
    if (this.consumed < this.records) this.groupGap = Math.max(this.groupGap, now - this.lastAny);
    if (partition >= 0) {
      this.lastProgress[partition] = now;
      this.lastAny = now;
    }
  }

  summary() {
    return {
      lost: this.deliveries.reduce((sum, d) => sum + (d === 0 ? 1 : 0), 0),
      duplicates: this.duplicates,
      unexplainedDuplicates: this.unexplained,
      longestStallMs: this.stall.ms,
      longestStallAt: { partition: this.stall.partition, endedAtMs: this.stall.endedAtMs },
      longestGroupGapMs: this.groupGap,
      rebalances: this.rollGenerations.size,
      revoked: this.revoked,
      lostPartitions: this.lost,
      problems: this.problems.slice(0, 20),
    };
  }
}
