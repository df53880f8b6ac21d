/** The shapes of KafkaJS's records: what a producer sends, what it gets back, what a consumer reads. */
import type { CompressionTypes } from './enums.js';

/** Record headers: a value, or several for a repeated key. */
export interface IHeaders {
  [key: string]: Buffer | string | (Buffer | string)[] | undefined;
}

/** A record to send. */
export interface Message {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  partition?: number;
  headers?: IHeaders;
  /** Create time, ms since the epoch, as a decimal string. */
  timestamp?: string;
}

/** One `producer.send`: records for one topic, with the request's settings. */
export interface ProducerRecord {
  topic: string;
  messages: Message[];
  /** -1 (all in-sync replicas, the default), 1 (the leader) or 0 (no answer). */
  acks?: number;
  /** How long the broker may wait for the replicas' acknowledgements, ms. */
  timeout?: number;
  compression?: CompressionTypes;
}

/** Records for one topic inside a `sendBatch`. */
export interface TopicMessages {
  topic: string;
  messages: Message[];
}

/** One `producer.sendBatch`: records for several topics, with the request's settings. */
export interface ProducerBatch {
  acks?: number;
  timeout?: number;
  compression?: CompressionTypes;
  topicMessages?: TopicMessages[];
}

/** Where the records of one partition went: one entry per topic-partition a send wrote to. */
export type RecordMetadata = {
  topicName: string;
  partition: number;
  errorCode: number;
  /** The offset of the first record written to the partition by this request (KafkaJS: `baseOffset`). */
  offset?: string;
  timestamp?: string;
  baseOffset?: string;
  logAppendTime?: string;
  logStartOffset?: string;
};

/** A record of a legacy message set (magic 0/1): no headers. */
interface MessageSetEntry {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  attributes: number;
  offset: string;
  size: number;
  headers?: never;
}

/** A record of a record batch (magic 2). */
interface RecordBatchEntry {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  attributes: number;
  offset: string;
  headers: IHeaders;
  size?: never;
}

/** A record a consumer reads. */
export type KafkaMessage = MessageSetEntry | RecordBatchEntry;
