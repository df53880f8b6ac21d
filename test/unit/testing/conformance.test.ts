/**
 * The conformance scenarios (`test/conformance/scenarios.ts`) against FakeKafka; the same
 * scenarios run against a real broker in `test/integration/single/conformance.test.ts` and
 * must give the same outcomes.
 */
import { after, before, describe } from 'node:test';
import { FakeKafka } from '../../../src/testing/index.js';
import { type ConformanceTarget, itConforms } from '../../conformance/scenarios.js';

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

  itConforms(() => target);
});
