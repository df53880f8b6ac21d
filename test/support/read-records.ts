/** The first `n` records of a consumer's record iterator, for unit and integration tests. */
import type { Consumer } from '../../src/consumer/consumer.js';
import type { ConsumerRecord } from '../../src/consumer/consumer-record.js';

/** Reads `n` records, then leaves the iterator (the last one stays unprocessed). */
export async function readRecords(consumer: Consumer, n: number): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = [];
  if (n === 0) return out;
  for await (const r of consumer.records()) {
    out.push(r);
    if (out.length === n) break;
  }
  return out;
}
