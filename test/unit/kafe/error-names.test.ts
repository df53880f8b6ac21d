import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorName } from '../../../src/kafe/error-names.js';

describe("errorName (the seed's snake_case error names)", () => {
  it('names 0 none and other codes after Kafka, in lower case', () => {
    assert.equal(errorName(0), 'none');
    assert.equal(errorName(3), 'unknown_topic_or_partition');
    assert.equal(errorName(35), 'unsupported_version');
    assert.equal(errorName(-1), 'unknown_server_error');
    assert.equal(errorName(32_000), 'unknown_server_error');
  });

  it('keeps the seed-era names of the codes Kafka renamed since', () => {
    assert.equal(errorName(6), 'not_leader_for_partition');
    assert.equal(errorName(14), 'group_load_in_progress');
    assert.equal(errorName(15), 'group_coordinator_not_available');
    assert.equal(errorName(16), 'not_coordinator_for_group');
  });
});
