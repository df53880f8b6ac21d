/** The admin client's config operations on a single Kafka 4.x broker (see `../admin-config-checks.ts`). */
import { adminConfigChecks } from '../admin-config-checks.js';

adminConfigChecks('Kafka 4.x', { kafka4: true });
