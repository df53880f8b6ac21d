/**
 * Conformance scenarios: the same functions run against `kafe/testing`'s FakeKafka
 * (`test/unit/testing/conformance.test.ts`) and against a real broker
 * (`test/integration/single/conformance.test.ts`), and each returns only what a client can
 * observe, so both runs assert the same {@link expected} outcome: if the fake and Kafka ever
 * disagree, one of the two runs fails.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createKafe } from '../../src/kafe.js';
import { Kafka } from '../../src/kafka.js';

/** What a scenario needs of the cluster under test. */
export interface ConformanceTarget {
  /** Bootstrap list of a single-broker cluster (or of the fake). */
  readonly bootstrap: string[];
  /** A topic and group name nothing else uses. */
  unique(prefix: string): string;
  /**
   * Makes the first Produce response after the call get lost (the request is served, the answer
   * never arrives); returns the bootstrap to use and how many answers were lost so far.
   */
  loseNextProduceResponse(): Promise<{ bootstrap: string[]; lost: () => number; close: () => Promise<void> }>;
}

/** The outcomes every target must give. */
export const expected = {
  produceAndReadBack: {
    partitions: [0, 1, 2],
    perPartitionOffsets: [
      [0, 1, 2, 3],
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ],
    values: Array.from({ length: 12 }, (_, i) => `v${i}`),
  },
  groupRebalance: { alone: 4, split: [2, 2], overlap: 0, sameGeneration: true, afterLeave: 4 },
  commitAndFetch: { committed: [3n, -1n], resumedAt: 'v3' },
  idempotentRetry: { offset: 0n, logEndOffset: 1n, lostResponses: 1 },
};

const quick = {
  retryBackoffMs: 20,
  retryBackoffMaxMs: 200,
  reconnectBackoffMs: 20,
  reconnectBackoffMaxMs: 200,
};

/** Produces 12 keyless records to 3 partitions (4 each) and reads them back from the start. */
export async function produceAndReadBack(
  target: ConformanceTarget,
): Promise<typeof expected.produceAndReadBack> {
  const topic = target.unique('conf-read-back');
  const kafka = new Kafka({ brokers: target.bootstrap, ...quick });
  try {
    (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
    await kafka
      .producer()
      .sendBatch(Array.from({ length: 12 }, (_, i) => ({ topic, partition: i % 3, value: `v${i}` })));
    const consumer = kafka.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([0, 1, 2].map((partition) => ({ topic, partition })));
    const byPartition = new Map<number, bigint[]>();
    const values: string[] = [];
    for await (const r of consumer.records()) {
      byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.offset]);
      values.push(r.value?.toString() ?? '');
      if (values.length === 12) break;
    }
    await consumer.close();
    const partitions = [...byPartition.keys()].sort();
    return {
      partitions,
      perPartitionOffsets: partitions.map((p) => (byPartition.get(p) ?? []).map(Number)),
      values: values.sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))),
    };
  } finally {
    await kafka.close();
  }
}

/**
 * Two members of a classic group (range assignor) on a 4-partition topic: the first alone owns
 * all 4, the second joining splits them 2/2 without overlap in one generation, and the first
 * leaving gives the second all 4 again.
 */
export async function groupRebalance(target: ConformanceTarget): Promise<typeof expected.groupRebalance> {
  const topic = target.unique('conf-group');
  const groupId = target.unique('conf-g');
  const kafka = new Kafka({ brokers: target.bootstrap, ...quick });
  try {
    (await kafka.admin().createTopics([{ topic, partitions: 4, replicationFactor: 1 }])).throwIfFailed();
    const owned = new Map<string, Set<number>>();
    const changed = new EventTarget();
    const member = (name: string) => {
      owned.set(name, new Set());
      const c = kafka.consumer({
        groupId,
        assignors: ['range'],
        heartbeatIntervalMs: 100,
        sessionTimeoutMs: 10_000,
      });
      c.subscribe([topic], {
        onAssigned: (parts) => {
          for (const p of parts) owned.get(name)?.add(p.partition);
          changed.dispatchEvent(new Event('change'));
        },
        onRevoked: (parts) => {
          for (const p of parts) owned.get(name)?.delete(p.partition);
          changed.dispatchEvent(new Event('change'));
        },
      });
      void c.run({ eachMessage: () => {} });
      return c;
    };
    const size = (name: string) => owned.get(name)?.size ?? 0;
    const a = member('a');
    await settled(changed, () => size('a') === 4);
    const alone = size('a');
    const b = member('b');
    await settled(changed, () => size('a') === 2 && size('b') === 2);
    const split = [size('a'), size('b')];
    const overlap = [...(owned.get('a') ?? [])].filter((p) => owned.get('b')?.has(p)).length;
    const sameGeneration = a.groupMember.generationId === b.groupMember.generationId;
    await a.close();
    await settled(changed, () => size('b') === 4);
    const afterLeave = size('b');
    await b.close();
    return { alone, split, overlap, sameGeneration, afterLeave };
  } finally {
    await kafka.close();
  }
}

