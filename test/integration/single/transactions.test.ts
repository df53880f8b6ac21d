/** Transactions on Kafka 4.x, whose new clusters finalize transaction.version 2 (KIP-890). */
import { transactionsSuite } from '../transactions.js';

transactionsSuite(2);
