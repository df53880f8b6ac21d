/**
 * `kafe groups ...` spawned as a user runs it, against the profile's broker, beside
 * `kafka-consumer-groups`: the same lag table, resets and deletions seen by the tool.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';
import { consumerGroupsTool, describeOffsetsWithTool, toolTable } from '../consumer-groups-tool.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

const offsetColumns = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG'] as const;
const offsetsOf = (rows: readonly Readonly<Record<string, string>>[]) =>
  rows.map((r) => offsetColumns.map((c) => r[c])).sort((a, b) => Number(a[2]) - Number(b[2]));

describe('kafe groups (CLI) on Kafka 4.x', () => {
  const cluster = clusterUnderTest();

  it('lists, describes, shows lag as kafka-consumer-groups does, resets (dry run first) and deletes a group', async () => {
    const topic = uniqueTopic('cli-groups');
    const group = uniqueTopic('cli-groups-g');
    await createTopic(cluster, topic, 2, 1);
    const input = ['a', 'b', 'c', 'd', 'e']
      .map((v, i) => JSON.stringify({ value: v, partition: i % 2 }))
      .join('\n');
    succeeded(await kafeOn(cluster, ['produce', topic, '-i', 'json'], { input }), 'produce');
    succeeded(await kafeOn(cluster, ['consume', topic, '--group', group, '-e']), 'consume');

    const listed = JSON.parse(succeeded(await kafeOn(cluster, ['groups', 'list', '--json']), 'list')) as {
      groupId: string;
      state: string;
    }[];
    assert.equal(listed.find((g) => g.groupId === group)?.state, 'Empty');
    const described = succeeded(await kafeOn(cluster, ['groups', 'describe', group]), 'describe');
    assert.match(described, new RegExp(`^${group} +classic +Empty +- +1 +0$`, 'm'));

    const lag = succeeded(await kafeOn(cluster, ['groups', 'lag', group]), 'lag');
    assert.deepEqual(
      offsetsOf(toolTable(lag, 'GROUP')),
      offsetsOf(await describeOffsetsWithTool(cluster, [group])),
    );
    assert.match(lag, new RegExp(`^total lag of ${group}: 0$`, 'm'));

    const dryRun = await kafeOn(cluster, [
      'groups',
      'reset-offsets',
      group,
      '--topic',
      topic,
      '--to-earliest',
    ]);
    assert.equal(dryRun.exitCode, 0, dryRun.stderr);
    assert.equal(dryRun.stderr, 'dry run: nothing was committed; add --execute to commit these offsets\n');
    assert.deepEqual(
      toolTable(dryRun.stdout, 'GROUP').map((r) => [r.PARTITION, r['CURRENT-OFFSET'], r['NEW-OFFSET']]),
      [
        ['0', '3', '0'],
        ['1', '2', '0'],
      ],
    );
    assert.deepEqual(
      offsetsOf(await describeOffsetsWithTool(cluster, [group])).map((r) => r[5]),
      ['0', '0'],
    );
    succeeded(
      await kafeOn(cluster, [
        'groups',
        'reset-offsets',
        group,
        '--topic',
        `${topic}:0`,
        '--shift-by',
        '-2',
        '--execute',
      ]),
      'reset',
    );
    assert.deepEqual(
      offsetsOf(await describeOffsetsWithTool(cluster, [group])).map((r) => r[5]),
      ['2', '0'],
    );
    const json = JSON.parse(
      succeeded(await kafeOn(cluster, ['groups', 'lag', group, '--json']), 'lag --json'),
    );
    assert.equal(json[0].totalLag, 2);

    assert.equal(
      succeeded(await kafeOn(cluster, ['groups', 'delete', group]), 'delete'),
      `deleted group ${group}\n`,
    );
    assert.doesNotMatch(await consumerGroupsTool(cluster, ['--list']), new RegExp(`^${group}$`, 'm'));
  });

  it('refuses a reset without a strategy or without topics in one line, exit 2', async () => {
    const none = await kafeOn(cluster, ['groups', 'reset-offsets', 'g', '--all-topics']);
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /^kafe: give one of --to-earliest, --to-latest/);
    const noTopics = await kafeOn(cluster, ['groups', 'reset-offsets', 'g', '--to-latest']);
    assert.equal(noTopics.exitCode, 2);
    assert.equal(noTopics.stderr, 'kafe: give --topic TOPIC[:PARTITION] (repeatable) or --all-topics\n');
  });
});
