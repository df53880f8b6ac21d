/** Transactions on Kafka 3.9: protocol v1 (AddPartitionsToTxn, AddOffsetsToTxn, EndTxn without epoch bumps). */
import { transactionsSuite } from '../transactions.js';

transactionsSuite(1);
