/**
 * CreateTopics (key 19): creates topics with a partition count and replication factor (-1: the
 * cluster's defaults, v4+), or explicit replica assignments; `validateOnly` checks without
 * creating. Errors per topic as Kafka gives them: TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS,
 * INVALID_REPLICATION_FACTOR, INVALID_TOPIC_EXCEPTION.
 */
import type { CreateTopicsRequest } from '../../protocol/messages/create-topics.js';
import { type ApiHandler, Errors } from './handler.js';
import { validName } from './metadata.js';
import { ZERO_UUID } from './topic-names.js';

/** Most partitions a topic of the fake may have. */
const MAX_PARTITIONS = 10_000;

/** The CreateTopics handler. */
export const createTopics: ApiHandler = {
  api: 'CreateTopics',
  versions: { min: 2, max: 7 },
  handle(request, { state, faults }) {
    const body = request.body as CreateTopicsRequest;
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => {
        const partitions =
          t.assignments.length > 0
            ? t.assignments.length
            : t.numPartitions < 0
              ? state.behaviour.defaultPartitions
              : t.numPartitions;
        const rf =
          t.assignments.length > 0
            ? (t.assignments[0]?.brokerIds.length ?? 0)
            : t.replicationFactor < 0
              ? Math.min(3, state.brokers.length)
              : t.replicationFactor;
        const result = (errorCode: number, topicId = ZERO_UUID) => ({
          name: t.name,
          topicId,
          errorCode,
          errorMessage:
            errorCode === Errors.TOPIC_ALREADY_EXISTS ? `Topic '${t.name}' already exists.` : null,
          numPartitions: errorCode === 0 ? partitions : -1,
          replicationFactor: errorCode === 0 ? rf : -1,
          configs:
            errorCode === 0
              ? t.configs.map((c) => ({
                  name: c.name,
                  value: c.value,
                  readOnly: false,
                  configSource: 1,
                  isSensitive: false,
                }))
              : null,
        });
        const fault = faults.partitionError(t.name, -1);
        if (fault !== undefined) return result(fault);
        if (!validName(t.name)) return result(Errors.INVALID_TOPIC_EXCEPTION);
        if (state.topics.has(t.name)) return result(Errors.TOPIC_ALREADY_EXISTS);
        // The fake keeps every partition in memory: a count no test needs is refused, not allocated.
        if (partitions <= 0 || partitions > MAX_PARTITIONS) return result(Errors.INVALID_PARTITIONS);
        if (rf <= 0 || rf > state.brokers.length) return result(Errors.INVALID_REPLICATION_FACTOR);
        if (body.validateOnly) return result(0);
        const topic = state.createTopic({
          name: t.name,
          partitions,
          replicationFactor: rf,
          configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value ?? ''])),
        });
        for (const a of t.assignments) {
          const p = topic.partitions[a.partitionIndex];
          if (p === undefined || a.brokerIds[0] === undefined) continue;
          p.replicas = [...a.brokerIds];
          p.isr = [...a.brokerIds];
          p.leader = a.brokerIds[0];
        }
        return result(0, topic.topicId);
      }),
    };
  },
};
