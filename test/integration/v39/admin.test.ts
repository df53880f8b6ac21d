/** The admin and cluster checks on a single Kafka 3.9 broker (see `../admin-checks.ts`). */
import { adminChecks } from '../admin-checks.js';

adminChecks('Kafka 3.9');
