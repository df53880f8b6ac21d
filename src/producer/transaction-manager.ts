/**
 * The transactional producer's coordinator side (KIP-98; Java: the transactional half of
 * `TransactionManager`): its producer id and epoch, the transaction's state
 * (`transaction-state.ts`), and the requests around the records: InitProducerId (fences older
 * producers of the transactional id, finishes what they left open), AddPartitionsToTxn (v1:
 * every partition before its first batch, batched per drain), AddOffsetsToTxn + TxnOffsetCommit
 * (KIP-447), EndTxn. Under transactions v2 (KIP-890 part 2, `transaction.version` >= 2)
 * partitions join through Produce itself, offsets through TxnOffsetCommit v5, and each EndTxn
 * v5 answers with a new epoch, which every partition's sequence restarts from.
 *
 * Failures follow Java's model (`transaction-error-rules.ts`): retriable coordinator errors are
 * retried by `Cluster#send` within the call's deadline; fencing and authorization errors are
 * fatal for the producer; anything else leaves the transaction only abortable. The records
 * themselves go through the ordinary sender; this class tells it when a partition may send
 * ({@link mayDrain}) and hears about failed batches ({@link batchFailed}).
 */
import { ClientClosedError, DeadlineExceededError, OperationAbortedError } from '../cluster/errors.js';
import type { ConsumerGroupMetadata } from '../cluster/group-metadata.js';
import { raceAbort } from '../cluster/retry.js';
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import type { Connection } from '../net/connection.js';
import { Lifecycle } from '../net/lifecycle.js';
import { errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { apiKeys } from '../protocol/messages/index.js';
import type { ProducerIdentity } from './idempotence.js';
import type { ProducerCluster } from './producer-cluster.js';
import type { ProducerIdentities } from './sequence-rules.js';
import { mayBeTimeoutAbort, transactionFailure } from './transaction-error-rules.js';
import {
  ProducerFencedError,
  TransactionAbortableError,
  TransactionAbortedError,
  TransactionTimedOutError,
} from './transaction-errors.js';
import {
  addPartitionsError,
  addPartitionsRequest,
  type TransactionOffset,
  type TransactionProtocol,
  transactionProtocolOf,
  txnOffsetCommitError,
  txnOffsetCommitRequest,
  txnOffsetCommitVersion,
  V1_MAX_VERSIONS,
  V2_MIN_VERSIONS,
} from './transaction-requests.js';
import { type TransactionStateKind, TransactionStateMachine } from './transaction-state.js';

/** Bounds of one transactional call. */
export interface TransactionCallOptions {
  /** Give up after this many ms (Java `max.block.ms`). Default 60000. */
  timeoutMs?: number;
  /** Stop waiting when aborted. */
  signal?: AbortSignal;
}

/** What the manager needs from the producer. */
export interface TransactionHost {
  /** Sends everything accepted without waiting for linger; resolves when every record settled. */
  flush(signal: AbortSignal): Promise<void>;
  /** Fails every record not yet sent (waiting for memory, metadata or in a queued batch). */
  failUnsent(error: Error): void;
  /** Lets the sender drain again (a partition joined, the transaction failed). */
  wake(): void;
  /** The producer can no longer work. */
  fatal(error: Error): void;
}

/** The settings the manager reads. */
export interface TransactionSettings {
  readonly transactionalId: string;
  readonly transactionTimeoutMs: number;
  /** How long a partition's AddPartitionsToTxn may be retried (its batches expire then anyway). */
  readonly deliveryTimeoutMs: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** States with a transaction to end. */
const OPEN: readonly TransactionStateKind[] = ['in-transaction', 'abortable-error', 'committing', 'aborting'];

/** One transactional producer's transactions. */
export class TransactionManager implements ProducerIdentities {
  private readonly machine = new TransactionStateMachine();
  private current: ProducerIdentity | undefined;
  private generation = 0;
  private protocolVersion: TransactionProtocol = 1;
  /** Counts transactions, so that an answer about an earlier one changes nothing. */
  private transactionNumber = 0;
  /** v1: partitions in the transaction, waiting to be added, and being added. */
  private readonly added = new Set<string>();
  private readonly toAdd = new Map<string, TopicPartition>();
  private readonly adding = new Set<string>();
  private addLoop: Promise<void> | undefined;
  /** Whether the coordinator knows of this transaction (a partition or offsets joined it). */
  private started = false;
  /** When `beginTransaction()` opened the current transaction (`Date.now()`). */
  private beganAt = 0;
  /** A partition's sequence cannot continue under this epoch (KIP-360): bump when the transaction ends. */
  private epochBumpRequired = false;
  private readonly lifecycle = new Lifecycle({
    component: 'transaction-manager',
    closedError: () => new ClientClosedError('producer'),
  });

  constructor(
    private readonly cluster: ProducerCluster,
    private readonly settings: TransactionSettings,
    private readonly host: TransactionHost,
  ) {}

  /** The transactional id. */
  get transactionalId(): string {
    return this.settings.transactionalId;
  }

  /** The transaction's state name. */
  get state(): TransactionStateKind {
    return this.machine.kind;
  }

  /** The protocol in use: 2 where the cluster finalized `transaction.version` 2+ (KIP-890), else 1. */
  get protocol(): TransactionProtocol {
    return this.protocolVersion;
  }

  /** Whether a transaction is open (begun, not yet committed or aborted). */
  get hasOpenTransaction(): boolean {
    return OPEN.includes(this.machine.kind);
  }

  /** The producer id and epoch in use; undefined before `initTransactions()` answered. */
  get identity(): ProducerIdentity | undefined {
    return this.current;
  }

  /** Identities change only between transactions, never while batches wait for one. */
  get busy(): boolean {
    return false;
  }

  /** Identities come from `initTransactions()` and EndTxn, never on demand. */
  ensure(): void {}

  /**
   * A partition's sequence cannot go on under this epoch (KIP-360). A transactional producer
   * does not bump in the middle of a transaction: the transaction becomes abortable, and the
   * abort bumps the epoch (Java: `epochBumpRequired`).
   */
  requestBump(): void {
    this.epochBumpRequired = true;
    this.fail(
      new KafeError(
        'EPOCH_BUMP_REQUIRED',
        "a partition's sequence cannot continue under this producer epoch (KIP-360); abort the transaction",
      ),
    );
  }

  /** Stops background requests (producer closed). Every call returns the same promise. */
  close(): Promise<void> {
    return this.lifecycle.close(() => {});
  }

  /**
   * Why queued batches can no longer be sent, or undefined while they can: the transaction is
   * being aborted or failed (Java: `Sender#maybeAbortBatches`).
   */
  get unsendable(): Error | undefined {
    const s = this.machine.state;
    if (s.kind === 'abortable-error')
      return new TransactionAbortedError(
        `the transaction failed before these records were sent: ${s.error.message}`,
        {
          cause: s.error,
        },
      );
    if (s.kind === 'aborting')
      return new TransactionAbortedError('abortTransaction() was called before these records were sent');
    if (s.kind === 'fatal-error') return s.error;
    return undefined;
  }

  /** The highest and lowest Produce versions the transaction protocol allows. */
  produceVersionRange(): { readonly min: number; readonly max: number } {
    return this.protocolVersion === 2
      ? { min: V2_MIN_VERSIONS.Produce, max: Number.MAX_SAFE_INTEGER }
      : { min: 0, max: V1_MAX_VERSIONS.Produce };
  }

  /**
   * Whether a partition's batch may be sent now. v1: only once AddPartitionsToTxn added the
   * partition; the first ask queues it, and every partition asked for in one drain goes in one
   * request (Java: `maybeAddPartition` + `isSendToPartitionAllowed`). v2: the Produce adds it.
   */
  mayDrain(topic: string, partition: number): boolean {
    const k = this.machine.kind;
    if (k !== 'in-transaction' && k !== 'committing') return false;
    if (this.protocolVersion === 2) {
      this.started = true;
      return true;
    }
    const key = topicPartitionKey(topic, partition);
    if (this.added.has(key)) return true;
    if (!this.adding.has(key) && !this.toAdd.has(key)) {
      this.toAdd.set(key, { topic, partition });
      this.scheduleAdd();
    }
    return false;
  }

  /** A batch failed for good: the transaction can no longer commit (or the producer is fenced). */
  batchFailed(error: Error): void {
    this.fail(error);
  }

  /** Throws before any I/O unless records may be sent now (inside a transaction). */
  checkSend(operation: string): void {
    this.machine.require(
      operation,
      ['in-transaction'],
      'records are sent inside a transaction: call beginTransaction() first',
    );
  }

  /**
   * InitProducerId with the transactional id: the coordinator fences older producers of the
   * id (bumps its epoch) and finishes or aborts the transaction they left open, retrying
   * CONCURRENT_TRANSACTIONS meanwhile. Also picks the transaction protocol.
   */
  async initTransactions(options: TransactionCallOptions = {}): Promise<void> {
    this.lifecycle.check();
    this.machine.require(
      'initTransactions',
      ['uninitialized', 'initializing'],
      'initTransactions() was called already',
    );
    this.machine.initializing();
    try {
      const response = await this.cluster.send(
        'InitProducerId',
        {
          transactionalId: this.transactionalId,
          transactionTimeoutMs: this.settings.transactionTimeoutMs,
          producerId: -1n,
          producerEpoch: -1,
        },
        {
          to: { transactionalId: this.transactionalId },
          // The coordinator's ApiVersions tells which transaction protocol the cluster runs.
          version: (connection) => {
            this.protocolVersion = transactionProtocolOf(connection);
            return connection.versionFor('InitProducerId');
          },
          errorOf: (r) => errorForCode(r.errorCode),
          ...callBounds(options),
        },
      );
      this.adopt(response.producerId, response.producerEpoch);
      this.machine.ready();
    } catch (error) {
      if (this.machine.kind === 'initializing' && transactionFailure(error) === 'abortable') {
        // Out of time, or a refusal that may pass: initTransactions() may be called again.
        this.machine.uninitialized();
        throw error;
      }
      throw this.fail(error);
    }
  }

  /** Opens a transaction (no I/O: the coordinator hears of it with its first partition or offsets). */
  beginTransaction(): void {
    this.lifecycle.check();
    this.machine.require(
      'beginTransaction',
      ['ready'],
      'a transaction is open already, or initTransactions() was not called',
    );
    this.machine.begin();
    this.beganAt = Date.now();
    this.transactionNumber++;
    this.added.clear();
    this.toAdd.clear();
    this.started = false;
  }

  /**
   * Adds consumed offsets to the transaction (KIP-447): committed with it, discarded by an
   * abort. v1: AddOffsetsToTxn to the transaction coordinator, then TxnOffsetCommit to the
   * group coordinator; v2: TxnOffsetCommit v5 alone. The group coordinator refuses offsets of
   * a member whose generation moved on (a zombie).
   */
  async sendOffsets(
    offsets: readonly TransactionOffset[],
    group: ConsumerGroupMetadata,
    options: TransactionCallOptions = {},
  ): Promise<void> {
    this.lifecycle.check();
    this.machine.require(
      'sendOffsetsToTransaction',
      ['in-transaction'],
      'offsets are sent inside a transaction: call beginTransaction() first',
    );
    if (offsets.length === 0) return;
    const identity = this.current as ProducerIdentity;
    const protocol = this.protocolVersion;
    const bounds = callBounds(options);
    try {
      if (protocol === 1)
        await this.cluster.send(
          'AddOffsetsToTxn',
          {
            transactionalId: this.transactionalId,
            producerId: identity.producerId,
            producerEpoch: identity.producerEpoch,
            groupId: group.groupId,
          },
          {
            to: { transactionalId: this.transactionalId },
            errorOf: (r) => errorForCode(r.errorCode),
            ...bounds,
          },
        );
      this.started = true;
      await this.cluster.send(
        'TxnOffsetCommit',
        (version) => txnOffsetCommitRequest(this.transactionalId, identity, group, offsets, version),
        {
          to: { group: group.groupId },
          version: (connection) => txnOffsetCommitVersion(connection, protocol),
          errorOf: txnOffsetCommitError,
          ...bounds,
        },
      );
    } catch (error) {
      // Out of time or aborted: nothing is known to have failed, the call may be repeated.
      if (error instanceof DeadlineExceededError || error instanceof OperationAbortedError) throw error;
      throw this.fail(error, 'sendOffsetsToTransaction');
    }
  }

  /**
   * Commits: sends every record accepted (the commit waits for all of them), then EndTxn. A
   * failed record leaves the transaction abortable and rejects. Out of time, the call may be
   * repeated to finish the same commit.
   */
  async commit(options: TransactionCallOptions = {}): Promise<void> {
    this.lifecycle.check();
    this.machine.require(
      'commitTransaction',
      ['in-transaction', 'committing'],
      'no transaction is open: call beginTransaction() first',
    );
    this.machine.committing();
    const bounds = callBounds(options);
    await raceAbort(this.host.flush(bounds.signal), bounds.signal, 'commitTransaction');
    this.machine.require('commitTransaction', ['committing'], 'the transaction failed');
    await this.end(true, bounds);
  }

  /**
   * Aborts: records not yet sent fail with `TransactionAbortedError`, records in flight are
   * waited for, then EndTxn(abort); a needed epoch bump follows (KIP-360).
   */
  async abort(options: TransactionCallOptions = {}): Promise<void> {
    this.lifecycle.check();
    this.machine.require(
      'abortTransaction',
      ['in-transaction', 'abortable-error', 'aborting'],
      'no transaction is open',
    );
    const s = this.machine.state;
    const cause = s.kind === 'abortable-error' ? s.error : undefined;
    this.machine.aborting();
    this.toAdd.clear();
    this.host.failUnsent(
      new TransactionAbortedError('abortTransaction() was called before these records were sent', { cause }),
    );
    const bounds = callBounds(options);
    await raceAbort(this.host.flush(bounds.signal), bounds.signal, 'abortTransaction');
    this.machine.require('abortTransaction', ['aborting'], 'the producer failed');
    await this.end(false, bounds);
  }

  /** EndTxn (if the coordinator knows of the transaction), a pending epoch bump, then ready. */
  private async end(committed: boolean, bounds: Bounds): Promise<void> {
    const operation = committed ? 'commitTransaction' : 'abortTransaction';
    const protocol = this.protocolVersion;
    let bumped = false;
    try {
      // An AddPartitionsToTxn still in flight may yet open the transaction on the coordinator:
      // deciding without its answer could leave it open there until it times out.
      if (this.addLoop !== undefined) await raceAbort(this.addLoop, bounds.signal, operation);
      if (this.started) {
        const identity = this.current as ProducerIdentity;
        const response = await this.cluster.send(
          'EndTxn',
          {
            transactionalId: this.transactionalId,
            producerId: identity.producerId,
            producerEpoch: identity.producerEpoch,
            committed,
          },
          {
            to: { transactionalId: this.transactionalId },
            version: (connection) => endTxnVersion(connection, protocol),
            errorOf: (r) => errorForCode(r.errorCode),
            ...bounds,
          },
        );
        if (protocol === 2) {
          // KIP-890: EndTxn v5 bumps the epoch; the next transaction writes under the new one.
          this.adopt(response.producerId, response.producerEpoch);
          bumped = true;
        }
      }
      if (this.epochBumpRequired && !bumped) await this.bump(bounds);
    } catch (error) {
      if (error instanceof DeadlineExceededError || error instanceof OperationAbortedError) throw error;
      throw this.fail(error, operation);
    }
    this.epochBumpRequired = false;
    this.started = false;
    this.machine.ready();
  }

  /** KIP-360: InitProducerId naming the current id and epoch gets the next epoch of the same id. */
  private async bump(bounds: Bounds): Promise<void> {
    const identity = this.current as ProducerIdentity;
    const response = await this.cluster.send(
      'InitProducerId',
      {
        transactionalId: this.transactionalId,
        transactionTimeoutMs: this.settings.transactionTimeoutMs,
        producerId: identity.producerId,
        producerEpoch: identity.producerEpoch,
      },
      {
        to: { transactionalId: this.transactionalId },
        errorOf: (r) => errorForCode(r.errorCode),
        ...bounds,
      },
    );
    this.adopt(response.producerId, response.producerEpoch);
  }

  private adopt(producerId: bigint, producerEpoch: number): void {
    this.current = { producerId, producerEpoch, generation: ++this.generation };
    this.host.wake();
  }

  /** Runs the v1 AddPartitionsToTxn requests, one at a time, each with every partition asked for so far. */
  private scheduleAdd(): void {
    if (this.addLoop !== undefined) return;
    this.addLoop = (async () => {
      // The drain asks for its partitions in one synchronous pass: gather them first.
      await Promise.resolve();
      while (this.toAdd.size > 0 && !this.lifecycle.isClosed) {
        const partitions = [...this.toAdd.values()];
        for (const key of this.toAdd.keys()) this.adding.add(key);
        this.toAdd.clear();
        await this.addPartitions(partitions);
      }
    })().finally(() => {
      this.addLoop = undefined;
    });
  }

  private async addPartitions(partitions: readonly TopicPartition[]): Promise<void> {
    const number = this.transactionNumber;
    try {
      await this.cluster.send(
        'AddPartitionsToTxn',
        addPartitionsRequest(this.transactionalId, this.current as ProducerIdentity, partitions),
        {
          to: { transactionalId: this.transactionalId },
          version: (c) => Math.min(V1_MAX_VERSIONS.AddPartitionsToTxn, c.versionFor('AddPartitionsToTxn')),
          errorOf: addPartitionsError,
          timeoutMs: this.settings.deliveryTimeoutMs,
          signal: this.lifecycle.signal,
        },
      );
      if (number === this.transactionNumber) {
        for (const p of partitions) this.added.add(topicPartitionKey(p.topic, p.partition));
        this.started = true;
      }
    } catch (error) {
      if (number === this.transactionNumber && !this.lifecycle.isClosed) this.fail(error);
    } finally {
      this.adding.clear();
      this.host.wake();
    }
  }

  /**
   * Applies a failure to the transaction and returns the error to give the caller: a fenced
   * or fatal one ends the producer; another makes the open transaction abortable.
   */
  private fail(error: unknown, operation?: string): Error {
    const e = error instanceof Error ? error : new Error(String(error));
    const openForMs = Date.now() - this.beganAt;
    if (this.hasOpenTransaction && openForMs >= this.settings.transactionTimeoutMs && mayBeTimeoutAbort(e)) {
      // The coordinator aborts a transaction open past its timeout and fences its epoch; the
      // answer alone (fenced, or INVALID_TXN_STATE under KIP-890) does not say so, the clock does.
      const timedOut = new TransactionTimedOutError(
        this.transactionalId,
        this.settings.transactionTimeoutMs,
        openForMs,
        {
          cause: e,
        },
      );
      this.machine.fatalError(timedOut);
      this.host.fatal(timedOut);
      return timedOut;
    }
    switch (transactionFailure(e)) {
      case 'none':
        return e;
      case 'fenced': {
        const fenced =
          e instanceof ProducerFencedError ? e : new ProducerFencedError(this.transactionalId, { cause: e });
        this.machine.fatalError(fenced);
        this.host.fatal(fenced);
        return fenced;
      }
      case 'fatal':
        this.machine.fatalError(e);
        this.host.fatal(e);
        return e;
      case 'abortable':
        this.machine.abortableError(e);
        this.host.wake();
        return operation === undefined
          ? e
          : new TransactionAbortableError(
              `${operation} failed; the transaction must be aborted: ${e.message}`,
              {
                cause: e,
              },
            );
    }
  }
}

type Bounds = { readonly timeoutMs: number; readonly signal: AbortSignal };

/** One deadline for every step of a call: a signal that fires at it (or when the caller's aborts). */
function callBounds(options: TransactionCallOptions): Bounds {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  return {
    timeoutMs,
    signal: options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]),
  };
}

/** EndTxn at v5+ under transactions v2 (it answers the new epoch), at most v4 under v1. */
function endTxnVersion(connection: Connection, protocol: TransactionProtocol): number {
  const version = connection.versionFor('EndTxn');
  if (protocol === 1) return Math.min(V1_MAX_VERSIONS.EndTxn, version);
  if (version < V2_MIN_VERSIONS.EndTxn)
    throw connection.negotiated.unsupported(apiKeys.EndTxn.key, connection.broker, V2_MIN_VERSIONS.EndTxn);
  return version;
}
