import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { runKafeHere } from '../../support/kafe-cli.js';

/** What bash completes for the words typed so far (the last one being completed). */
async function complete(...words: string[]): Promise<string[]> {
  const script = (await runKafeHere(['completion', 'bash'])).stdout;
  const line = `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kafe; echo "\${COMPREPLY[*]}"`;
  return execFileSync('bash', ['-c', `${script}\n${line}`], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .filter(Boolean);
}

describe('kafe completion bash', () => {
  it('completes command words, subcommands and the options of the command typed', async () => {
    assert.deepEqual(await complete('kafe', 'gr'), ['groups']);
    assert.deepEqual(await complete('kafe', 'topics', 'de'), ['describe', 'delete']);
    assert.deepEqual(await complete('kafe', 'topics', 'create', 'orders', '--rep'), ['--replication-factor']);
    assert.deepEqual(await complete('kafe', 'consume', 'orders', '--from'), ['--from', '--from-time']);
  });

  it('skips the values of options before the command', async () => {
    assert.deepEqual(await complete('kafe', '-b', 'localhost:9092', 'groups', 'l'), ['list', 'lag']);
  });

  it('refuses a shell it does not know with exit 2', async () => {
    const run = await runKafeHere(['completion', 'fish']);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /unknown shell "fish"/);
  });
});
