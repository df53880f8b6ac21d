/** The admin client's config operations on a Kafka 3.9 broker (see `../admin-config-checks.ts`). */
import { adminConfigChecks } from '../admin-config-checks.js';

adminConfigChecks('Kafka 3.9', { kafka4: false });
