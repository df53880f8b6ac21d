/**
 * Share consumers under fire (KIP-932), for `cluster3/share-under-fire.test.ts` (20,000 records)
 * and `scripts/soak-share.ts` (200,000): four members of one share group (three in this process,
 * one in a child process) read a 6-partition RF 3 topic while a broker is killed with SIGKILL and
 * restarted and the child is killed with SIGKILL. A record counts as accepted once the broker
 * confirmed its partition's acknowledgement. The result says whether the accepted set equals the
 * produced set, and counts the duplicates (records delivered more than once) by cause.
 */
import diagnostics from 'node:diagnostics_channel';
import type { KafkaCluster } from '../../harness/cluster.js';
import type { Kafka } from '../../src/kafka.js';
import type { ShareConsumer } from '../../src/share/share-consumer.js';
import type { ShareRecord } from '../../src/share/share-record.js';
import { spawnTsxChild } from './tsx-child.js';

/** Errors of an acknowledgement request that leave its outcome unknown (written, no answer). */
const UNKNOWN_OUTCOME = new Set(['CONNECTION_ERROR', 'CONNECTION_CLOSED', 'REQUEST_TIMEOUT']);

/** The part of a ShareFetch answer read here (the `result` of the `kafe:request` tracing channel). */
interface ShareFetchAnswer {
  responses: {
    partitions: {
      partitionIndex: number;
      acquiredRecords: { firstOffset: bigint; lastOffset: bigint; deliveryCount: number }[];
    }[];
  }[];
}

/** Options of {@link shareUnderFire}. */
export interface ShareUnderFireOptions {
  topic: string;
  records: number;
  log: (line: string) => void;
  /** Bound on the whole run, ms. */
  timeoutMs: number;
}

/** What happened. */
export interface ShareUnderFireResult {
  produced: number;
  /** Records whose acceptance the broker confirmed. */
  accepted: number;
  /** Produced records neither accepted nor acknowledged in a request lost in flight (empty when clean). */
  missing: string[];
  /**
   * The first missing records' place (`at:<partition>@<offset>`), acquisitions by this process's
   * members (`acquired:<broker>#<count>`, from the ShareFetch answers), deliveries
   * (`<partition>@<offset>#<count>`, `child:...`) and answers (`<count>:<ok|code>`).
   */
  missingHistory: Record<string, string[]>;
  /** Accepted records that were never produced (empty when clean). */
  unknown: string[];
  /** Records handed out more than once, by cause. */
  duplicates: {
    /** Last delivered with a delivery count above 1: released by the broker (a lock that ran out, a member that died, a session lost with a broker). */
    redelivered: number;
    /** Accepted (confirmed) twice: a second member got the record after the first one's lock ran out, and both acknowledgements were taken. */
    acceptedTwice: number;
  };
  /** Acknowledgements the broker did not take, by error code (the records come back to the group). */
  ackErrors: Record<string, number>;
  /**
   * Records accepted whose acknowledgement was lost with its connection (a broker killed after
   * taking it) or with the killed child (it had sent the acknowledgement, not printed the answer):
   * the broker applied it, since it has nothing left to deliver (`leftToDeliver`).
   */
  acceptedInFlight: number;
  /** Members whose `run` failed (a fatal error ends a member: its records wait for their locks), as `code: message`. */
  memberErrors: string[];
  /**
   * Acknowledgement outcomes for offsets no handler was given (releases of records acquired but
   * not returned, gaps), by `ok` or error code: none is expected here (no compaction, no aborts).
   */
  undeliveredOutcomes: Record<string, number>;
  /** Whether the brokers still had records to deliver at the end (false when clean). */
  leftToDeliver: boolean;
  victimBroker: number;
  childKilledAfter: number;
}

/**
 * A share consumer that accepts every record and calls `confirmed` for each record whose
 * acknowledgement was answered (from the per-offset outcomes, whether the acknowledgement went
 * with a fetch or with a commit), with the error code when the broker did not take it.
 */
