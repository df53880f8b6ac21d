/**
 * The exactly-once consume-transform-produce loop (KIP-98 + KIP-447; what Java users write
 * around `KafkaProducer#sendOffsetsToTransaction`, and what Kafka Streams does with
 * `processing.guarantee=exactly_once_v2`): a consumer of a group reads `read_committed`, and
 * for each batch it hands out, one transaction carries the batch's output records and the
 * input offsets after it. Either both are committed or neither: a crash, a kill or a fenced
 * producer leaves the offsets where the last committed transaction put them, and the records
 * after them are read again by whoever owns the partition next; their earlier output was
 * aborted and read_committed readers never see it.
 *
 * Rebalances: a batch's transaction is committed before the next batch is asked for, and the
 * consumer gives a partition up only once the batch holding it is released, so a revoked
 * partition never has a transaction in flight. A member that lost its partitions without
 * knowing (its session expired, another member took them) is refused by the group coordinator
 * (KIP-447: the commit carries the member's generation): that transaction is aborted, the
 * partition rewound to the batch's first record if the member still owns it, and the loop goes
 * on. One transactional id per process is enough (KIP-447 fences by generation); restarting a
 * process with the same id fences its predecessor's producer and aborts what it left open.
 */
import { ConfigurationError, OperationAbortedError } from '../cluster/errors.js';
import type { Consumer } from '../consumer/consumer.js';
import { type ConsumerBatch, type ConsumerRecord, consumerRecords } from '../consumer/consumer-record.js';
import type { ConsumerOptions } from '../consumer/options.js';
import type { ProducerOptions } from '../producer/options.js';
import type { Producer } from '../producer/producer.js';
import type { ProducerRecord } from '../producer/record.js';

/** What the loop needs to make its clients (a `Kafka`). */
export interface ClientFactory {
  producer(options: ProducerOptions): Producer;
  consumer(options: ConsumerOptions): Consumer;
}

/** One committed transaction of the loop. */
export interface ExactlyOnceCommit {
  readonly topic: string;
  readonly partition: number;
  /** Input records the transaction consumed. */
  readonly consumed: number;
  /** Output records it wrote. */
  readonly produced: number;
  /** The input offset committed with it (the next record to read). */
  readonly nextOffset: bigint;
}

/** Options of {@link runExactlyOnce}. */
export interface ExactlyOnceOptions {
  /** The consumer group (its committed offsets are the loop's progress). */
  readonly groupId: string;
  /** The transactional id of this process: stable across its restarts, distinct between processes. */
  readonly transactionalId: string;
  /** Input topics. */
  readonly topics: readonly string[];
  /**
   * Turns one batch of input records (one partition, in order) into output records, of any
   * number and to any topics. It may run again for the same records after a failure or a
   * rebalance, so it must not act outside Kafka (or do so idempotently).
   */
  readonly transform: (
    records: readonly ConsumerRecord[],
    partition: { readonly topic: string; readonly partition: number },
  ) => readonly ProducerRecord[] | Promise<readonly ProducerRecord[]>;
  /** Stops the loop: the open transaction (if any) is aborted, the clients closed. */
  readonly signal?: AbortSignal;
  /** Called after each committed transaction. */
  readonly onCommit?: (commit: ExactlyOnceCommit) => void;
  /** More consumer options (`groupId`, `autoCommit` and `isolationLevel` are the loop's). */
  readonly consumer?: Omit<ConsumerOptions, 'groupId' | 'autoCommit' | 'isolationLevel'>;
  /** More producer options (`transactionalId` is the loop's). */
  readonly producer?: Omit<ProducerOptions, 'transactionalId'>;
}

/**
 * Runs the exactly-once loop until `signal` aborts (resolves) or a fatal error (rejects: a
 * `ProducerFencedError` when another process took the transactional id, a consumer error such
 * as `FENCED_INSTANCE_ID`). Makes its own consumer (`read_committed`, no auto-commit) and
 * transactional producer through `kafka`, and closes them before it settles.
 */
