/**
 * The same consumer checks on Kafka 3.9 (its Fetch, ListOffsets and OffsetCommit versions and the
 * 3.x group coordinator): the tests of `single/consumer.test.ts`, run against this profile's cluster.
 */
import '../single/consumer.test.js';
