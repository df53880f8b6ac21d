/** The transaction admin calls on Kafka 4.x (ListTransactions v2: transactional-id patterns). */
import { transactionAdminSuite } from '../transaction-admin-checks.js';

transactionAdminSuite(true);
