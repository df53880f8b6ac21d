/**
 * `kafe perf produce|consume` on a small run, beside `kafka-producer-perf-test` and
 * `kafka-consumer-perf-test` on the same topic: the same lines in the same shape, the same
 * record counts (no timing is compared: the numbers vary from run to run).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { offsetsWithTool } from '../admin-tools.js';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

/** A line with its numbers and times masked, to compare two tools' line shapes. */
const shape = (line: string) =>
  line.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.:]\d{3}/g, 'TIME').replace(/-?\d+(\.\d+)?/g, 'N');
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

describe('kafe perf (CLI) beside Kafka perf tools', () => {
  const cluster = clusterUnderTest();
  const bootstrap = cluster.bootstrapFor('plaintext');

  it('produces and consumes, printing the lines kafka-producer-perf-test and kafka-consumer-perf-test print', async () => {
    const topic = uniqueTopic('cli-perf');
    await createTopic(cluster, topic, 2, 1);
    const kafe = succeeded(
      await kafeOn(cluster, ['perf', 'produce', topic, '-n', '2000', '-s', '100']),
      'perf produce',
    );
    const java = await runKafkaTool(cluster, 'producer-perf', [
      ...['--topic', topic, '--num-records', '1000', '--record-size', '100', '--throughput', '-1'],
      ...['--producer-props', `bootstrap.servers=${bootstrap}`],
    ]);
    assert.equal(java.exitCode, 0, java.stderr);
    assert.match(lastLine(kafe), /^2000 records sent, /);
    assert.equal(shape(lastLine(kafe)), shape(lastLine(java.stdout)));
    const ends = await offsetsWithTool(cluster, topic, -1);
    assert.equal((ends.get(0) ?? 0) + (ends.get(1) ?? 0), 3000);

    const kafeRead = succeeded(
      await kafeOn(cluster, ['perf', 'consume', topic, '-n', '2500']),
      'perf consume',
    )
      .trim()
      .split('\n');
    const javaRead = await runKafkaTool(cluster, 'consumer-perf', [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--messages',
      '2500',
    ]);
    assert.equal(javaRead.exitCode, 0, javaRead.stderr);
    const javaLines = javaRead.stdout
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('WARNING'));
    assert.equal(kafeRead[0], javaLines.at(-2));
    assert.equal(shape(kafeRead[1]!), shape(javaLines.at(-1)!));
    assert.equal(kafeRead[1]!.split(', ')[4], '2500');
    const all = JSON.parse(
      succeeded(await kafeOn(cluster, ['perf', 'consume', topic, '--json']), 'perf consume all'),
    );
    assert.equal(all['data.consumed.in.nMsg'], 3000);
  });
});
