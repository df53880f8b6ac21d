/**
 * Fetch (key 1): whole batches from the one holding the fetch offset, at least one, then up to
 * the partition's and the request's byte limits; held until data arrives or `maxWaitMs` passes
 * (capped by the cluster's `maxFetchWaitMs`); incremental sessions (KIP-227) that leave quiet
 * partitions out; leader and leader epoch checks (KIP-320); a `divergingEpoch` when the
 * consumer's `lastFetchedEpoch` disagrees with the log (v12+, KIP-320); topic ids from v13.
 */
import type { FetchRequest } from '../../protocol/messages/fetch.js';
import type { FakePartition } from '../cluster-state.js';
import type { FetchPartition } from '../fetch-sessions.js';
import type { FakeRequest } from '../request.js';
import { timerDelay } from '../timer-bounds.js';
import { type ApiHandler, Errors, type HandlerContext, leaderError } from './handler.js';
import { topicNamed, ZERO_UUID } from './topic-names.js';

const READ_COMMITTED = 1;

/** The Fetch handler. */
export const fetch: ApiHandler = {
  api: 'Fetch',
  versions: { min: 4, max: 18 },
  async handle(request, context) {
    const { state, nodeId } = context;
    const body = request.body as FetchRequest;
    const byId = request.apiVersion >= 13;
    const own: FetchPartition[] = body.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: topicNamed(state, byId, t.topic, t.topicId) ?? `\0${t.topicId}`,
        partition: p.partition,
        fetchOffset: p.fetchOffset,
        lastFetchedEpoch: p.lastFetchedEpoch,
        currentLeaderEpoch: p.currentLeaderEpoch,
        maxBytes: p.partitionMaxBytes,
      })),
    );
    const forgotten = body.forgottenTopicsData.flatMap((t) =>
      t.partitions.map((partition) => ({
        topic: topicNamed(state, byId, t.topic, t.topicId) ?? '',
        partition,
      })),
    );
    const session = state.fetchSessions.resolve(
      nodeId,
      body.sessionId,
      body.sessionEpoch,
      own,
      forgotten,
      state.behaviour.fetchSessions && request.apiVersion >= 7,
    );
    if (!('partitions' in session))
      return { throttleTimeMs: 0, errorCode: session.errorCode, sessionId: 0, responses: [] };
    const wait = Math.min(body.maxWaitMs, state.behaviour.maxFetchWaitMs);
    const news = (p: FetchPartition) => {
      const a = answerPartition(request, context, p, body.maxBytes);
      return (
        a.errorCode !== 0 ||
        a.records.length > 0 ||
        a.divergingEpoch !== undefined ||
        a.preferredReadReplica >= 0
      );
    };
    if (wait > 0 && !session.partitions.some(news)) await nextAppend(context, session.partitions, wait);
    let budget = body.maxBytes;
    const byTopic = new Map<string, unknown[]>();
    for (const p of session.partitions) {
      const answer = answerPartition(request, context, p, budget);
      const quiet =
        answer.errorCode === 0 && answer.records.length === 0 && answer.divergingEpoch === undefined;
      if (session.incremental && quiet && answer.highWatermark === p.answeredHighWatermark) continue;
      p.answeredHighWatermark = answer.highWatermark;
      budget -= answer.records.length;
      const list = byTopic.get(p.topic) ?? [];
      list.push(answer);
      byTopic.set(p.topic, list);
    }
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: session.sessionId,
      responses: [...byTopic].map(([topic, partitions]) => ({
        topic: topic.startsWith('\0') ? '' : topic,
        topicId: topic.startsWith('\0') ? topic.slice(1) : (state.topics.get(topic)?.topicId ?? ZERO_UUID),
        partitions,
      })),
    };
  },
};

/** Waits for an append to any of the partitions, at most `ms`, or until the cluster closes. */
export async function nextAppend(
  { state }: HandlerContext,
  partitions: readonly { readonly topic: string; readonly partition: number }[],
  ms: number,
): Promise<void> {
  const done = new AbortController();
  const timer = setTimeout(() => done.abort(), timerDelay(ms));
  timer.unref();
  const onClose = () => done.abort();
  state.closing.signal.addEventListener('abort', onClose, { once: true });
  const logs = partitions.flatMap((p) => state.partition(p.topic, p.partition)?.log ?? []);
  await Promise.race([
    ...logs.map((l) => l.nextAppend(done.signal)),
    new Promise((r) => done.signal.addEventListener('abort', r, { once: true })),
  ]);
  done.abort();
  clearTimeout(timer);
  state.closing.signal.removeEventListener('abort', onClose);
}

