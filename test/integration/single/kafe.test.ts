/** The kafe API on Kafka 4.x: every call; the seed's OffsetCommit v0-v2 forms go out as v2 (4.0 removed v0-1, KIP-896). */
import { kafeCallsSuite } from '../kafe-calls.js';

kafeCallsSuite({ v0: [2], v1: [2], v2: [2] });
