/** The transaction admin calls on Kafka 3.9 (ListTransactions v1: a transactional-id pattern is refused). */
import { transactionAdminSuite } from '../transaction-admin-checks.js';

transactionAdminSuite(false);
