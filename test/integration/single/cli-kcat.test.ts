/**
 * The `kafe` CLI beside kcat (librdkafka's command-line tool), both ways on the profile's broker:
 * what kcat produces `kafe consume` reads, and what `kafe produce` writes kcat reads, compared
 * through the same kcat `-f` format (partition, offset, key, value, headers) printed by both.
 * kcat comes from harness/kcat.ts (installed with apt-get where it can be); where it cannot be
 * had these tests skip, as test/expected-skips.ts says.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { ensureKcat, kcatMissingReason, runKcat } from '../../../harness/kcat.js';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

/** kcat's `-f` placeholders that kafe's `--format` prints the same way. */
const format = '%p|%o|%k|%s|%h\\n';

function sortedLines(text: string): string[] {
  return text.split('\n').filter(Boolean).sort();
}

describe('kafe produce and consume (CLI) beside kcat on Kafka 4.x', () => {
  const cluster = clusterUnderTest();

  /** kcat, or undefined after marking the test skipped with the reason. */
  async function kcatFor(t: TestContext): Promise<string | undefined> {
    const kcat = await ensureKcat();
    if (kcat === undefined) t.skip(kcatMissingReason() ?? 'apt-get install kcat failed');
    return kcat;
  }

  async function kcatRun(kcat: string, args: string[], input?: string): Promise<string> {
    const run = await runKcat(kcat, ['-b', cluster.bootstrapFor('plaintext'), ...args], { input });
    if (run.exitCode !== 0)
      throw new Error(`kcat ${args.join(' ')} exited with ${run.exitCode}: ${run.stderr}`);
    return run.stdout;
  }

  /** Asserts that kcat and `kafe consume` both print `expected` (sorted) for the whole topic. */
  async function bothRead(kcat: string, topic: string, expected: readonly string[]): Promise<void> {
    const byKcat = await kcatRun(kcat, ['-C', '-t', topic, '-e', '-q', '-f', format]);
    assert.deepEqual(sortedLines(byKcat), expected, 'as kcat reads it');
    const byKafe = await kafeOn(cluster, ['consume', topic, '-e', '-f', format]);
    assert.deepEqual(sortedLines(succeeded(byKafe, 'consume')), expected, 'as kafe consume reads it');
  }

  it('kafe consume reads what kcat produced: keys, values, headers, partitions', async (t) => {
    const kcat = await kcatFor(t);
    if (kcat === undefined) return;
    const topic = uniqueTopic('cli-kcat-in');
    await createTopic(cluster, topic, 2, 1);
    await kcatRun(
      kcat,
      ['-P', '-t', topic, '-p', '0', '-K', ':', '-H', 'source=kcat', '-H', 'n=1'],
      'k1:one\nk2:two\n',
    );
    await kcatRun(kcat, ['-P', '-t', topic, '-p', '1', '-K', ':'], 'k3:three\n:no key\n');
    const expected = [
      '0|0|k1|one|source=kcat,n=1',
      '0|1|k2|two|source=kcat,n=1',
      '1|0|k3|three|',
      '1|1||no key|',
    ];
    await bothRead(kcat, topic, expected);
  });

  it('kcat reads what kafe produce wrote: lines with keys and headers, JSON lines to chosen partitions', async (t) => {
    const kcat = await kcatFor(t);
    if (kcat === undefined) return;
    const topic = uniqueTopic('cli-kcat-out');
    await createTopic(cluster, topic, 3, 1);
    succeeded(
      await kafeOn(cluster, ['produce', topic, '-p', '2', '-K', '=', '-H', 'via=kafe'], {
        input: 'a=1\nb=2\n',
      }),
      'produce lines',
    );
    const json = [
      { key: 'j1', value: 'first', partition: 0, headers: { x: 'y', z: '' } },
      { key: null, value: { n: 2 }, partition: 1 },
      { key: 'j3', value: 'third', partition: 0 },
    ];
    succeeded(
      await kafeOn(cluster, ['produce', topic, '-i', 'json'], {
        input: json.map((j) => JSON.stringify(j)).join('\n'),
      }),
      'produce JSON lines',
    );
    const expected = [
      '0|0|j1|first|x=y,z=',
      '0|1|j3|third|',
      '1|0||{"n":2}|',
      '2|0|a|1|via=kafe',
      '2|1|b|2|via=kafe',
    ];
    await bothRead(kcat, topic, expected);
  });
});
