/** Records and offsets through the admin client on a Kafka 3.9 broker (see `../admin-record-checks.ts`). */
import { adminRecordChecks } from '../admin-record-checks.js';

adminRecordChecks('Kafka 3.9');
