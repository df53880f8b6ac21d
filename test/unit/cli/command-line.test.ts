import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allCommands } from '../../../src/cli/commands/all-commands.js';
import { runKafe, runKafeHere } from '../../support/kafe-cli.js';

const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;

describe('kafe command line', () => {
  it('lists every command in kafe --help', async () => {
    const run = await runKafeHere(['--help']);
    assert.equal(run.exitCode, 0);
    for (const c of allCommands) assert.match(run.stdout, new RegExp(`kafe ${c.words.join(' ')} `));
  });

  it('gives every command a --help with its usage and an example that names it', async () => {
    for (const c of allCommands) {
      const run = await runKafeHere([...c.words, '--help']);
      assert.equal(run.exitCode, 0, c.words.join(' '));
      assert.match(run.stdout, new RegExp(`^Usage: kafe ${c.words.join(' ')}`));
      assert.ok(
        run.stdout.split('Examples:')[1]?.includes(`kafe ${c.words.join(' ')}`),
        `kafe ${c.words.join(' ')} --help has an example of itself`,
      );
    }
  });

  it('refuses an unknown command with exit 2, one line and the nearest command', async () => {
    const run = await runKafeHere(['topic', 'list']);
    assert.equal(run.exitCode, 2);
    assert.equal(run.stdout, '');
    assert.ok(oneLine(run.stderr));
    assert.match(
      run.stderr,
      /^kafe: unknown command "topic" \(did you mean "topics"\?\); kafe --help lists the commands\n$/,
    );
    const sub = await runKafeHere(['topics', 'lst']);
    assert.equal(sub.exitCode, 2);
    assert.match(sub.stderr, /unknown command "topics lst" \(did you mean "topics list"\?\)/);
  });

  it('refuses an unknown option with exit 2 and the nearest option', async () => {
    const run = await runKafeHere(['topics', 'list', '--brokrs', 'localhost:9092']);
    assert.equal(run.exitCode, 2);
    assert.equal(
      run.stderr,
      'kafe: topics list: unknown option --brokrs (did you mean --brokers?); see kafe topics list --help\n',
    );
  });

  it('refuses missing and extra arguments with exit 2', async () => {
    const missing = await runKafeHere(['topics', 'describe', '-b', 'localhost:9092']);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /topics describe: missing TOPIC\.\.\./);
    const extra = await runKafeHere(['topics', 'alter', 'a', 'b', '-b', 'localhost:9092']);
    assert.equal(extra.exitCode, 2);
    assert.match(extra.stderr, /topics alter: unexpected argument "b"/);
  });

  it('refuses a value that is not a number before connecting', async () => {
    const run = await runKafeHere(['topics', 'create', 't', '--partitions', 'six', '-b', '127.0.0.1:1']);
    assert.equal(run.exitCode, 2);
    assert.equal(run.stderr, 'kafe: --partitions expects an integer at least 1, got "six"\n');
  });

  it('shows a group of commands on a bare group word, as a usage error', async () => {
    const run = await runKafeHere(['topics']);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /kafe topics create/);
    const asked = await runKafeHere(['topics', '--help']);
    assert.equal(asked.exitCode, 0);
    assert.match(asked.stdout, /kafe topics delete/);
  });

  it('takes connection options before the command words', async () => {
    const run = await runKafeHere(['-b', '127.0.0.1:1', '--timeout', '5s', 'profiles', 'show', '--json']);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).brokers, ['127.0.0.1:1']);
    assert.equal(JSON.parse(run.stdout).timeoutMs, 5000);
  });

  it('asks for brokers when none are given', async () => {
    const run = await runKafeHere(['topics', 'list']);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /^kafe: no brokers: give --brokers HOST:PORT, set KAFE_BROKERS/);
  });

  it('fails in one line with exit 1 when no broker answers within --timeout (spawned)', async () => {
    const run = await runKafe(['topics', 'list', '-b', '127.0.0.1:1', '--timeout', '1s']);
    assert.equal(run.exitCode, 1);
    assert.equal(run.stdout, '');
    assert.ok(oneLine(run.stderr), run.stderr);
    assert.match(run.stderr, /^kafe: .*did not succeed within 1000 ms.*ECONNREFUSED/);
  });
});
