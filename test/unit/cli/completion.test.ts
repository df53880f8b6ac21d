import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allCommands } from '../../../src/cli/commands/all-commands.js';
import { runKafeHere } from '../../support/kafe-cli.js';

/** The script `kafe completion SHELL` prints. */
async function script(shell: string): Promise<string> {
  const run = await runKafeHere(['completion', shell]);
  assert.equal(run.exitCode, 0, run.stderr);
  return run.stdout;
}

/** The script, in a file of its own (the shells check and source files). */
async function scriptFile(shell: string): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'kafe-completion-')), `kafe.${shell}`);
  writeFileSync(file, await script(shell));
  return file;
}

/** Whether `shell` is installed here (then the scripts are run by it, not only read). */
function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true'], { stdio: 'ignore' }).status === 0;
}

/** What bash completes for the words typed so far (the last one being completed). */
async function completeInBash(...words: string[]): Promise<string[]> {
  const line = `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kafe; echo "\${COMPREPLY[*]}"`;
  return execFileSync('bash', ['-c', `${await script('bash')}\n${line}`], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** What `_kafe` offers in zsh for the words typed, `_describe` and `_files` stood in for. */
async function completeInZsh(...words: string[]): Promise<string[]> {
  const file = await scriptFile('zsh');
  const stand = `compdef() { :; }; _describe() { local name=\${@[-1]}; print -rl -- \${(P)name}; }; _files() { print -r -- '(files)'; }`;
  const typed = `words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}`;
  return execFileSync('zsh', ['-f', '-c', `${stand}; source ${file}; ${typed}; _kafe`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(/(?<!\\):/)[0]!);
}

/** What fish completes for the command line typed (`complete -C`). */
async function completeInFish(line: string): Promise<string[]> {
  const file = await scriptFile('fish');
  return execFileSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]!);
}

describe('kafe completion bash', () => {
  it('completes command words, subcommands and the options of the command typed', async () => {
    assert.deepEqual(await completeInBash('kafe', 'gr'), ['groups']);
    assert.deepEqual(await completeInBash('kafe', 'topics', 'de'), ['describe', 'delete']);
    assert.deepEqual(await completeInBash('kafe', 'topics', 'create', 'orders', '--rep'), [
      '--replication-factor',
    ]);
    assert.deepEqual(await completeInBash('kafe', 'consume', 'orders', '--from'), ['--from', '--from-time']);
  });

  it('skips the values of options before the command', async () => {
    assert.deepEqual(await completeInBash('kafe', '-b', 'localhost:9092', 'groups', 'l'), ['list', 'lag']);
  });

  it('refuses a shell it does not know with exit 2', async () => {
    const run = await runKafeHere(['completion', 'tcsh']);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /unknown shell "tcsh"; kafe completes bash, zsh and fish/);
  });
});

describe('kafe completion zsh', () => {
  it('is a zsh completion function offering every command word and each command its options; zsh completes with it', async () => {
    const text = await script('zsh');
    assert.match(text, /^#compdef kafe\n/);
    assert.ok(text.includes('\n  compdef _kafe kafe\n'), 'registers itself when sourced');
    for (const command of allCommands) {
      assert.ok(text.includes(`'${command.words[0]}:`), `offers ${command.words[0]}`);
      const branch = text
        .split('\n')
        .find((l) => l.startsWith(`      ('${command.words.join(' ')}') candidates=(`));
      assert.ok(branch, `a branch for kafe ${command.words.join(' ')}`);
      for (const name of Object.keys(command.options)) assert.ok(branch.includes(`'--${name}:`), `--${name}`);
    }
    // Every single quote closed: zsh would otherwise read the rest of the script as one word.
    assert.equal((text.replaceAll("'\\''", '').match(/'/g) ?? []).length % 2, 0);
    // Where zsh is installed, it reads the script and completes with it as the bash script does.
    if (!installed('zsh')) return;
    assert.equal(spawnSync('zsh', ['-n', await scriptFile('zsh')]).status, 0, 'zsh -n');
    assert.deepEqual(await completeInZsh('kafe', 'topics', 'cr'), [
      'list',
      'describe',
      'create',
      'delete',
      'alter',
    ]);
    assert.deepEqual(
      (await completeInZsh('kafe', '-b', 'localhost:9092', 'groups', 'l')).filter((w) => w.startsWith('l')),
      ['list', 'lag'],
    );
    const options = await completeInZsh('kafe', 'consume', 'orders', '--fr');
    assert.ok(options.includes('--from') && options.includes('--from-time') && options.includes('-o'));
    assert.deepEqual(await completeInZsh('kafe', 'produce', 'orders', ''), ['(files)']);
  });
});

describe('kafe completion fish', () => {
  it('is fish complete lines for every command word and each command its options; fish completes with it', async () => {
    const text = await script('fish');
    for (const command of allCommands) {
      assert.ok(text.includes(` -a '${command.words.at(-1)}' `), `offers ${command.words.join(' ')}`);
      for (const name of Object.keys(command.options))
        assert.ok(
          text.includes(`complete -c kafe -n '__kafe_in ${command.words.join(' ')}' -l ${name}`),
          `kafe ${command.words.join(' ')} --${name}`,
        );
    }
    // Where fish is installed, it reads the script and completes with it as the bash script does.
    if (!installed('fish')) return;
    assert.equal(spawnSync('fish', ['--no-config', '-n', await scriptFile('fish')]).status, 0, 'fish -n');
    assert.deepEqual(await completeInFish('kafe topics cr'), ['create']);
    assert.deepEqual(await completeInFish('kafe -b localhost:9092 groups l'), ['lag', 'list']);
    assert.deepEqual(await completeInFish('kafe topics create orders --rep'), ['--replication-factor']);
    assert.deepEqual(await completeInFish('kafe consume orders --from'), ['--from', '--from-time']);
  });
});