export function acceptingMember(
  kafka: Kafka,
  groupId: string,
  topic: string,
  confirmed: (value: string, deliveryCount: number, error: string | undefined) => void,
  handedOut: (value: string, where: string) => void,
  undelivered: (where: string, error: string | undefined) => void = () => {},
): { consumer: ShareConsumer; run: (signal: AbortSignal) => Promise<void> } {
  // Deliveries waiting for their answer, oldest first per offset: one member may be handed an
  // offset again (its lock ran out) before the first delivery's acknowledgement is answered,
  // and each answer must count once.
  const delivered = new Map<string, ShareRecord[]>();
  const consumer = kafka.shareConsumer({
    groupId,
    onAcknowledgementCommit: (outcomes) => {
      for (const o of outcomes)
        for (const offset of o.offsets) {
          const key = `${o.topic}/${o.partition}/${offset}`;
          const waiting = delivered.get(key);
          const r = waiting?.shift();
          if (waiting?.length === 0) delivered.delete(key);
          if (r !== undefined) confirmed(r.value!.toString(), r.deliveryCount, o.error?.code);
          else undelivered(key, o.error?.code);
        }
    },
  });
  consumer.subscribe([topic]);
  const run = (signal: AbortSignal) =>
    consumer.run({
      concurrency: 4,
      signal,
      eachRecord: (r) => {
        const key = `${r.topic}/${r.partition}/${r.offset}`;
        const waiting = delivered.get(key);
        if (waiting === undefined) delivered.set(key, [r]);
        else waiting.push(r);
        handedOut(r.value!.toString(), `${r.partition}@${r.offset}#${r.deliveryCount}`);
      },
    });
  return { consumer, run };
}

/** Whether every partition of the group has a share-partition lag of 0. */
async function nothingLeft(kafka: Kafka, groupId: string): Promise<boolean> {
  const rows = await kafka
    .admin()
    .listShareGroupOffsets(groupId)
    .catch(() => []);
  return rows.length > 0 && rows.every((r) => r.error === undefined && r.lag === 0n);
}

