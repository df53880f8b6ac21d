/**
 * The conformance scenarios (`test/conformance/scenarios.ts`) against FakeKafka; the same
 * scenarios run against a real broker in `test/integration/single/conformance.test.ts` and
 * must give the same outcomes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeKafka } from '../../../src/testing/index.js';
import {
  type ConformanceTarget,
  commitAndFetch,
  expected,
  groupRebalance,
  idempotentRetry,
  produceAndReadBack,
} from '../../conformance/scenarios.js';

describe('conformance scenarios on FakeKafka', () => {
  let fake: FakeKafka;
  let target: ConformanceTarget;
  before(async () => {
    fake = await FakeKafka.start();
    let n = 0;
    target = {
      bootstrap: fake.bootstrap,
      unique: (prefix) => `${prefix}-${n++}`,
      loseNextProduceResponse: async () => {
        const drop = fake.dropResponses('Produce');
        return { bootstrap: fake.bootstrap, lost: () => drop.fired, close: async () => drop.remove() };
      },
    };
  });
  after(() => fake.close());

  it('produce and read back', async () => {
    assert.deepEqual(await produceAndReadBack(target), expected.produceAndReadBack);
  });

  it('group join and rebalance with two members', async () => {
    assert.deepEqual(await groupRebalance(target), expected.groupRebalance);
  });

  it('commit and fetch offsets', async () => {
    assert.deepEqual(await commitAndFetch(target), expected.commitAndFetch);
  });

  it('idempotent retry after a lost response', async () => {
    assert.deepEqual(await idempotentRetry(target), expected.idempotentRetry);
  });
});
