/** Consumer-group administration on Kafka 4.x: classic and KIP-848 groups (see admin-group-checks.ts). */
import { adminGroupChecks } from '../admin-group-checks.js';

adminGroupChecks('Kafka 4.x', { kip848: true });
