/**
 * The conformance scenarios (`test/conformance/scenarios.ts`) against the real broker; the same
 * scenarios run against `kafe/testing`'s FakeKafka in `test/unit/testing/conformance.test.ts`
 * and must give the same outcomes. A lost Produce response is played by a proxy in front of
 * the broker that drops it.
 */
import { before, describe } from 'node:test';
import { DroppingProxy } from '../../conformance/dropping-proxy.js';
import { type ConformanceTarget, itConforms } from '../../conformance/scenarios.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('conformance scenarios on a real broker', () => {
  let target: ConformanceTarget;
  before(() => {
    const bootstrap = clusterUnderTest().bootstrapFor('plaintext').split(',');
    target = {
      bootstrap,
      unique: uniqueTopic,
      loseNextProduceResponse: async () => {
        const proxy = await DroppingProxy.start(bootstrap[0] ?? '', 'Produce', 1);
        return { bootstrap: proxy.bootstrap, lost: () => proxy.dropped, close: () => proxy.close() };
      },
    };
  });

  itConforms(() => target);
});