/**
 * A consumer of a group reads 3 records of partition 0 and commits offset 3; the committed offsets read
 * back through OffsetFetch (3 for partition 0, none for partition 1), and a new consumer of the
 * group resumes at the fourth record.
 */
export async function commitAndFetch(target: ConformanceTarget): Promise<typeof expected.commitAndFetch> {
  const topic = target.unique('conf-commit');
  const groupId = target.unique('conf-cg');
  const kafka = new Kafka({ brokers: target.bootstrap, ...quick });
  const kafe = createKafe({ brokers: target.bootstrap });
  try {
    (await kafka.admin().createTopics([{ topic, partitions: 2, replicationFactor: 1 }])).throwIfFailed();
    await kafka
      .producer()
      .sendBatch(Array.from({ length: 6 }, (_, i) => ({ topic, partition: 0, value: `v${i}` })));
    const first = kafka.consumer({ groupId, autoOffsetReset: 'earliest', autoCommit: false });
    first.assign([{ topic, partition: 0 }]);
    let read = 0;
    for await (const _ of first.records()) if (++read === 3) break;
    // Explicitly: leaving the loop with `break` leaves the third record unprocessed.
    await first.commit([{ topic, partition: 0, offset: 3n }]);
    await first.close();
    const [fetched] = await kafe.offsetFetch(groupId, [{ name: topic, partitions: [0, 1] }]);
    const committed = (fetched?.partitionsOffset ?? []).map((p) => p.offset);
    const second = kafka.consumer({ groupId, autoOffsetReset: 'earliest', autoCommit: false });
    second.assign([{ topic, partition: 0 }]);
    let resumedAt = '';
    for await (const r of second.records()) {
      resumedAt = r.value?.toString() ?? '';
      break;
    }
    await second.close();
    return { committed, resumedAt };
  } finally {
    await kafe.close();
    await kafka.close();
  }
}

/**
 * An idempotent producer's first Produce answer is lost: it times out, sends the batch again
 * with the same sequence, and the broker answers the original offset without writing a copy.
 */
export async function idempotentRetry(target: ConformanceTarget): Promise<typeof expected.idempotentRetry> {
  const topic = target.unique('conf-idem');
  const setup = new Kafka({ brokers: target.bootstrap, ...quick });
  (await setup.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
  await setup.close();
  const lossy = await target.loseNextProduceResponse();
  // No KIP-714 telemetry here: its GetTelemetrySubscriptions on the same connection would be
  // answered after the lost Produce response, which the client then takes for a broken stream.
  const kafka = new Kafka({ brokers: lossy.bootstrap, ...quick, enableMetricsPush: false });
  const kafe = createKafe({ brokers: target.bootstrap });
  try {
    const { offset } = await kafka
      .producer({ requestTimeoutMs: 1000 })
      .send({ topic, value: 'exactly-once' });
    // The log end offset says how many copies were written.
    const [latest] = await kafe.offset([topic]);
    return { offset, logEndOffset: latest?.partitions[0]?.offset ?? -1n, lostResponses: lossy.lost() };
  } finally {
    await kafe.close();
    await kafka.close();
    await lossy.close();
  }
}

/** Resolves once `condition` holds, re-checked whenever `changed` fires; gives up after a minute. */
function settled(changed: EventTarget, condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      changed.removeEventListener('change', check);
      reject(new Error('the group did not reach the expected assignment within 60 s'));
    }, 60_000);
    const check = () => {
      if (!condition()) return;
      clearTimeout(giveUp);
      changed.removeEventListener('change', check);
      resolve();
    };
    changed.addEventListener('change', check);
    check();
  });
}

/**
 * Registers the four scenarios as tests of the enclosing `describe`, each asserting the
 * {@link expected} outcome, so the fake's run and the real broker's run are the same tests.
 */
export function itConforms(target: () => ConformanceTarget): void {
  it('produce and read back', async () => {
    assert.deepEqual(await produceAndReadBack(target()), expected.produceAndReadBack);
  });
  it('group join and rebalance with two members', async () => {
    assert.deepEqual(await groupRebalance(target()), expected.groupRebalance);
  });
  it('commit and fetch offsets', async () => {
    assert.deepEqual(await commitAndFetch(target()), expected.commitAndFetch);
  });
  it('idempotent retry after a lost response', async () => {
    assert.deepEqual(await idempotentRetry(target()), expected.idempotentRetry);
  });
}