/** Whether broker `nodeId`, an in-sync follower in rack `rackId`, serves a consumer there (KIP-392). */
function servesRack(
  state: HandlerContext['state'],
  partition: FakePartition,
  nodeId: number,
  rackId: string,
): boolean {
  return (
    partition.leader !== nodeId && partition.isr.includes(nodeId) && state.brokers[nodeId]?.rack === rackId
  );
}

/** The in-sync replica in the consumer's rack when the leader is not there (`RackAwareReplicaSelector`). */
function preferredReplica(
  state: HandlerContext['state'],
  partition: FakePartition,
  rackId: string,
): number | undefined {
  if (state.brokers[partition.leader]?.rack === rackId) return undefined;
  return partition.isr.find(
    (id) => id !== partition.leader && state.brokers[id]?.running && state.brokers[id]?.rack === rackId,
  );
}

function answerPartition(
  request: FakeRequest,
  { state, nodeId, faults }: HandlerContext,
  p: FetchPartition,
  budget: number,
) {
  const partition = state.partition(p.topic, p.partition);
  const log = partition?.log;
  const readCommitted = (request.body as FetchRequest).isolationLevel === READ_COMMITTED;
  const base = {
    partitionIndex: p.partition,
    highWatermark: BigInt(log?.logEndOffset ?? -1),
    lastStableOffset: BigInt(log?.lastStableOffset ?? -1),
    logStartOffset: BigInt(log?.logStartOffset ?? -1),
    abortedTransactions: readCommitted ? [] : null,
    preferredReadReplica: -1,
    records: Buffer.alloc(0) as Uint8Array,
    divergingEpoch: undefined as { epoch: number; endOffset: bigint } | undefined,
  };
  const error = (errorCode: number) => ({ ...base, errorCode });
  if (partition === undefined || log === undefined)
    return error(p.topic.startsWith('\0') ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
  const fault = faults.partitionError(p.topic, p.partition);
  if (fault !== undefined) return error(fault);
  const rackId = (request.body as FetchRequest).rackId;
  const fromFollower = rackId !== '' && servesRack(state, partition, nodeId, rackId);
  const notLeader = leaderError(partition, fromFollower ? partition.leader : nodeId, p.currentLeaderEpoch);
  if (notLeader !== 0) return error(notLeader);
  // KIP-392: a leader sends a consumer in another rack to an in-sync replica in its own.
  const preferred = rackId === '' || fromFollower ? undefined : preferredReplica(state, partition, rackId);
  if (preferred !== undefined) return { ...base, errorCode: 0, preferredReadReplica: preferred };
  // Kafka checks the last fetched epoch before the offset range (`Partition#readRecords`).
  if (state.behaviour.divergingEpochs && request.apiVersion >= 12 && p.lastFetchedEpoch >= 0) {
    const end = log.endOffsetFor(p.lastFetchedEpoch, partition.leaderEpoch);
    if (end.leaderEpoch < 0) return error(Errors.OFFSET_OUT_OF_RANGE);
    if (end.leaderEpoch < p.lastFetchedEpoch || end.endOffset < p.fetchOffset)
      return { ...base, errorCode: 0, divergingEpoch: { epoch: end.leaderEpoch, endOffset: end.endOffset } };
  }
  const offset = Number(p.fetchOffset);
  if (offset < log.logStartOffset || offset > log.logEndOffset) return error(Errors.OFFSET_OUT_OF_RANGE);
  const aborted = readCommitted ? log.aborted.map((a) => ({ ...a })) : null;
  // Only the first partition of a response may exceed the request's byte limit (KIP-74);
  // read_committed consumers get nothing from the last stable offset on.
  const end = readCommitted ? log.lastStableOffset : log.logEndOffset;
  const records = budget <= 0 ? base.records : log.read(offset, Math.min(p.maxBytes, budget), end);
  return { ...base, errorCode: 0, abortedTransactions: aborted, records };
}