export async function runExactlyOnce(kafka: ClientFactory, options: ExactlyOnceOptions): Promise<void> {
  for (const key of ['groupId', 'autoCommit', 'isolationLevel'] as const)
    if (options.consumer !== undefined && key in options.consumer)
      throw new ConfigurationError(`runExactlyOnce: consumer.${key} is the loop's own`, {
        option: `consumer.${key}`,
      });
  if (options.producer !== undefined && 'transactionalId' in options.producer)
    throw new ConfigurationError("runExactlyOnce: producer.transactionalId is the loop's own", {
      option: 'producer.transactionalId',
    });
  const producer = kafka.producer({ ...options.producer, transactionalId: options.transactionalId });
  const consumer = kafka.consumer({
    ...options.consumer,
    groupId: options.groupId,
    autoCommit: false,
    isolationLevel: 'read_committed',
  });
  try {
    await producer.initTransactions({ signal: options.signal });
    consumer.subscribe(options.topics);
    for await (const batch of consumer.batches({ signal: options.signal }))
      await processBatch(consumer, producer, batch, options);
  } catch (error) {
    // Stopped by the caller while waiting (say, for the coordinator): a stop, not a failure.
    if (!(options.signal?.aborted === true && error instanceof OperationAbortedError)) throw error;
  } finally {
    await producer.close();
    await consumer.close();
  }
}

/**
 * One batch in one transaction. A failure of the transform aborts it and is rethrown; a failure
 * of the transaction (a record refused, offsets refused after a rebalance, a coordinator out of
 * reach past the deadline) aborts it and rewinds the partition to the batch's first record; a
 * fatal one (fenced) is rethrown.
 */
async function processBatch(
  consumer: Consumer,
  producer: Producer,
  batch: ConsumerBatch,
  options: ExactlyOnceOptions,
): Promise<void> {
  const records = [...consumerRecords(batch)];
  const where = { topic: batch.topic, partition: batch.partition };
  producer.beginTransaction();
  let output: readonly ProducerRecord[];
  try {
    output = await options.transform(records, where);
  } catch (error) {
    await finish(producer, 'abort', options.signal);
    throw error;
  }
  try {
    if (output.length > 0) await producer.sendBatch(output);
    await producer.sendOffsetsToTransaction(
      [{ ...where, offset: batch.nextOffset }],
      consumer.groupMetadata(),
    );
    await finish(producer, 'commit', options.signal);
  } catch (error) {
    const state = producer.transactionState;
    if (state !== 'in-transaction' && state !== 'abortable-error') throw error;
    await finish(producer, 'abort', options.signal);
    rewind(consumer, where, records[0]?.offset ?? batch.nextOffset);
    return;
  }
  options.onCommit?.({
    ...where,
    consumed: records.length,
    produced: output.length,
    nextOffset: batch.nextOffset,
  });
}

/**
 * Commits or aborts, calling again while the ending is under way but out of time (the
 * coordinator moving after a broker died): Java's "call commitTransaction() again".
 */
async function finish(
  producer: Producer,
  how: 'commit' | 'abort',
  signal: AbortSignal | undefined,
): Promise<void> {
  const ending = how === 'commit' ? 'committing' : 'aborting';
  for (;;) {
    try {
      await (how === 'commit'
        ? producer.commitTransaction({ signal })
        : producer.abortTransaction({ signal }));
      return;
    } catch (error) {
      if (producer.transactionState !== ending || signal?.aborted === true) throw error;
    }
  }
}

/** Moves the partition back to `offset` if this member still owns it. */
function rewind(consumer: Consumer, where: { topic: string; partition: number }, offset: bigint): void {
  if (consumer.assignment().some((p) => p.topic === where.topic && p.partition === where.partition))
    consumer.seek({ ...where, offset });
}
