/** `kafe txn list|describe|abort`: transactions at their coordinators (kafka-transactions.sh). */
import type { TransactionCoordinatorState } from '../../admin/list-transactions.js';
import { NotFoundError, UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { integerOption, parseDuration, stringOption, stringsOption } from '../option-values.js';

const list: Command = {
  words: ['txn', 'list'],
  summary: 'list transactional ids with their producer ids, states and coordinators',
  positionals: { min: 0, max: 0 },
  options: {
    state: {
      type: 'string',
      multiple: true,
      value: 'STATE',
      description: 'only in this state (Ongoing, Empty, CompleteCommit, ...)',
    },
    'longer-than': {
      type: 'string',
      value: 'DURATION',
      description: 'only transactions open for longer than DURATION (Kafka 3.8+)',
    },
  },
  examples: ['kafe txn list', 'kafe txn list --state Ongoing --longer-than 10m'],
  async run({ values, output, kafka }) {
    const longerThan = stringOption(values, 'longer-than');
    const listed = await kafka()
      .admin()
      .listTransactions({
        states: stringsOption(values, 'state') as TransactionCoordinatorState[],
        ...(longerThan !== undefined ? { durationFilterMs: parseDuration('--longer-than', longerThan) } : {}),
      });
    if (output.json) return output.document(listed);
    output.table(
      ['TRANSACTIONAL-ID', 'PRODUCER-ID', 'STATE', 'COORDINATOR'],
      listed.map((t) => [t.transactionalId, t.producerId, t.state, t.coordinator]),
    );
  },
};

const describe: Command = {
  words: ['txn', 'describe'],
  summary: 'describe transactions: state, producer id and epoch, timeout, start time, partitions',
  arguments: 'TRANSACTIONAL-ID...',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: {},
  examples: ['kafe txn describe billing-1'],
  async run({ positionals, output, kafka }) {
    const results = await kafka().admin().describeTransactions(positionals);
    const found = results.succeeded.map((s) => ({ transactionalId: s.key, ...s.value }));
    if (output.json) output.document(found);
    else
      output.table(
        [
          'TRANSACTIONAL-ID',
          'COORDINATOR',
          'STATE',
          'PRODUCER-ID',
          'EPOCH',
          'TIMEOUT-MS',
          'START-TIME',
          'PARTITIONS',
        ],
        found.map((t) => [
          t.transactionalId,
          t.coordinator,
          t.state,
          t.producerId,
          t.producerEpoch,
          t.transactionTimeoutMs,
          t.transactionStartTimeMs === undefined
            ? null
            : new Date(Number(t.transactionStartTimeMs)).toISOString(),
          t.topicPartitions.map((p) => `${p.topic}:${p.partition}`).join(',') || null,
        ]),
      );
    results.throwIfFailed();
  },
};

const abort: Command = {
  words: ['txn', 'abort'],
  summary: "abort a transactional id's open transaction, or a hanging one in a partition",
  arguments: '[TRANSACTIONAL-ID]',
  positionals: { min: 0, max: 1 },
  description:
    'With a transactional id: fences its producer, which aborts its open transaction (Java 4.x forceTerminateTransaction).\n' +
    'With --topic, --partition and --start-offset: writes the abort marker of the hanging transaction that\n' +
    'begins there (a transaction its coordinator no longer knows), as kafka-transactions.sh abort does.',
  options: {
    topic: {
      type: 'string',
      value: 'TOPIC',
      description: 'the partition of a hanging transaction: its topic',
    },
    partition: { type: 'string', short: 'p', value: 'N', description: '... its partition' },
    'start-offset': { type: 'string', value: 'OFFSET', description: '... and where the transaction begins' },
  },
  examples: ['kafe txn abort billing-1', 'kafe txn abort --topic orders -p 0 --start-offset 1234'],
  async run({ values, positionals, output, kafka }) {
    const admin = kafka().admin();
    const id = positionals[0];
    const topic = stringOption(values, 'topic');
    if ((id === undefined) === (topic === undefined))
      throw new UsageError(
        'give a TRANSACTIONAL-ID, or --topic, --partition and --start-offset of a hanging transaction',
      );
    if (id !== undefined) {
      await admin.forceTerminateTransaction(id);
      if (output.json) return output.document({ transactionalId: id, aborted: true });
      return output.lines([`aborted the open transaction of ${id} (its producer is fenced)`]);
    }
    const partition = integerOption(values, 'partition', { min: 0 });
    const startOffset = integerOption(values, 'start-offset', { min: 0 });
    if (partition === undefined || startOffset === undefined)
      throw new UsageError('--topic needs --partition and --start-offset');
    const producers = (await admin.describeProducers([{ topic: topic!, partition }])).get({
      topic: topic!,
      partition,
    });
    const hanging = producers.find((p) => p.currentTransactionStartOffset === BigInt(startOffset));
    if (hanging === undefined)
      throw new NotFoundError(`no open transaction begins at offset ${startOffset} of ${topic}/${partition}`);
    await admin.abortTransaction({
      topic: topic!,
      partition,
      producerId: hanging.producerId,
      producerEpoch: hanging.producerEpoch,
      // No marker written yet: epoch 0, as kafka-transactions.sh's abort (TransactionsCommand) sends.
      coordinatorEpoch: hanging.coordinatorEpoch ?? 0,
    });
    const done = {
      topic,
      partition,
      startOffset,
      producerId: hanging.producerId,
      producerEpoch: hanging.producerEpoch,
    };
    if (output.json) return output.document(done);
    output.lines([
      `aborted the transaction of producer ${hanging.producerId} (epoch ${hanging.producerEpoch}) at ${topic}/${partition} offset ${startOffset}`,
    ]);
  },
};

/** The transaction commands. */
export const transactionCommands: readonly Command[] = [list, describe, abort];
