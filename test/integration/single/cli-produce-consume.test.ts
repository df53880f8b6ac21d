/**
 * `kafe produce` and `kafe consume` spawned as a user runs them, against the profile's broker,
 * each beside Kafka's console tools: what kafe writes the console consumer reads, what the
 * console producer writes kafe reads; plus the bad-input cases (a malformed JSON line stops
 * the command, the lines before it sent; a missing topic is exit 3).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { offsetsWithTool } from '../admin-tools.js';
import { clusterUnderTest, createTopic, produceLines, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

describe('kafe produce and consume (CLI) on Kafka 4.x', () => {
  const cluster = clusterUnderTest();

  it('produces lines that kafka-console-consumer reads, keys and headers included', async () => {
    const topic = uniqueTopic('cli-produce');
    await createTopic(cluster, topic, 1, 1);
    const landed = succeeded(
      await kafeOn(cluster, ['produce', topic, '-K', ':', '-H', 'source=cli', '-z', 'lz4', '--verbose'], {
        input: 'k1:one\nk2:two\nk3:three\n',
      }),
      'produce',
    );
    assert.equal(landed, `${topic} [0] @ 0\n${topic} [0] @ 1\n${topic} [0] @ 2\n`);
    const args = [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      '--topic',
      topic,
      '--from-beginning',
    ];
    args.push('--max-messages', '3', '--timeout-ms', '20000');
    args.push(
      '--formatter-property',
      'print.key=true',
      '--formatter-property',
      'print.headers=true',
      '--formatter-property',
      'key.separator=|',
    );
    const read = await runKafkaTool(cluster, 'console-consumer', args, { timeoutMs: 90_000 });
    assert.deepEqual(read.stdout.split('\n').filter(Boolean), [
      'source:cli|k1|one',
      'source:cli|k2|two',
      'source:cli|k3|three',
    ]);
  });

  it('consumes what kafka-console-producer wrote, with kcat-style formats and as JSON', async () => {
    const topic = uniqueTopic('cli-consume');
    await createTopic(cluster, topic, 2, 1);
    const produced = await produceLines(cluster, topic, ['a', 'b', 'c', 'd']);
    assert.equal(produced.exitCode, 0, produced.stderr);
    const values = succeeded(await kafeOn(cluster, ['consume', topic, '--exit']), 'consume');
    assert.deepEqual(values.split('\n').filter(Boolean).sort(), ['a', 'b', 'c', 'd']);
    const json = succeeded(await kafeOn(cluster, ['consume', topic, '--exit', '--json']), 'consume --json')
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as { topic: string; partition: number; offset: number; key: null; value: string },
      );
    assert.equal(json.length, 4);
    for (const r of json) assert.equal(r.topic, topic);
    const formatted = succeeded(
      await kafeOn(cluster, ['consume', topic, '-e', '-f', '%t|%p|%o|%k|%s|%S\\n']),
      'consume --format',
    );
    const byJson = json
      .map((r) => `${r.topic}|${r.partition}|${r.offset}||${r.value}|${r.value.length}`)
      .sort();
    assert.deepEqual(formatted.split('\n').filter(Boolean).sort(), byJson);
  });

  it('reads JSON lines back as written: from an offset, the last N, a count, one partition, decoded', async () => {
    const topic = uniqueTopic('cli-json');
    await createTopic(cluster, topic, 1, 1);
    const lines = [0, 1, 2, 3, 4].map((i) =>
      JSON.stringify({ key: `k${i}`, value: { n: i }, headers: { i: String(i) } }),
    );
    succeeded(
      await kafeOn(cluster, ['produce', topic, '--input', 'json'], { input: `${lines.join('\n')}\n` }),
      'produce',
    );
    const from = (args: string[]) =>
      kafeOn(cluster, ['consume', topic, '-p', '0', '-e', '-f', '%o:%k:%s:%h\\n', ...args]);
    assert.equal(succeeded(await from(['--from', '3']), 'from 3'), '3:k3:{"n":3}:i=3\n4:k4:{"n":4}:i=4\n');
    assert.equal(succeeded(await from(['--from', '-2']), 'from -2'), '3:k3:{"n":3}:i=3\n4:k4:{"n":4}:i=4\n');
    assert.equal(succeeded(await from(['--from', 'latest']), 'from latest'), '');
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '-c', '2', '-f', '%o\\n']), 'count'),
      '0\n1\n',
    );
    const hex = succeeded(await kafeOn(cluster, ['consume', topic, '-c', '1', '-d', 'hex']), 'hex');
    assert.equal(hex, `${Buffer.from('{"n":0}').toString('hex')}\n`);
    const parsed = JSON.parse(
      succeeded(await kafeOn(cluster, ['consume', topic, '-c', '1', '-d', 'json', '--json']), 'json'),
    );
    assert.deepEqual(parsed.value, { n: 0 });
  });

  it("starts at a time or a duration ago, as the records' timestamps say", async () => {
    const topic = uniqueTopic('cli-time');
    await createTopic(cluster, topic, 1, 1);
    const now = Date.now();
    const at = [now - 3 * 3_600_000, now - 2 * 3_600_000, now - 30 * 60_000];
    const input = at.map((timestamp, i) => JSON.stringify({ value: `r${i}`, timestamp })).join('\n');
    succeeded(await kafeOn(cluster, ['produce', topic, '-i', 'json'], { input }), 'produce');
    const read = async (args: string[]) =>
      succeeded(await kafeOn(cluster, ['consume', topic, '-e', ...args]), 'consume');
    assert.equal(await read(['--since', '1h']), 'r2\n');
    assert.equal(await read(['--since', '150m']), 'r1\nr2\n');
    assert.equal(await read(['--from-time', new Date(at[1]!).toISOString()]), 'r1\nr2\n');
    assert.equal(await read(['--from-time', String(now + 60_000)]), '');
  });

  it('consumes as a group member and commits what it printed, as kafka-consumer-groups then shows', async () => {
    const topic = uniqueTopic('cli-group');
    await createTopic(cluster, topic, 1, 1);
    succeeded(await kafeOn(cluster, ['produce', topic], { input: 'a\nb\nc\n' }), 'produce');
    const group = uniqueTopic('cli-group-g');
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '--group', group, '-c', '2']), 'consume'),
      'a\nb\n',
    );
    const described = await runKafkaTool(cluster, 'consumer-groups', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      '--describe',
      '--group',
      group,
      '--offsets',
    ]);
    assert.match(described.stdout, new RegExp(`${topic}\\s+0\\s+2\\s+3\\s+1`));
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '--group', group, '-e']), 'consume again'),
      'c\n',
    );
  });

  it('reads only committed records with --read-committed; a transactional produce is all visible', async () => {
    const topic = uniqueTopic('cli-txn');
    await createTopic(cluster, topic, 1, 1);
    succeeded(
      await kafeOn(cluster, ['produce', topic, '--transactional-id', uniqueTopic('cli-txn-id')], {
        input: 'x\ny\n',
      }),
      'produce in a transaction',
    );
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '-e', '--read-committed']), 'consume'),
      'x\ny\n',
    );
  });

  it('stops at a malformed JSON line, naming it, with the lines before it sent; a missing topic is exit 3', async () => {
    const topic = uniqueTopic('cli-bad');
    await createTopic(cluster, topic, 1, 1);
    const bad = await kafeOn(cluster, ['produce', topic, '--input', 'json'], {
      input: '{"value":"ok"}\n{"value": nope}\n',
    });
    assert.equal(bad.exitCode, 1);
    assert.match(
      bad.stderr,
      /^kafe: stdin line 2: not JSON \(.*\); 1 record before it sent, none from it on\n$/,
    );
    assert.equal((await offsetsWithTool(cluster, topic, -1)).get(0), 1);
    const missing = uniqueTopic('cli-absent');
    const run = await kafeOn(cluster, ['produce', missing], { input: 'x\n' });
    assert.equal(run.exitCode, 3);
    assert.equal(
      run.stderr,
      `kafe: topic ${missing}: UNKNOWN_TOPIC_OR_PARTITION (3): This server does not host this topic-partition.\n`,
    );
    const consumeMissing = await kafeOn(cluster, ['consume', missing, '-e']);
    assert.equal(consumeMissing.exitCode, 3);
  });
});
