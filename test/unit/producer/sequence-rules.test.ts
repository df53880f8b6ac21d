/**
 * The idempotent producer's sequencing and epoch rules, decision by decision, on plain
 * partition queues and batches: no broker, fake or real. Each error code path of
 * `SequenceRules#onError` has a case (KIP-98 sequences, KIP-360 epoch bumps).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ConnectionClosedError } from '../../../src/net/errors.js';
import type { ProducerIdentity } from '../../../src/producer/idempotence.js';
import { PartitionQueue } from '../../../src/producer/partition-queue.js';
import { ProducerBatch } from '../../../src/producer/producer-batch.js';
import { normalizeRecord } from '../../../src/producer/record.js';
import { type IdentitySource, SequenceRules } from '../../../src/producer/sequence-rules.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';

/** An identity source the test sets by hand, counting the bumps asked of it. */
class Identities implements IdentitySource {
  identity: ProducerIdentity | undefined = { producerId: 7n, producerEpoch: 0, generation: 1 };
  busy = false;
  bumps = 0;
  requestBump(): void {
    this.bumps++;
  }
}

function batchOf(records: number): ProducerBatch {
  const b = new ProducerBatch('t', 0, 0);
  const sink = { delivered() {}, failed() {} };
  for (let i = 0; i < records; i++) b.append(normalizeRecord({ topic: 't', value: `v${i}` }, 0), 20, sink, i);
  return b;
}

