/**
 * The idempotent producer's identity (KIP-98; Java: the idempotent half of
 * `TransactionManager`): a producer id and epoch from InitProducerId, obtained before the first
 * Produce, and bumped when a partition's sequence can no longer continue (KIP-360:
 * `UNKNOWN_PRODUCER_ID`, a genuine `OUT_OF_ORDER_SEQUENCE_NUMBER`, a batch that failed after
 * its sequence was used). A bump sends InitProducerId with the current id and epoch (v3+).
 * For a producer without a transactional id, Kafka answers with a fresh producer id at epoch 0
 * (`TransactionCoordinator#handleInitProducerId`); a fake or another broker may return the same
 * id with epoch + 1. Either way the partitions' brokers have no state for the new identity and
 * take any first sequence, which is why `sequence-rules.ts` sends a partition's first batch of
 * an identity alone.
 *
 * When a partition needs a new epoch, and when it moves to it, is decided by
 * `sequence-rules.ts`; this class only obtains identities.
 */
import { ClientClosedError } from '../cluster/errors.js';
import { backoffDelay, isRetriable, sleep } from '../cluster/retry.js';
import { Lifecycle } from '../net/lifecycle.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { ProducerCluster } from './producer-cluster.js';

/** A producer id and epoch, with a generation counting how many were obtained. */
export interface ProducerIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** 1 for the first identity, +1 per bump. */
  readonly generation: number;
}

/** Obtains and bumps the producer id and epoch. */
export class IdempotenceManager {
  private current: ProducerIdentity | undefined;
  private running: Promise<void> | undefined;
  private bumpAgain = false;
  private generation = 0;
  private readonly lifecycle = new Lifecycle({
    component: 'idempotence',
    closedError: () => new ClientClosedError('producer'),
  });

  constructor(
    private readonly cluster: ProducerCluster,
    private readonly requestTimeoutMs: number,
    private readonly retryBackoffMs: number,
    private readonly retryBackoffMaxMs: number,
    /** Called whenever a new identity is in place. */
    private readonly onIdentity: () => void,
    /** Called when obtaining an identity fails for good (e.g. an authorization error). */
    private readonly onFatal: (error: Error) => void,
  ) {}

  /** The identity in use, undefined until InitProducerId answered. */
  get identity(): ProducerIdentity | undefined {
    return this.current;
  }

  /** Whether an InitProducerId is running. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Gets the first identity if there is none yet and none is being fetched. */
  ensure(): void {
    if (this.current === undefined && this.running === undefined) this.start();
  }

  /** Asks for a new epoch (after the one of generation `generation`); coalesces concurrent asks. */
  requestBump(): void {
    if (this.running !== undefined) {
      this.bumpAgain = true;
      return;
    }
    this.start();
  }

  private start(): void {
    this.running = this.initProducerId().then(
      () => {
        this.running = undefined;
        if (this.bumpAgain) {
          this.bumpAgain = false;
          this.start();
        }
        this.onIdentity();
      },
      (error: unknown) => {
        this.running = undefined;
        this.onFatal(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** Stops retrying InitProducerId (producer closed). Every call returns the same promise. */
  close(): Promise<void> {
    return this.lifecycle.close(() => {});
  }

  /**
   * InitProducerId until it succeeds. Retriable failures (no broker reachable, coordinator
   * loading) are retried with backoff for as long as the producer runs; meanwhile batches wait
   * and expire after `deliveryTimeoutMs`. Anything else (e.g. not authorized) is fatal.
   */
  private async initProducerId(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.lifecycle.check();
      try {
        const connection = await this.cluster.anyConnection();
        const version = connection.versionFor('InitProducerId');
        const bump = this.current !== undefined && version >= 3;
        const response = await connection.send(
          'InitProducerId',
          {
            transactionalId: null,
            // Java's idempotent producer sends Integer.MAX_VALUE: there is no transaction to time out.
            transactionTimeoutMs: 0x7fffffff,
            producerId: bump ? this.current?.producerId : -1n,
            producerEpoch: bump ? this.current?.producerEpoch : -1,
          },
          { timeoutMs: this.requestTimeoutMs },
        );
        const error = errorForCode(response.errorCode);
        if (error !== undefined) throw error;
        this.current = {
          producerId: response.producerId,
          producerEpoch: response.producerEpoch,
          generation: ++this.generation,
        };
        return;
      } catch (error) {
        if (!isRetriable(error)) throw error;
      }
      const delay = backoffDelay(attempt, {
        initialBackoffMs: this.retryBackoffMs,
        maxBackoffMs: this.retryBackoffMaxMs,
      });
      await sleep(delay, undefined, 'InitProducerId');
    }
  }
}
