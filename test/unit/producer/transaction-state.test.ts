import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../../../src/cluster/errors.js';
import { resolveProducerOptions } from '../../../src/producer/options.js';
import {
  TransactionAbortableError,
  TransactionStateError,
} from '../../../src/producer/transaction-errors.js';
import { TransactionStateMachine } from '../../../src/producer/transaction-state.js';
import { KafeError } from '../../../src/protocol/errors.js';

describe('TransactionStateMachine', () => {
  it('runs init, begin, commit and abort through Java’s states', () => {
    const m = new TransactionStateMachine();
    assert.equal(m.kind, 'uninitialized');
    m.initializing();
    m.ready();
    m.begin();
    m.committing();
    m.ready();
    m.begin();
    m.aborting();
    m.ready();
    assert.equal(m.kind, 'ready');
  });

  it('refuses a call in the wrong state with TransactionStateError naming the call and the state', () => {
    const m = new TransactionStateMachine();
    assert.throws(
      () => m.require('commitTransaction', ['in-transaction'], 'no transaction is open'),
      (e: unknown) =>
        e instanceof TransactionStateError &&
        e.operation === 'commitTransaction' &&
        e.state === 'uninitialized' &&
        /no transaction is open/.test(e.message),
    );
  });

  it('an abortable error allows only an abort; calls needing the transaction get TransactionAbortableError with the cause', () => {
    const m = new TransactionStateMachine();
    m.initializing();
    m.ready();
    m.begin();
    const cause = new KafeError('TOPIC_AUTHORIZATION_FAILED', 'not allowed');
    m.abortableError(cause);
    assert.throws(
      () => m.require('commitTransaction', ['in-transaction'], 'x'),
      (e: unknown) => e instanceof TransactionAbortableError && e.cause === cause,
    );
    m.require('abortTransaction', ['in-transaction', 'abortable-error'], 'x');
    m.aborting();
    // A failure while aborting does not take the abort back.
    m.abortableError(new KafeError('X', 'late'));
    assert.equal(m.kind, 'aborting');
    m.ready();
  });

  it('a fatal error is final: every call rethrows it and no transition leaves it', () => {
    const m = new TransactionStateMachine();
    m.initializing();
    m.ready();
    const fatal = new KafeError('PRODUCER_FENCED', 'fenced');
    m.fatalError(fatal);
    m.fatalError(new KafeError('OTHER', 'second'));
    assert.throws(
      () => m.require('beginTransaction', ['ready'], 'x'),
      (e: unknown) => e === fatal,
    );
    assert.throws(
      () => m.begin(),
      (e: unknown) => e instanceof KafeError && e.code === 'INTERNAL_STATE',
    );
  });

  it('an invalid internal transition is a kafe bug, not a user error', () => {
    const m = new TransactionStateMachine();
    assert.throws(
      () => m.committing(),
      (e: unknown) => e instanceof KafeError && e.code === 'INTERNAL_STATE',
    );
  });
});

describe('transactional producer options', () => {
  it('transactionalId implies idempotence and acks=all, with Java’s transaction timeout default', () => {
    const o = resolveProducerOptions({ transactionalId: 't' });
    assert.equal(o.transactionalId, 't');
    assert.equal(o.idempotent, true);
    assert.equal(o.acks, -1);
    assert.equal(o.transactionTimeoutMs, 60_000);
  });

  it('refuses options that contradict a transactionalId, naming the option', () => {
    assert.throws(
      () => resolveProducerOptions({ transactionalId: 't', idempotent: false }),
      (e: unknown) => e instanceof ConfigurationError && e.option === 'idempotent',
    );
    assert.throws(
      () => resolveProducerOptions({ transactionalId: 't', acks: 1 }),
      (e: unknown) => e instanceof ConfigurationError && e.option === 'acks',
    );
    assert.throws(
      () => resolveProducerOptions({ transactionalId: '' }),
      (e: unknown) => e instanceof ConfigurationError && e.option === 'transactionalId',
    );
  });
});
