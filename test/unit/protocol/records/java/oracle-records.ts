/** The records RecordBatchOracle.java writes, as kafe inputs (keep the two in step). */
import type { RecordBatchOptions, RecordInput } from '../../../../../src/protocol/records/index.js';

const b = (s: string) => Buffer.from(s);

/** Four records: a header pair on the second when `withHeaders`, a null key, a null value. */
export function oracleRecords(withHeaders: boolean): RecordInput[] {
  return [0, 1, 2, 3].map((i) => ({
    timestamp: 1_700_000_000_000 + i * 7,
    key: i === 2 ? null : b(`key-${i}`),
    value: i === 3 ? null : b(`value-${i}-${'x'.repeat(i * 40)}`),
    headers:
      withHeaders && i === 1
        ? [
            { key: 'h1', value: b('v1') },
            { key: 'nul', value: null },
          ]
        : [],
  }));
}

/** The batch fields RecordBatchOracle.java writes its magic 2 batches with. */
export const ORACLE_V2_OPTIONS: RecordBatchOptions = {
  baseOffset: 1000n,
  producerId: 4242n,
  producerEpoch: 3,
  baseSequence: 17,
  partitionLeaderEpoch: 5,
  isTransactional: true,
};
