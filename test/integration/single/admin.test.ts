/** The admin and cluster checks on a single Kafka 4.x broker (see `../admin-checks.ts`). */
import { adminChecks } from '../admin-checks.js';

adminChecks('Kafka 4.x');
