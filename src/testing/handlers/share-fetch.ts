/**
 * ShareFetch (key 78, KIP-932): a share session per broker and member (`share-groups.ts`), the
 * acknowledgements it carries applied first, then records acquired for the member from each
 * session partition this broker leads, with their delivery counts; held up to `maxWaitMs` (capped
 * by `maxFetchWaitMs`) until a record can be acquired. Epoch -1 closes the session and releases
 * what it held.
 */
import type { ShareFetchRequest } from '../../protocol/messages/share-fetch.js';
import { ShareErrors } from '../share-groups.js';
import { nextAppend } from './fetch.js';
import { type ApiHandler, Errors, type HandlerContext, leaderError } from './handler.js';
import { applyAcknowledgements, shareErrorBody } from './share-acknowledgements.js';

const CLOSE = -1;

/** The ShareFetch handler. */
export const shareFetch: ApiHandler = {
  api: 'ShareFetch',
  versions: { min: 1, max: 2 },
  async handle(request, context) {
    const { state, nodeId } = context;
    const body = request.body as ShareFetchRequest;
    const groupId = body.groupId ?? '';
    const memberId = body.memberId ?? '';
    const hasAcks = body.topics.some((t) => t.partitions.some((p) => p.acknowledgementBatches.length > 0));
    if (body.shareSessionEpoch === 0 && hasAcks)
      return shareFetch.errorBody?.(request, ShareErrors.INVALID_REQUEST, context);
    const resolved = state.shareGroups.session(nodeId, groupId, memberId, body.shareSessionEpoch, true);
    if ('errorCode' in resolved) return shareFetch.errorBody?.(request, resolved.errorCode, context);
    const { session } = resolved;
    const answers = new Map<string, Record<string, unknown>>();
    const answer = (topic: string, partition: number) => {
      const key = `${topic}\u0000${partition}`;
      let a = answers.get(key);
      if (a === undefined) {
        const p = state.partition(topic, partition);
        a = {
          topic,
          partitionIndex: partition,
          errorCode: 0,
          errorMessage: null,
          acknowledgeErrorCode: 0,
          acknowledgeErrorMessage: null,
          currentLeader: { leaderId: p?.leader ?? -1, leaderEpoch: p?.leaderEpoch ?? -1 },
          records: Buffer.alloc(0),
          acquiredRecords: [],
        };
        answers.set(key, a);
      }
      return a;
    };
    for (const t of body.forgottenTopicsData) {
      const topic = state.topicById(t.topicId)?.name;
      if (topic !== undefined) for (const p of t.partitions) session.partitions.delete(`${topic}\u0000${p}`);
    }
    for (const t of body.topics) {
      const topic = state.topicById(t.topicId)?.name;
      if (topic === undefined) continue;
      for (const p of t.partitions) {
        if (body.shareSessionEpoch !== CLOSE)
          session.partitions.set(`${topic}\u0000${p.partitionIndex}`, { topic, partition: p.partitionIndex });
        if (p.acknowledgementBatches.length > 0)
          answer(topic, p.partitionIndex).acknowledgeErrorCode = applyAcknowledgements(
            state,
            groupId,
            memberId,
            topic,
            p.partitionIndex,
            p,
          );
      }
    }
    if (body.shareSessionEpoch === CLOSE) state.shareGroups.closeSession(nodeId, groupId, memberId);
    else {
      const partitions = [...session.partitions.values()];
      const acquire = () => acquireAll(context, groupId, memberId, partitions, body.maxRecords, answer);
      const wait = Math.min(body.maxWaitMs, state.behaviour.maxFetchWaitMs);
      if (acquire() === 0 && wait > 0) {
        await nextAppend(context, partitions, wait);
        acquire();
      }
      // A session's first answer lists every partition, as Kafka's does.
      if (body.shareSessionEpoch === 0)
        for (const p of session.partitions.values()) answer(p.topic, p.partition);
    }
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      acquisitionLockTimeoutMs: state.behaviour.shareRecordLockMs,
      responses: byTopic(context, [...answers.values()]),
      nodeEndpoints: [],
    };
  },
  errorBody: (_request, errorCode) => shareErrorBody(errorCode),
};

/** Acquires up to `max` records over `partitions`; returns how many. */
function acquireAll(
  { state, nodeId, faults }: HandlerContext,
  groupId: string,
  memberId: string,
  partitions: readonly { topic: string; partition: number }[],
  max: number,
  answer: (topic: string, partition: number) => Record<string, unknown>,
): number {
  let total = 0;
  for (const { topic, partition } of partitions) {
    const p = state.partition(topic, partition);
    const fault = faults.partitionError(topic, partition);
    const notLeader = fault ?? leaderError(p, nodeId, -1);
    if (notLeader !== 0 || p === undefined) {
      answer(topic, partition).errorCode = notLeader || Errors.UNKNOWN_TOPIC_OR_PARTITION;
      continue;
    }
    if (total >= max) continue;
    const ranges = state.shareGroups
      .partition(groupId, topic, partition)
      .acquire(memberId, p.log.logStartOffset, p.log.logEndOffset, max - total);
    if (ranges.length === 0) continue;
    for (const r of ranges) total += Number(r.lastOffset - r.firstOffset) + 1;
    const a = answer(topic, partition);
    a.acquiredRecords = ranges;
    const first = Number(ranges[0]!.firstOffset);
    a.records = p.log.read(first, Number.MAX_SAFE_INTEGER, Number(ranges.at(-1)!.lastOffset) + 1);
  }
  return total;
}

function byTopic({ state }: HandlerContext, answers: readonly Record<string, unknown>[]) {
  const topics = new Map<string, Record<string, unknown>[]>();
  for (const a of answers) {
    const { topic, ...rest } = a;
    const list = topics.get(topic as string) ?? [];
    list.push(rest);
    topics.set(topic as string, list);
  }
  return [...topics].map(([topic, partitions]) => ({
    topicId: state.topics.get(topic)?.topicId ?? '',
    partitions,
  }));
}
