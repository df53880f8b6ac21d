/**
 * Metadata (key 3): the running brokers, the controller, and the topics asked for (all when the
 * list is null; by name, or by topic id from v12). A topic a client may auto-create (v4+
 * `allowAutoTopicCreation`, always before v4) is created when the cluster allows it, as a
 * broker with `auto.create.topics.enable` does.
 */
import type { MetadataRequest } from '../../protocol/messages/metadata.js';
import type { FakeTopic } from '../cluster-state.js';
import { type ApiHandler, Errors } from './handler.js';
import { ZERO_UUID } from './topic-names.js';

/** The Metadata handler. */
export const metadata: ApiHandler = {
  api: 'Metadata',
  versions: { min: 0, max: 13 },
  handle(request, { state, faults }) {
    const body = request.body as MetadataRequest;
    const v = request.apiVersion;
    const autoCreate = (v < 4 || body.allowAutoTopicCreation) && state.behaviour.autoCreateTopics;
    // Before v1 an empty list meant every topic; from v1 that is null.
    const all = body.topics === null || (v === 0 && body.topics.length === 0);
    const asked = all
      ? [...state.topics.values()].map((t) => ({ name: t.name, topicId: t.topicId }))
      : (body.topics ?? []);
    const topics = asked.map((t) => {
      let topic: FakeTopic | undefined =
        t.name !== null && t.name !== '' ? state.topics.get(t.name) : state.topicById(t.topicId);
      if (topic === undefined && autoCreate && t.name !== null && t.name !== '' && validName(t.name))
        topic = state.createTopic({ name: t.name });
      if (topic === undefined) {
        const unknownId = (t.name === null || t.name === '') && t.topicId !== ZERO_UUID;
        return {
          errorCode: unknownId
            ? Errors.UNKNOWN_TOPIC_ID
            : validName(t.name ?? '')
              ? Errors.UNKNOWN_TOPIC_OR_PARTITION
              : Errors.INVALID_TOPIC_EXCEPTION,
          name: t.name,
          topicId: t.topicId,
          isInternal: false,
          partitions: [],
        };
      }
      const fault = faults.partitionError(topic.name, -1);
      return {
        errorCode: fault ?? 0,
        name: topic.name,
        topicId: v >= 10 ? topic.topicId : ZERO_UUID,
        isInternal: false,
        partitions:
          fault !== undefined
            ? []
            : topic.partitions.map((p) => ({
                errorCode: faults.partitionError(topic.name, p.index, true) ?? 0,
                partitionIndex: p.index,
                leaderId: p.leader,
                leaderEpoch: p.leaderEpoch,
                replicaNodes: p.replicas,
                isrNodes: p.isr,
                offlineReplicas: p.replicas.filter((r) => !state.brokers[r]?.running),
              })),
      };
    });
    return {
      throttleTimeMs: 0,
      brokers: state.brokers
        .filter((b) => b.running)
        .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
      clusterId: state.clusterId,
      controllerId: state.controllerId,
      topics,
    };
  },
};

/** Kafka's `Topic.validate`: 1-249 characters of `[a-zA-Z0-9._-]`, not `.` or `..`. */
export function validName(name: string): boolean {
  return /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== '.' && name !== '..';
}
