/**
 * `kafe produce` as a stream on the profile's broker: a line is sent when it arrives (the input
 * still open, as from `tail -f`), `--rate` paces without losing any, the progress line is drawn
 * on a terminal only, and a malformed line in a transaction leaves nothing visible.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanEnv, runKafeHere, startKafe } from '../../support/kafe-cli.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, createTopic, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

describe('kafe produce (CLI) streaming on Kafka 4.x', () => {
  const cluster = clusterUnderTest();
  const env = () => cleanEnv({ KAFE_BROKERS: cluster.bootstrapFor('plaintext') });
  const admin = kafkaUnderTest({ clientId: 'cli-produce-stream' }).admin();

  const endOffset = async (topic: string) =>
    (await admin.listOffsets([{ topic, partition: 0, spec: 'latest' }])).throwIfFailed().get(`${topic}/0`)
      .offset;

  /** `kafe produce --verbose` on a new topic, its input open, after `line` reached the broker. */
  async function producingAfter(prefix: string, line: string) {
    const topic = uniqueTopic(prefix);
    await createTopic(cluster, topic, 1, 1);
    const producing = startKafe(['produce', topic, '--verbose'], { env: env() });
    producing.stdin.write(`${line}\n`);
    await until(`${line} on the broker`, async () => (await endOffset(topic)) === 1n, brokerWait);
    return { topic, producing };
  }

  it('sends each line as it arrives, while the input is still open', async () => {
    const { topic, producing } = await producingAfter('cli-stream', 'first');
    // Half a line is not a record: it waits for its newline.
    producing.stdin.write('sec');
    producing.stdin.write('ond\n');
    await until('the second line on the broker', async () => (await endOffset(topic)) === 2n, brokerWait);
    producing.stdin.end('third');
    const run = await producing.done;
    assert.equal(succeeded(run, 'produce'), `${topic} [0] @ 0\n${topic} [0] @ 1\n${topic} [0] @ 2\n`);
    assert.equal(run.stderr, '');
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '-e']), 'consume'),
      'first\nsecond\nthird\n',
    );
  });

  it('stops on Ctrl-C while it waits for input, with what it sent acknowledged', async () => {
    const { topic, producing } = await producingAfter('cli-interrupt', 'before');
    // The input stays open: without Ctrl-C ending the read, this would wait for the next line.
    producing.kill('SIGINT');
    const run = await producing.done;
    // Stopped by Ctrl-C, a command ends as it would at the end of its input (kafe consume does too).
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, `${topic} [0] @ 0\n`);
  });

  it('paces with --rate and sends every record', async () => {
    const topic = uniqueTopic('cli-rate');
    await createTopic(cluster, topic, 1, 1);
    const lines = Array.from({ length: 20 }, (_, i) => `r${i}`);
    succeeded(
      await kafeOn(cluster, ['produce', topic, '--rate', '50'], { input: `${lines.join('\n')}\n` }),
      'produce --rate',
    );
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '-e']), 'consume'),
      `${lines.join('\n')}\n`,
    );
    const bad = await kafeOn(cluster, ['produce', topic, '--rate', '0'], { input: 'x\n' });
    assert.equal(bad.exitCode, 2);
  });

  it('draws a progress line when stderr is a terminal, and nothing when it is piped', async () => {
    const topic = uniqueTopic('cli-progress');
    await createTopic(cluster, topic, 1, 1);
    const onTerminal = await runKafeHere(['produce', topic], {
      input: 'a\nb\nc\n',
      env: env(),
      stderrIsTTY: true,
    });
    assert.equal(onTerminal.exitCode, 0, onTerminal.stderr);
    assert.match(
      onTerminal.stderr,
      new RegExp(
        `^(\\r\\u001b\\[K${topic}: [^\\r\\n]*)*\\r\\u001b\\[K${topic}: 3 acknowledged \\([\\d,]+/s\\)\\n$`,
      ),
    );
    const piped = await runKafeHere(['produce', topic], { input: 'd\n', env: env(), stderrIsTTY: false });
    assert.equal(piped.exitCode, 0, piped.stderr);
    assert.equal(piped.stderr, '');
    assert.equal(await endOffset(topic), 4n);
  });

  it('aborts the transaction at a malformed line: read_committed consumers see none of the records before it', async () => {
    const topic = uniqueTopic('cli-txn-bad');
    await createTopic(cluster, topic, 1, 1);
    const run = await kafeOn(
      cluster,
      ['produce', topic, '-i', 'json', '--transactional-id', uniqueTopic('cli-txn-bad-id')],
      {
        input: '{"value":"one"}\n{"value":"two"}\n{"value":\n{"value":"four"}\n',
      },
    );
    assert.equal(run.exitCode, 1);
    assert.match(
      run.stderr,
      /^kafe: stdin line 3: not JSON \(.*\); 2 records before it sent, none from it on; the transaction was aborted, so none is visible\n$/,
    );
    assert.equal(
      succeeded(await kafeOn(cluster, ['consume', topic, '-e', '--read-committed']), 'consume'),
      '',
    );
  });
});
