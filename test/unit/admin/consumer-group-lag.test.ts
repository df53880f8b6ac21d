import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumerGroupLag } from '../../../src/admin/consumer-group-lag.js';
import { topicPartitionKey as key } from '../../../src/cluster/topic-partition.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';

describe('consumer group lag (the rows of kafka-consumer-groups.sh --describe)', () => {
  it('one row per committed or owned partition: lag = end - committed, owner columns, total', () => {
    const noLeader = new BrokerError(errorCodes.LEADER_NOT_AVAILABLE.code);
    const lag = consumerGroupLag({
      groupId: 'g',
      committed: new Map([
        [key('b', 0), { topic: 'b', partition: 0, offset: 7n }],
        [key('a', 1), { topic: 'a', partition: 1, offset: 30n }],
        [key('a', 0), { topic: 'a', partition: 0, offset: -1n }],
        [key('c', 0), { topic: 'c', partition: 0, offset: 4n }],
      ]),
      members: [
        {
          memberId: 'm1',
          host: '/10.0.0.1',
          clientId: 'c1',
          assignment: [
            { topic: 'a', partition: 0 },
            { topic: 'a', partition: 1 },
          ],
        },
      ],
      ends: new Map<string, bigint | BrokerError>([
        [key('a', 0), 12n],
        [key('a', 1), 25n],
        [key('b', 0), 10n],
        [key('c', 0), noLeader],
      ]),
    });
    assert.deepEqual(
      lag.partitions.map((p) => [p.topic, p.partition, p.committedOffset, p.endOffset, p.lag, p.memberId]),
      [
        ['a', 0, null, 12n, null, 'm1'],
        // A committed offset past the end (a truncated log) is a negative lag, as the tool shows.
        ['a', 1, 30n, 25n, -5n, 'm1'],
        ['b', 0, 7n, 10n, 3n, null],
        ['c', 0, 4n, null, null, null],
      ],
    );
    assert.equal(lag.partitions[3]?.error, noLeader);
    assert.equal(lag.totalLag, -2n);
    assert.deepEqual([lag.partitions[0]?.host, lag.partitions[0]?.clientId], ['/10.0.0.1', 'c1']);
  });
});