/** Runs the scenario. */
export async function shareUnderFire(
  cluster: KafkaCluster,
  kafka: Kafka,
  options: ShareUnderFireOptions,
): Promise<ShareUnderFireResult> {
  const { topic, records, log } = options;
  const groupId = `${topic}-group`;
  const admin = kafka.admin();
  (
    await admin.createTopics([
      { topic, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } },
    ])
  ).throwIfFailed();
  await admin.alterShareGroupConfigs(groupId, {
    'share.auto.offset.reset': 'earliest',
    // Records held by the killed member come back after this long.
    'share.record.lock.duration.ms': '10000',
  });
  const producer = kafka.producer();
  const values = Array.from({ length: records }, (_, i) => `r${i}`);
  // Where each record landed, and every acquisition of each place by this process's members.
  const placeOf = new Map<string, string>();
  for (let i = 0; i < records; i += 5000) {
    const report = await producer.sendBatch(
      values.slice(i, i + 5000).map((v) => ({ topic, value: Buffer.from(v) })),
    );
    for (let j = 0; j < report.count; j++)
      placeOf.set(values[i + j]!, `${report.partitions[j]}@${report.offsets[j]}`);
  }
  await producer.close();
  const acquisitions = new Map<string, string[]>();
  const onResponse = (message: unknown) => {
    const m = message as { api?: string; broker?: string; result?: ShareFetchAnswer };
    if (m.api !== 'ShareFetch' || m.result === undefined) return;
    for (const t of m.result.responses)
      for (const pd of t.partitions)
        for (const a of pd.acquiredRecords)
          for (let o = a.firstOffset; o <= a.lastOffset; o++) {
            const key = `${pd.partitionIndex}@${o}`;
            const seen = acquisitions.get(key);
            const event = `acquired:${m.broker}#${a.deliveryCount}`;
            if (seen === undefined) acquisitions.set(key, [event]);
            else seen.push(event);
          }
  };
  const responses = diagnostics.channel('tracing:kafe:request:asyncEnd');
  responses.subscribe(onResponse);
  log(`produced ${records}`);

  const accepted = new Map<string, number>();
  const lastCount = new Map<string, number>();
  const ackErrors: Record<string, number> = {};
  // Acknowledgements whose request was lost with its connection: the broker may have applied
  // them (it then never hands the record out again) or not (it does, and someone accepts it).
  const unknownOutcome = new Set<string>();
  // Each record's deliveries and answers, as `<where>#<deliveryCount>` and `<count>:<ok|code>`,
  // printed for the first missing ones when the run fails.
  const history = new Map<string, string[]>();
  const note = (value: string, event: string) => {
    const l = history.get(value);
    if (l === undefined) history.set(value, [event]);
    else l.push(event);
  };
  const confirm = (value: string, deliveryCount: number, error: string | undefined) => {
    note(value, `${deliveryCount}:${error ?? 'ok'}`);
    if (error !== undefined) {
      ackErrors[error] = (ackErrors[error] ?? 0) + 1;
      if (UNKNOWN_OUTCOME.has(error)) unknownOutcome.add(value);
      return;
    }
    accepted.set(value, (accepted.get(value) ?? 0) + 1);
    lastCount.set(value, Math.max(lastCount.get(value) ?? 0, deliveryCount));
  };
  const stop = new AbortController();
  const memberErrors: string[] = [];
  const undeliveredOutcomes: Record<string, number> = {};
  const undelivered = (_where: string, error: string | undefined) => {
    undeliveredOutcomes[error ?? 'ok'] = (undeliveredOutcomes[error ?? 'ok'] ?? 0) + 1;
  };
  const members = [0, 1, 2].map(() => acceptingMember(kafka, groupId, topic, confirm, note, undelivered));
  const runs = members.map((m) =>
    m.run(stop.signal).catch((e: Error & { code?: string }) => {
      memberErrors.push(`${e.code}: ${e.message}`);
    }),
  );

  // Records the child accepted whose answer it had not printed when it was killed: their
  // acknowledgement may have reached the broker (then it never hands them out again) or not.
  const childUnanswered = new Set<string>();
  const child = spawnTsxChild(
    new URL('./share-under-fire-child.ts', import.meta.url),
    [cluster.bootstrapFor('plaintext'), topic, groupId],
    (l) => {
      const [kind, value, count, error] = l.split(' ');
      if (value === undefined) return;
      if (kind === 'failed') {
        memberErrors.push(`child ${l.slice('failed '.length)}`);
        return;
      }
      if (kind === 'undelivered') {
        undelivered(value, error);
        return;
      }
      if (kind === 'seen') {
        note(value, `child:${count}`);
        childUnanswered.add(value);
      } else {
        childUnanswered.delete(value);
        confirm(value, Number(count), error);
      }
    },
  );

  const victimBroker = 2;
  let childKilledAfter = -1;
  let killed = false;
  let restarted = false;
  const deadline = Date.now() + options.timeoutMs;
  try {
    const covered = () => values.every((v) => accepted.has(v) || unknownOutcome.has(v));
    while (Date.now() < deadline) {
      // Done when every record was accepted or its acceptance was lost in flight, and the
      // brokers have nothing left to deliver (so those lost ones were applied).
      if (accepted.size + unknownOutcome.size >= records && covered() && (await nothingLeft(kafka, groupId)))
        break;
      if (childKilledAfter < 0 && accepted.size >= records * 0.15) {
        childKilledAfter = accepted.size;
        child.process.kill('SIGKILL');
        await child.closed;
        for (const v of childUnanswered) unknownOutcome.add(v);
        log(`child member killed after ${childKilledAfter} accepted`);
      }
      if (!killed && accepted.size >= records * 0.3) {
        killed = true;
        await cluster.killBroker(victimBroker);
        log(`broker ${victimBroker} killed after ${accepted.size} accepted`);
      }
      if (killed && !restarted && accepted.size >= records * 0.5) {
        restarted = true;
        await cluster.restartBroker(victimBroker);
        log(`broker ${victimBroker} restarted after ${accepted.size} accepted`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    if (childKilledAfter < 0) child.process.kill('SIGKILL');
    if (killed && !restarted) await cluster.restartBroker(victimBroker);
    stop.abort();
    await Promise.all(members.map((m) => m.consumer.close()));
    await Promise.allSettled(runs);
    responses.unsubscribe(onResponse);
  }
  const produced = new Set(values);
  const missing = values.filter((v) => !accepted.has(v) && !unknownOutcome.has(v));
  return {
    produced: records,
    accepted: accepted.size,
    missing: missing.slice(0, 20),
    missingHistory: Object.fromEntries(
      missing.slice(0, 5).map((v) => {
        const at = placeOf.get(v) ?? '?';
        return [v, [`at:${at}`, ...(acquisitions.get(at) ?? []), ...(history.get(v) ?? [])]];
      }),
    ),
    unknown: [...accepted.keys()].filter((v) => !produced.has(v)).slice(0, 20),
    duplicates: {
      redelivered: [...lastCount.values()].filter((c) => c > 1).length,
      acceptedTwice: [...accepted.values()].filter((c) => c > 1).length,
    },
    ackErrors,
    memberErrors,
    undeliveredOutcomes,
    acceptedInFlight: values.filter((v) => !accepted.has(v) && unknownOutcome.has(v)).length,
    leftToDeliver: !(await nothingLeft(kafka, groupId)),
    victimBroker,
    childKilledAfter,
  };
}