describe('SequenceRules', () => {
  let ids: Identities;
  let rules: SequenceRules;
  let q: PartitionQueue;

  /** Queues `batch`, lets the rules admit it and takes it in flight with a sequence, as the drain does. */
  function send(batch: ProducerBatch): ProducerBatch {
    q.batches.push(batch);
    assert.equal(rules.canSend(q, batch), true);
    q.batches.shift();
    if (batch.baseSequence >= 0 && q.retrying > 0) q.retrying--;
    rules.assign(q, batch);
    q.inFlight.push(batch);
    return batch;
  }

  /** The broker's answer: the batch leaves the in-flight list, then the rules judge `error`. */
  function answer(batch: ProducerBatch, error: Error, code: number) {
    q.removeInFlight(batch);
    return rules.onError(q, batch, error, code);
  }

  /** The broker acknowledged `batch`. */
  function acknowledge(batch: ProducerBatch): void {
    q.removeInFlight(batch);
    rules.acknowledged(q, batch);
  }

  /**
   * Sequence 0 acknowledged, 1 gone from the partition without an answer the rules saw, 2 in
   * flight: the broker expects 1, so 2 is refused although nothing comes before it.
   */
  function afterAGap(): ProducerBatch {
    acknowledge(send(batchOf(1)));
    const lost = send(batchOf(1));
    const b = send(batchOf(1));
    q.removeInFlight(lost);
    return b;
  }

  beforeEach(() => {
    ids = new Identities();
    rules = new SequenceRules(ids);
    q = new PartitionQueue('t', 0);
  });

  describe('canSend', () => {
    it('sends nothing before the producer has an identity', () => {
      ids.identity = undefined;
      const b = batchOf(1);
      q.batches.push(b);
      assert.equal(rules.canSend(q, b), false);
    });

    it("moves an idle partition to the producer's identity, sequences from 0", () => {
      const b = batchOf(1);
      q.batches.push(b);
      assert.equal(rules.canSend(q, b), true);
      assert.equal(q.producerId, 7n);
      assert.equal(q.producerEpoch, 0);
      assert.equal(q.nextSequence, 0);
    });

    it("sends an identity's first batch alone, then pipelines up to 5 once one is acknowledged", () => {
      const first = send(batchOf(1));
      const second = batchOf(1);
      q.batches.push(second);
      assert.equal(rules.canSend(q, second), false, 'the broker may have no state for the producer yet');
      acknowledge(first);
      q.batches.length = 0;
      for (let i = 0; i < 5; i++) send(batchOf(1));
      const sixth = batchOf(1);
      q.batches.push(sixth);
      assert.equal(rules.canSend(q, sixth), false);
    });

    it('sends one batch at a time while the partition has retries', () => {
      acknowledge(send(batchOf(1)));
      const retried = send(batchOf(1));
      send(batchOf(1));
      q.removeInFlight(retried);
      q.requeue(retried);
      assert.equal(q.retrying, 1);
      assert.equal(rules.canSend(q, retried), false, 'a later batch is still in flight');
      q.inFlight.length = 0;
      assert.equal(rules.canSend(q, retried), true);
    });

    it('keeps a partition on its old epoch while any of its batches is in flight', () => {
      acknowledge(send(batchOf(1)));
      send(batchOf(1));
      ids.identity = { producerId: 8n, producerEpoch: 0, generation: 2 };
      const next = batchOf(1);
      q.batches.push(next);
      assert.equal(rules.canSend(q, next), false);
      assert.equal(q.producerId, 7n);
      q.inFlight.length = 0;
      assert.equal(rules.canSend(q, next), true);
      assert.equal(q.producerId, 8n);
      assert.equal(q.nextSequence, 0);
    });

    it('restarts a partition that needs a bump only under a newer identity, with nothing in flight', () => {
      const b = send(batchOf(2));
      assert.equal(answer(b, ...errorOf('UNKNOWN_PRODUCER_ID')), 'retry');
      q.requeue(b);
      assert.equal(rules.canSend(q, b), false, 'the bump has not happened yet');
      ids.identity = { producerId: 7n, producerEpoch: 1, generation: 2 };
      ids.busy = true;
      assert.equal(rules.canSend(q, b), false, 'an InitProducerId is still running');
      ids.busy = false;
      assert.equal(rules.canSend(q, b), true);
      assert.equal(q.needsBump, false);
      assert.equal(q.producerEpoch, 1);
      assert.equal(b.baseSequence, -1, 'the queued batch is numbered again');
      assert.equal(q.retrying, 0);
    });
  });

  describe('assign and acknowledged', () => {
    it('gives consecutive batches consecutive ranges, wrapping after 2^31-1, and keeps a retry’s', () => {
      const a = send(batchOf(3));
      const b = batchOf(2);
      q.lastAckedSequence = 2;
      send(b);
      assert.deepEqual([a.baseSequence, b.baseSequence, q.nextSequence], [0, 3, 5]);
      rules.assign(q, a);
      assert.equal(a.baseSequence, 0);
      q.nextSequence = 0x7fffffff;
      const c = batchOf(2);
      rules.assign(q, c);
      assert.equal(c.baseSequence, 0x7fffffff);
      assert.equal(q.nextSequence, 1);
    });

    it('records the last acknowledged sequence of the current epoch only', () => {
      const b = send(batchOf(3));
      rules.acknowledged(q, b);
      assert.equal(q.lastAckedSequence, 2);
      const old = batchOf(1);
      old.baseSequence = 10;
      old.producerEpoch = q.producerEpoch - 1;
      old.producerId = q.producerId;
      rules.acknowledged(q, old);
      assert.equal(q.lastAckedSequence, 2);
    });
  });

  describe('onError', () => {
    it('retries an unsequenced batch on a retriable error and fails it on any other', () => {
      const b = batchOf(1);
      assert.equal(rules.onError(q, b, ...errorOf('NOT_LEADER_OR_FOLLOWER')), 'retry');
      assert.equal(rules.onError(q, b, ...errorOf('TOPIC_AUTHORIZATION_FAILED')), 'fail');
      assert.equal(ids.bumps, 0);
    });

    it('UNKNOWN_PRODUCER_ID of the current epoch: retry after a new epoch (KIP-360), asked once', () => {
      const a = send(batchOf(1));
      assert.equal(answer(a, ...errorOf('UNKNOWN_PRODUCER_ID')), 'retry');
      assert.equal(q.needsBump, true);
      assert.equal(q.bumpAfterGeneration, 1);
      assert.equal(ids.bumps, 1);
      q.requeue(a);
      q.inFlight.push(a);
      assert.equal(answer(a, ...errorOf('UNKNOWN_PRODUCER_ID')), 'retry');
      assert.equal(ids.bumps, 1, 'a partition already waiting for a bump asks no more');
    });

    it('OUT_OF_ORDER_SEQUENCE_NUMBER behind an outstanding earlier batch: retried after it, no bump', () => {
      acknowledge(send(batchOf(1)));
      send(batchOf(1));
      const later = send(batchOf(1));
      assert.equal(answer(later, ...errorOf('OUT_OF_ORDER_SEQUENCE_NUMBER')), 'retry');
      assert.equal(q.needsBump, false);
      assert.equal(ids.bumps, 0);
    });

    it('OUT_OF_ORDER_SEQUENCE_NUMBER of the earliest batch, the next sequence: new epoch and retry', () => {
      const b = send(batchOf(1));
      b.maybeWritten = true;
      assert.equal(answer(b, ...errorOf('OUT_OF_ORDER_SEQUENCE_NUMBER')), 'retry');
      assert.equal(q.needsBump, true);
      assert.equal(ids.bumps, 1);
    });

    it('OUT_OF_ORDER_SEQUENCE_NUMBER of the earliest batch past the acknowledged one, maybe written: fail, no duplicate', () => {
      const b = afterAGap();
      b.maybeWritten = true;
      assert.equal(answer(b, ...errorOf('OUT_OF_ORDER_SEQUENCE_NUMBER')), 'fail');
      assert.equal(ids.bumps, 0);
    });

    it('OUT_OF_ORDER_SEQUENCE_NUMBER of the earliest batch past the acknowledged one, never written: new epoch and retry', () => {
      const b = afterAGap();
      assert.equal(answer(b, ...errorOf('OUT_OF_ORDER_SEQUENCE_NUMBER')), 'retry');
      assert.equal(q.needsBump, true);
      assert.equal(ids.bumps, 1);
    });

    for (const name of ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID'] as const) {
      it(`${name} about an older epoch: retried, the partition is being renumbered already`, () => {
        const b = send(batchOf(1));
        q.restartSequences(7n, 1);
        assert.equal(answer(b, ...errorOf(name)), 'retry');
        assert.equal(q.needsBump, false);
        assert.equal(ids.bumps, 0);
      });
    }

    it('a retriable broker or connection error retries a sequenced batch as it is', () => {
      const b = send(batchOf(1));
      assert.equal(answer(b, ...errorOf('NOT_LEADER_OR_FOLLOWER')), 'retry');
      q.inFlight.push(b);
      assert.equal(answer(b, new ConnectionClosedError('broker 1'), -1), 'retry');
      assert.equal(q.needsBump, false);
    });

    it('any other broker error fails a sequenced batch', () => {
      const b = send(batchOf(1));
      assert.equal(answer(b, ...errorOf('TOPIC_AUTHORIZATION_FAILED')), 'fail');
    });
  });

  describe('failed', () => {
    it('a failed batch that used a sequence of the current epoch leaves a gap: the partition needs a new epoch', () => {
      const b = send(batchOf(1));
      q.removeInFlight(b);
      rules.failed(q, b);
      assert.equal(q.needsBump, true);
      assert.equal(ids.bumps, 1);
    });

    it('a failed batch without a sequence, or of an older epoch, leaves none', () => {
      rules.failed(q, batchOf(1));
      const old = send(batchOf(1));
      q.removeInFlight(old);
      q.restartSequences(7n, 1);
      rules.failed(q, old);
      assert.equal(q.needsBump, false);
      assert.equal(ids.bumps, 0);
    });
  });
});

/** `[error, code]` for a broker error code by name, as a Produce answer carries it. */
function errorOf(name: keyof typeof errorCodes): [BrokerError, number] {
  const { code } = errorCodes[name];
  return [new BrokerError(code), code];
}
