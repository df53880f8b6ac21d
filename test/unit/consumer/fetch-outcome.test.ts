import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OffsetOutOfRangeError } from '../../../src/consumer/errors.js';
import { type FetchOutcomeContext, fetchOutcome } from '../../../src/consumer/fetch-outcome.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import type { FetchResponsePartitionData } from '../../../src/protocol/messages/fetch.js';

/** A partition answer as the decoder gives it: no error, no divergence, no leader hint. */
const answer = (fields: Partial<FetchResponsePartitionData> = {}): FetchResponsePartitionData => ({
  partitionIndex: 0,
  errorCode: 0,
  highWatermark: 100n,
  lastStableOffset: 90n,
  logStartOffset: 5n,
  divergingEpoch: { epoch: -1, endOffset: -1n },
  currentLeader: { leaderId: -1, leaderEpoch: -1 },
  snapshotId: { endOffset: -1n, epoch: -1 },
  abortedTransactions: null,
  preferredReadReplica: 2,
  records: new Uint8Array([1, 2, 3]),
  ...fields,
});

const ctx = (options: Partial<FetchOutcomeContext['options']> = {}): FetchOutcomeContext => ({
  topic: 't',
  partition: 0,
  fetchOffset: 42n,
  options: { autoOffsetReset: 'latest', clientRack: '', isolationLevel: 'read_uncommitted', ...options },
});

describe('fetchOutcome', () => {
  it('hands records on with the watermarks; the read replica only with a rack (KIP-392)', () => {
    const records = answer().records;
    assert.deepEqual(fetchOutcome(answer(), ctx()), {
      kind: 'records',
      log: {
        highWatermark: 100n,
        lastStableOffset: 90n,
        logStartOffset: 5n,
        preferredReadReplica: undefined,
      },
      records,
      abortedTransactions: null,
    });
    const racked = fetchOutcome(answer(), ctx({ clientRack: 'r1' }));
    assert.equal(racked.kind === 'records' && racked.log.preferredReadReplica, 2);
  });

  it('keeps the aborted-transaction list under read_committed only, an absent list as empty (KIP-98)', () => {
    const aborted = [{ producerId: 7n, firstOffset: 40n }];
    const committed = fetchOutcome(
      answer({ abortedTransactions: aborted }),
      ctx({ isolationLevel: 'read_committed' }),
    );
    assert.deepEqual(committed.kind === 'records' && committed.abortedTransactions, aborted);
    const none = fetchOutcome(answer(), ctx({ isolationLevel: 'read_committed' }));
    assert.deepEqual(none.kind === 'records' && none.abortedTransactions, []);
    const uncommitted = fetchOutcome(answer({ abortedTransactions: aborted }), ctx());
    assert.equal(uncommitted.kind === 'records' && uncommitted.abortedTransactions, null);
  });

  it('reports a diverging epoch instead of records (KIP-320)', () => {
    const out = fetchOutcome(answer({ divergingEpoch: { epoch: 3, endOffset: 30n } }), ctx());
    assert.equal(out.kind, 'diverging');
    assert.deepEqual(out.kind === 'diverging' && out.end, { epoch: 3, endOffset: 30n });
    assert.equal(out.kind === 'diverging' && out.log.highWatermark, 100n);
  });

  it('resets on OFFSET_OUT_OF_RANGE, or fails with the offset under autoOffsetReset none', () => {
    const code = errorCodes.OFFSET_OUT_OF_RANGE.code;
    assert.deepEqual(fetchOutcome(answer({ errorCode: code }), ctx({ autoOffsetReset: 'earliest' })), {
      kind: 'reset',
    });
    const out = fetchOutcome(answer({ errorCode: code }), ctx({ autoOffsetReset: 'none' }));
    assert.equal(out.kind, 'fail');
    const error = out.kind === 'fail' ? out.error : undefined;
    assert.ok(error instanceof OffsetOutOfRangeError);
    assert.equal(error.offset, 42n);
  });

  it('waits for the new leader: a metadata refresh, or the KIP-951 hint when given', () => {
    for (const name of [
      'NOT_LEADER_OR_FOLLOWER',
      'FENCED_LEADER_EPOCH',
      'UNKNOWN_TOPIC_OR_PARTITION',
    ] as const)
      assert.deepEqual(fetchOutcome(answer({ errorCode: errorCodes[name].code }), ctx()), {
        kind: 'leader-moved',
        hint: undefined,
        refreshMetadata: true,
      });
    const hinted = answer({
      errorCode: errorCodes.NOT_LEADER_OR_FOLLOWER.code,
      currentLeader: { leaderId: 3, leaderEpoch: 9 },
    });
    assert.deepEqual(fetchOutcome(hinted, ctx()), {
      kind: 'leader-moved',
      hint: { leaderId: 3, leaderEpoch: 9 },
      refreshMetadata: true,
    });
  });

  it('only waits on UNKNOWN_LEADER_EPOCH: the broker is behind our metadata', () => {
    assert.deepEqual(fetchOutcome(answer({ errorCode: errorCodes.UNKNOWN_LEADER_EPOCH.code }), ctx()), {
      kind: 'leader-moved',
      hint: undefined,
      refreshMetadata: false,
    });
  });

  it('retries other retriable errors and fails on the rest', () => {
    const retried = fetchOutcome(answer({ errorCode: errorCodes.NOT_ENOUGH_REPLICAS.code }), ctx());
    assert.equal(retried.kind, 'retry');
    const failed = fetchOutcome(answer({ errorCode: errorCodes.TOPIC_AUTHORIZATION_FAILED.code }), ctx());
    assert.equal(failed.kind, 'fail');
    assert.ok(failed.kind === 'fail' && failed.error instanceof BrokerError);
    assert.equal(failed.kind === 'fail' && failed.error.code, 'TOPIC_AUTHORIZATION_FAILED');
  });
});
