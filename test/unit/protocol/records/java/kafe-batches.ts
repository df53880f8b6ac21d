/**
 * Prints (name <TAB> base64) the batches kafe writes for the records RecordBatchOracle.java
 * writes with Java, so regenerate.sh can check that Java decodes them identically.
 */
import { CompressionType, loadCodec } from '../../../../../src/protocol/compression/index.js';
import {
  encodeMessageSet,
  encodeRecordBatch,
  encodeTransactionMarker,
} from '../../../../../src/protocol/records/index.js';
import { ORACLE_V2_OPTIONS, oracleRecords } from './oracle-records.js';

await loadCodec(CompressionType.zstd);
const names = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const v2 = ORACLE_V2_OPTIONS;
for (const compression of [0, 1, 2, 3, 4] as CompressionType[]) {
  console.log(
    `v2-${names[compression]}\t${encodeRecordBatch(oracleRecords(true), { ...v2, compression }).toString('base64')}`,
  );
  if (compression === CompressionType.zstd) continue;
  for (const magic of [1, 0] as const) {
    console.log(
      `v${magic}-${names[compression]}\t${encodeMessageSet(oracleRecords(false), { magic, compression, baseOffset: 1000n }).toString('base64')}`,
    );
  }
}
const marker = {
  producerId: 4242n,
  producerEpoch: 3,
  coordinatorEpoch: 9,
  timestamp: 1_700_000_000_000,
  partitionLeaderEpoch: 0,
};
console.log(
  `v2-commit\t${encodeTransactionMarker({ ...marker, type: 1, baseOffset: 2000n }).toString('base64')}`,
);
console.log(
  `v2-abort\t${encodeTransactionMarker({ ...marker, type: 0, baseOffset: 2001n }).toString('base64')}`,
);
