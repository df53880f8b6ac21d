/** Records and offsets through the admin client on a single Kafka 4.x broker (see `../admin-record-checks.ts`). */
import { adminRecordChecks } from '../admin-record-checks.js';

adminRecordChecks('Kafka 4.x');
