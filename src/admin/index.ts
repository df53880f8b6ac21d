/**
 * The admin client: topic creation, deletion, listing and description over the cluster layer.
 * It imports only `cluster/`, `net/` and `protocol/`; `Kafka#admin()` hands it out.
 */
export {
  Admin,
  type CreatedTopic,
  type CreateTopicsOptions,
  type DeleteTopicsOptions,
  type ListTopicsOptions,
  type NewTopic,
  type PartitionDescription,
  type TopicDescription,
} from './admin.js';
export { TopicError, type TopicOutcome } from './topic-error.js';
