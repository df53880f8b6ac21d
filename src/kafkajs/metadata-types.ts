/** The shapes in which KafkaJS describes brokers, topics and partitions (from Metadata). */

/** One partition of a topic, as KafkaJS's metadata lists it. */
export type PartitionMetadata = {
  partitionErrorCode: number;
  partitionId: number;
  /** Node id of the leader, -1 while it has none. */
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas?: number[];
};

/** A topic and its partitions (`admin.fetchTopicMetadata`). */
export interface ITopicMetadata {
  name: string;
  partitions: PartitionMetadata[];
}

/** The brokers and topics a Metadata response describes. */
export interface BrokerMetadata {
  brokers: Array<{ nodeId: number; host: string; port: number; rack?: string }>;
  topicMetadata: Array<{ topicErrorCode: number; topic: string; partitionMetadata: PartitionMetadata[] }>;
}

/** A partition's offset as KafkaJS writes it: a decimal string (int64). */
export interface PartitionOffset {
  partition: number;
  offset: string;
}

/** Offsets of a topic's partitions. */
export interface TopicOffsets {
  topic: string;
  partitions: PartitionOffset[];
}

/** Offsets of several topics. */
export interface Offsets {
  topics: TopicOffsets[];
}

/** A topic and some of its partitions. */
export type TopicPartitions = { topic: string; partitions: number[] };

/** One partition of a topic. */
export type TopicPartition = { topic: string; partition: number };

/** A partition and an offset in it. */
export type TopicPartitionOffset = TopicPartition & { offset: string };

/** A partition, an offset and the metadata committed with it. */
export type TopicPartitionOffsetAndMetadata = TopicPartitionOffset & { metadata?: string | null };

/** Where to seek or which offset to delete before. */
export type SeekEntry = PartitionOffset;
