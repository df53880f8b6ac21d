import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BrokerError, errorForCode } from '../../../src/protocol/broker-error.js';
import { KafeError } from '../../../src/protocol/errors.js';
import { errorCodeInfo, errorCodes } from '../../../src/protocol/messages/error-codes.js';

test('NONE is not an error', () => {
  assert.equal(errorForCode(0), undefined);
});

test('a known code takes its name, retriability and metadata flag from the table', () => {
  const e = errorForCode(6);
  assert.ok(e instanceof BrokerError && e instanceof KafeError);
  assert.equal(e.code, 'NOT_LEADER_OR_FOLLOWER');
  assert.equal(e.errorCode, 6);
  assert.equal(e.retriable, true);
  assert.equal(e.invalidatesMetadata, true);
  const auth = errorForCode(errorCodes.TOPIC_AUTHORIZATION_FAILED.code, 'denied by ACL');
  assert.equal(auth?.retriable, false);
  assert.match(auth?.message ?? '', /TOPIC_AUTHORIZATION_FAILED \(29\): denied by ACL/);
});

test('an unknown code keeps its number under the UNKNOWN_SERVER_ERROR name', () => {
  const e = new BrokerError(31999);
  assert.equal(e.code, 'UNKNOWN_SERVER_ERROR');
  assert.equal(e.errorCode, 31999);
  assert.equal(e.retriable, false);
});

test('the table has unique codes and a lookup for each', () => {
  const codes = Object.values(errorCodes).map((e) => e.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const e of Object.values(errorCodes)) assert.equal(errorCodeInfo(e.code), e);
  assert.equal(errorCodes.REQUEST_TIMED_OUT.retriable, true);
});
