/**
 * The kafe facade against fake brokers: the OffsetCommit version each seed form goes out as
 * (its own on a broker that accepts it, the lowest carrying its fields otherwise, the v1
 * simple-commit fallback when v0 is refused per partition), and produce's retry rules (a refusal
 * that proves nothing was written is retried; an unknown outcome is reported, never re-sent;
 * acks 0 resolves without an offset).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createKafe, type Kafe } from '../../src/kafe.js';
import { errorCodes } from '../../src/protocol/messages/error-codes.js';
import { FakeKafka, type FakeKafkaOptions } from '../../src/testing/index.js';

const fast = { retryBackoffMs: 5, retryBackoffMaxMs: 20, reconnectBackoffMs: 5, timeoutMs: 5000 };
/** Brokers that still serve OffsetCommit v0-1 (Kafka 3.x). */
const kafka3: FakeKafkaOptions = {
  apiVersions: { OffsetCommit: { min: 0, max: 9 }, Produce: { min: 3, max: 12 } },
};
/** Brokers without OffsetCommit v0-1 (Kafka 4.x, KIP-896). */
const kafka4: FakeKafkaOptions = {
  apiVersions: { OffsetCommit: { min: 2, max: 9 }, Produce: { min: 3, max: 12 } },
};

describe('kafe facade (fake brokers)', () => {
  let fake: FakeKafka;
  let kafe: Kafe;
  const start = async (options: FakeKafkaOptions) => {
    fake = await FakeKafka.start({ ...options, topics: [{ name: 't', partitions: 2 }] });
    kafe = createKafe({ brokers: fake.bootstrap, ...fast });
  };
  afterEach(async () => {
    await kafe.close();
    await fake.close();
  });

  /** Answers OffsetCommit with `code` per partition (a function of the version). */
  const commitAnswers = (code: (version: number) => number) =>
    fake.control('OffsetCommit', (r) => ({
      body: {
        topics: r.body.topics.map((t: { name: string; partitions: { partitionIndex: number }[] }) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partitionIndex,
            errorCode: code(r.apiVersion),
          })),
        })),
      },
    }));
  const commits = () =>
    fake.requests('OffsetCommit').map((r) => {
      const p = r.body.topics[0].partitions[0];
      return {
        version: r.apiVersion,
        generation: r.body.generationIdOrMemberEpoch,
        member: r.body.memberId,
        retention: r.body.retentionTimeMs,
        offset: p.committedOffset,
        metadata: p.committedMetadata,
        timestamp: p.commitTimestamp,
      };
    });
  const topics = [{ name: 't', partitions: [{ partition: 1, offset: 7, metadata: 'm' }] }];

  it('sends the v0 form as v0 and, refused per partition with UNSUPPORTED_VERSION, again as v1 simple commit', async () => {
    await start(kafka3);
    commitAnswers((v) => (v === 0 ? errorCodes.UNSUPPORTED_VERSION.code : 0));
    const result = await kafe.offsetCommit('g', topics);
    assert.deepEqual(result, [{ name: 't', partitions: [{ partition: 1, errorCode: 'none' }] }]);
    assert.deepEqual(commits(), [
      { version: 0, generation: -1, member: '', retention: -1n, offset: 7n, metadata: 'm', timestamp: -1n },
      { version: 1, generation: -1, member: '', retention: -1n, offset: 7n, metadata: 'm', timestamp: -1n },
    ]);
  });

  it('keeps a v0 answer other than UNSUPPORTED_VERSION on every partition (no fallback)', async () => {
    await start(kafka3);
    commitAnswers(() => errorCodes.OFFSET_METADATA_TOO_LARGE.code);
    const result = await kafe.offsetCommit('g', topics);
    assert.equal(result[0]?.partitions[0]?.errorCode, 'offset_metadata_too_large');
    assert.deepEqual(
      commits().map((c) => c.version),
      [0],
    );
  });

  it('sends the v1 form as v1 with its timestamp, and the v2 form as v2 with its retention', async () => {
    await start(kafka3);
    commitAnswers(() => 0);
    await kafe.offsetCommit('g', 3, 'member-1', [
      { name: 't', partitions: [{ partition: 1, offset: 7, timestamp: 1234, metadata: 'm' }] },
    ]);
    await kafe.offsetCommit('g', 4, 'member-2', 60_000, topics);
    assert.deepEqual(commits(), [
      {
        version: 1,
        generation: 3,
        member: 'member-1',
        retention: -1n,
        offset: 7n,
        metadata: 'm',
        timestamp: 1234n,
      },
      {
        version: 2,
        generation: 4,
        member: 'member-2',
        retention: 60_000n,
        offset: 7n,
        metadata: 'm',
        timestamp: -1n,
      },
    ]);
  });

  it('sends every form as v2 to a broker without v0-1, keeping generation, member and retention', async () => {
    await start(kafka4);
    commitAnswers(() => 0);
    await kafe.offsetCommit('g', topics);
    await kafe.offsetCommit('g', 3, 'member-1', [
      { name: 't', partitions: [{ partition: 1, offset: 7, timestamp: 1234, metadata: 'm' }] },
    ]);
    await kafe.offsetCommit('g', 4, 'member-2', 60_000n, topics);
    assert.deepEqual(
      commits().map((c) => [c.version, c.generation, c.member, c.retention]),
      [
        [2, -1, '', -1n],
        [2, 3, 'member-1', -1n],
        [2, 4, 'member-2', 60_000n],
      ],
    );
  });

  it('retries a commit the coordinator refuses as NOT_COORDINATOR', async () => {
    await start(kafka4);
    let calls = 0;
    commitAnswers(() => (calls++ === 0 ? errorCodes.NOT_COORDINATOR.code : 0));
    const result = await kafe.offsetCommit('g', topics);
    assert.deepEqual(result, [{ name: 't', partitions: [{ partition: 1, errorCode: 'none' }] }]);
    assert.equal(calls, 2);
  });

  /** Answers Produce with `code(n)` for the n-th request (from 0), base offset 5. */
  const produceAnswers = (code: (n: number) => number) => {
    let n = 0;
    fake.control('Produce', (r) => {
      if (r.body.acks === 0) return { noResponse: true };
      const errorCode = code(n++);
      return {
        body: {
          responses: [
            {
              name: 't',
              partitionResponses: [
                {
                  index: r.body.topicData[0].partitionData[0].index,
                  errorCode,
                  baseOffset: errorCode === 0 ? 5n : -1n,
                },
              ],
            },
          ],
        },
      };
    });
  };

  it('produce retries a refusal that proves nothing was written (NOT_LEADER_OR_FOLLOWER) and answers the offset', async () => {
    await start(kafka4);
    produceAnswers((n) => (n === 0 ? errorCodes.NOT_LEADER_OR_FOLLOWER.code : 0));
    const result = await kafe.produce('t', ['k', 'v'], { partition: 1 });
    assert.deepEqual(
      result.partitions.map((p) => [p.partition, p.errorCode, p.offset]),
      [[1, 'none', 5n]],
    );
    const sent = fake.requests('Produce');
    assert.equal(sent.length, 2);
    assert.deepEqual(
      sent.map((r) => [r.body.acks, r.body.timeoutMs]),
      [
        [-1, 5000],
        [-1, 5000],
      ],
      'acks all and the seed timeout by default',
    );
  });

  it('produce reports REQUEST_TIMED_OUT (the message may be written) instead of sending it twice', async () => {
    await start(kafka4);
    produceAnswers(() => errorCodes.REQUEST_TIMED_OUT.code);
    const result = await kafe.produce('t', 'v');
    assert.deepEqual(
      result.partitions.map((p) => [p.partition, p.errorCode]),
      [[0, 'request_timed_out']],
    );
    assert.equal(fake.requests('Produce').length, 1);
  });

  it('produce with requiredAcks 0 resolves once written, without offset', async () => {
    await start(kafka4);
    produceAnswers(() => 0);
    const result = await kafe.produce('t', 'v', { requiredAcks: 0, partition: 1 });
    assert.deepEqual(result, { name: 't', partitions: [{ partition: 1, errorCode: 'none' }] });
    // Written, not yet necessarily read by the broker: wait for it (bounded, so no hang).
    for (let i = 0; i < 400 && fake.requests('Produce').length === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(
      fake.requests('Produce').map((r) => r.body.acks),
      [0],
    );
  });
});
