/**
 * A KafkaJS transaction on kafe's transactional producer (KIP-98; KIP-890's transactions v2
 * where the brokers have them): `producer.transaction()` begins one, its `send` / `sendBatch`
 * and `sendOffsets` join it, `commit()` or `abort()` ends it.
 */
import type { Producer as KafkaProducer } from '../producer/producer.js';
import { asKafkaJS } from './error-mapping.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { ProducerBatch, ProducerRecord, RecordMetadata } from './message-types.js';
import type { Offsets } from './metadata-types.js';

/** What a transaction needs of the producer that began it. */
interface TransactionOwner {
  sendWith(producer: KafkaProducer, batch: ProducerBatch): Promise<RecordMetadata[]>;
  transactionEnded(transaction: Transaction): void;
}

/** One transaction of a transactional producer. */
export class Transaction {
  private active = true;

  constructor(
    private readonly producer: KafkaProducer,
    private readonly owner: TransactionOwner,
  ) {}

  /** Sends records in the transaction (acks -1: a transaction waits for every replica). */
  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.sendBatch({ topicMessages: [{ topic: record.topic, messages: record.messages }] });
  }

  /** Sends records to several topics in the transaction. */
  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    this.checkActive();
    return this.owner.sendWith(this.producer, batch);
  }

  /**
   * Commits consumer offsets with the transaction (the group's offsets become visible with the
   * records, or never). KafkaJS names only the group, so the coordinator cannot fence a member
   * that was rebalanced away (KIP-447): kafe's `sendOffsetsToTransaction` with the consumer's
   * `groupMetadata()` can.
   */
  async sendOffsets(offsets: Offsets & { consumerGroupId: string }): Promise<void> {
    this.checkActive();
    const list = offsets.topics.flatMap(({ topic, partitions }) =>
      partitions.map(({ partition, offset }) => ({ topic, partition, offset: BigInt(offset) })),
    );
    await asKafkaJS(
      this.producer.sendOffsetsToTransaction(list, {
        groupId: offsets.consumerGroupId,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
      }),
    );
  }

  /** Commits: sends what is pending, then makes the transaction's records and offsets visible; after a failure, `abort()`. */
  async commit(): Promise<void> {
    this.checkActive();
    await asKafkaJS(this.producer.commitTransaction());
    this.end();
  }

  /** Aborts: the transaction's records and offsets are discarded. */
  async abort(): Promise<void> {
    this.checkActive();
    await asKafkaJS(this.producer.abortTransaction());
    this.end();
  }

  /** Whether the transaction can still send, commit or abort. */
  isActive(): boolean {
    return this.active;
  }

  private end(): void {
    this.active = false;
    this.owner.transactionEnded(this);
  }

  private checkActive(): void {
    if (!this.active) throw new KafkaJSNonRetriableError('Transaction is not active');
  }
}
