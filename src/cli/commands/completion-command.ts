/** `kafe completion bash`: the shell completion script. */
import { UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { bashCompletion } from '../completion.js';

/** The completion command; it completes the commands of `commands` (the whole table, itself included). */
export function completionCommand(commands: () => readonly Command[]): Command {
  return {
    words: ['completion'],
    summary: 'print the shell completion script (bash, or zsh with bashcompinit)',
    arguments: 'SHELL',
    positionals: { min: 1, max: 1 },
    connects: false,
    options: {},
    examples: [
      '# in ~/.bashrc',
      'eval "$(kafe completion bash)"',
      '# in ~/.zshrc',
      'autoload -U +X bashcompinit && bashcompinit && eval "$(kafe completion bash)"',
    ],
    async run({ positionals, io }) {
      if (positionals[0] !== 'bash' && positionals[0] !== 'zsh')
        throw new UsageError(
          `completion: unknown shell "${positionals[0]}"; kafe completes bash, and zsh through bashcompinit`,
        );
      io.stdout.write(bashCompletion(commands()));
    },
  };
}
