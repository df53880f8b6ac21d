/** DeleteTopics (key 20): deletes topics by name (by name or id from v6, KIP-516). */
import type { DeleteTopicsRequest } from '../../protocol/messages/delete-topics.js';
import { type ApiHandler, Errors } from './handler.js';
import { ZERO_UUID } from './topic-names.js';

/** The DeleteTopics handler. */
export const deleteTopics: ApiHandler = {
  api: 'DeleteTopics',
  versions: { min: 1, max: 6 },
  handle(request, { state, faults }) {
    const body = request.body as DeleteTopicsRequest;
    const asked =
      request.apiVersion >= 6
        ? body.topics.map((t) => ({ name: t.name, topicId: t.topicId }))
        : body.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    return {
      throttleTimeMs: 0,
      responses: asked.map((t) => {
        const topic = t.name !== null ? state.topics.get(t.name) : state.topicById(t.topicId);
        const unknown = t.name === null ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
        const fault = topic === undefined ? undefined : faults.partitionError(topic.name, -1);
        const errorCode = fault ?? (topic === undefined ? unknown : 0);
        if (errorCode === 0 && topic !== undefined) {
          state.deleteTopic(topic.name);
          state.groups.forgetTopic(topic.name);
        }
        return {
          name: topic?.name ?? t.name,
          topicId: topic?.topicId ?? t.topicId,
          errorCode,
          errorMessage: null,
        };
      }),
    };
  },
};
