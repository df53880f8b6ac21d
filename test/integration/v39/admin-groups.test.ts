/** Consumer-group administration on Kafka 3.9: classic groups (see admin-group-checks.ts). */
import { adminGroupChecks } from '../admin-group-checks.js';

adminGroupChecks('Kafka 3.9', { kip848: false });
