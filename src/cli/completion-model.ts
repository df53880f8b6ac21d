/**
 * What shell completion completes, read from the command table once for every shell's script
 * (completion-bash.ts, completion-zsh.ts, completion-fish.ts): the first words with what each
 * does, the second words of each group, each command's options, and the options whose value is
 * the next word (so that a value is not taken for a command word).
 */
import type { Command } from './command.js';
import { optionsOf } from './command-line.js';

/** A word to complete and the line that says what it does. */
export interface CompletedWord {
  readonly word: string;
  readonly description: string;
}

/** An option of a command, as completion offers it. */
export interface CompletedOption {
  readonly name: string;
  readonly short?: string;
  /** Whether its value is the next word. */
  readonly takesValue: boolean;
  readonly description: string;
}

/** Everything a completion script needs. */
export interface CompletionModel {
  /** The first words: commands and groups (`topics`). */
  readonly top: readonly CompletedWord[];
  /** The second words of each group, by its first word. */
  readonly groups: ReadonlyMap<string, readonly CompletedWord[]>;
  /** Each command's words and options. */
  readonly commands: readonly {
    readonly words: readonly string[];
    readonly options: readonly CompletedOption[];
  }[];
  /** Every option token (`--brokers`, `-b`) whose value is the next word. */
  readonly valued: readonly string[];
}

/** The completion model of `commands`. */
export function completionModel(commands: readonly Command[]): CompletionModel {
  const groups = new Map<string, CompletedWord[]>();
  for (const c of commands)
    if (c.words.length > 1) {
      const words = groups.get(c.words[0]!) ?? [];
      words.push({ word: c.words[1]!, description: c.summary });
      groups.set(c.words[0]!, words);
    }
  const top = [...new Set(commands.map((c) => c.words[0]!))].map((word) => ({
    word,
    description:
      commands.find((c) => c.words.length === 1 && c.words[0] === word)?.summary ??
      `${groups
        .get(word)!
        .map((w) => w.word)
        .join(', ')}`,
  }));
  const withOptions = commands.map((c) => ({
    words: c.words,
    options: Object.entries(optionsOf(c)).map(([name, o]) => ({
      name,
      ...(o.short !== undefined ? { short: o.short } : {}),
      takesValue: o.type === 'string',
      description: o.description,
    })),
  }));
  const valued = new Set(
    withOptions.flatMap((c) =>
      c.options
        .filter((o) => o.takesValue)
        .flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]),
    ),
  );
  return { top, groups, commands: withOptions, valued: [...valued] };
}
