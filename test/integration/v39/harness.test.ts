/** Proves the harness starts a Kafka 3.9 broker that Kafka 3.9's own tools can use. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  clusterUnderTest,
  consumeLines,
  createTopic,
  produceLines,
  uniqueTopic,
} from '../cluster-under-test.js';

describe('Kafka 3.9 harness broker', () => {
  const cluster = clusterUnderTest();

  it('is a 3.9 release', () => {
    assert.match(cluster.info.version, /^3\.9\./);
    assert.match(readFileSync(cluster.info.nodes[0]!.logFile, 'utf8'), /Kafka version: 3\.9\./);
  });

  it('round-trips records through the 3.9 console producer and consumer', async () => {
    const topic = uniqueTopic('v39');
    await createTopic(cluster, topic, 2, 1);
    const values = ['one', 'two', 'three'];
    const produced = await produceLines(cluster, topic, values);
    assert.equal(produced.exitCode, 0, produced.stderr);
    assert.deepEqual((await consumeLines(cluster, topic, values.length)).sort(), [...values].sort());
  });
});
