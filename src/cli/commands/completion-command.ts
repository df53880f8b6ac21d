/** `kafe completion bash|zsh|fish`: the shell completion script. */
import { UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { bashCompletion } from '../completion-bash.js';
import { fishCompletion } from '../completion-fish.js';
import { type CompletionModel, completionModel } from '../completion-model.js';
import { zshCompletion } from '../completion-zsh.js';

const scripts: Readonly<Record<string, (model: CompletionModel) => string>> = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
};

/** The completion command; it completes the commands of `commands` (the whole table, itself included). */
export function completionCommand(commands: () => readonly Command[]): Command {
  return {
    words: ['completion'],
    summary: 'print the shell completion script: bash, zsh or fish',
    arguments: 'SHELL',
    positionals: { min: 1, max: 1 },
    connects: false,
    options: {},
    examples: [
      '# in ~/.bashrc',
      'eval "$(kafe completion bash)"',
      '# in ~/.zshrc, after compinit',
      'eval "$(kafe completion zsh)"',
      '# fish, once',
      'kafe completion fish > ~/.config/fish/completions/kafe.fish',
    ],
    async run({ positionals, io }) {
      const shell = positionals[0]!;
      const script = Object.hasOwn(scripts, shell) ? scripts[shell] : undefined;
      if (script === undefined)
        throw new UsageError(`completion: unknown shell "${shell}"; kafe completes bash, zsh and fish`);
      io.stdout.write(script(completionModel(commands())));
    },
  };
}
