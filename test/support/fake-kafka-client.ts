/**
 * Unit tests of the clients run the real {@link Cluster} against `kafe/testing`'s FakeKafka:
 * a client with short backoffs, and the records of a partition's log as strings.
 */
import { Cluster } from '../../src/cluster/cluster.js';
import type { AppendOptions, FakeKafka } from '../../src/testing/index.js';

/** A cluster client of `fake` with backoffs short enough for unit tests. */
export function clusterOf(fake: FakeKafka): Cluster {
  return new Cluster({
    brokers: fake.bootstrap,
    retryBackoffMs: 5,
    retryBackoffMaxMs: 20,
    reconnectBackoffMs: 5,
    reconnectBackoffMaxMs: 20,
  });
}

/** One record of a partition's log, key and value as strings. */
export interface LoggedRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly producerEpoch: number;
  readonly sequence: number;
}

/** The records of a partition's log, in offset order. */
export function logged(fake: FakeKafka, topic: string, partition: number): LoggedRecord[] {
  return fake.records(topic, partition).map((r) => ({
    offset: Number(r.offset),
    key: r.key?.toString() ?? null,
    value: r.value?.toString() ?? null,
    producerEpoch: r.producerEpoch,
    sequence: r.sequence,
  }));
}

/**
 * Appends one batch of string values to a partition (timestamp 1_700_000_000_000, no key), with
 * the options of {@link FakeKafka.append}. Returns the base offset.
 */
export function appendValues(
  fake: FakeKafka,
  topic: string,
  partition: number,
  values: readonly string[],
  options: AppendOptions = {},
): bigint {
  return fake.append(
    topic,
    partition,
    values.map((v) => ({ key: null, value: Buffer.from(v), timestamp: 1_700_000_000_000 })),
    options,
  );
}
