/**
 * The kafe API on Kafka 3.9: every call; the seed's OffsetCommit forms go out as exact v0, v1
 * and v2. A KRaft 3.9 broker refuses v0 on every partition with UNSUPPORTED_VERSION (v0 wrote to
 * ZooKeeper), so the v0 form is then sent again as v1 with generation -1 and no member id.
 */
import { kafeCallsSuite } from '../kafe-calls.js';

kafeCallsSuite({ v0: [0, 1], v1: [1], v2: [2] });
