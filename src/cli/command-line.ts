/**
 * Parsing a `kafe` command line with `node:util` `parseArgs`: the leading words name the command
 * (`topics list`; options may come before them), the rest is parsed strictly against that
 * command's options plus the global and connection ones. Every refusal is a {@link UsageError}
 * that says what to fix and where the help is.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest } from '../cluster/option-schema.js';
import { UsageError } from './cli-errors.js';
import type { Command, OptionSpecs, OptionValues } from './command.js';
import { connectionOptions } from './connection-settings.js';
import { globalOptions } from './global-options.js';

/** A parsed command line: the command (or the group of commands its words name) and its values. */
export type ParsedCommandLine =
  | {
      readonly kind: 'command';
      readonly command: Command;
      readonly values: OptionValues;
      readonly positionals: string[];
    }
  | { readonly kind: 'group'; readonly words: readonly string[] };

/** Every option a command accepts: its own, the global ones, and the connection ones if it connects. */
export function optionsOf(command: Command): OptionSpecs {
  return { ...globalOptions, ...(command.connects === false ? {} : connectionOptions), ...command.options };
}

/** Whether a token is an option whose value is the next token (`--brokers x`, `-b x`). */
function takesValue(token: string, specs: OptionSpecs): boolean {
  if (token.includes('=')) return false;
  if (token.startsWith('--')) return specs[token.slice(2)]?.type === 'string';
  const short = token.slice(-1);
  return token.length === 2 && Object.values(specs).some((s) => s.short === short && s.type === 'string');
}

const wordsOf = (commands: readonly Command[], depth: number, prefix: readonly string[]) => [
  ...new Set(
    commands
      .filter((c) => prefix.every((w, i) => c.words[i] === w) && c.words.length > depth)
      .map((c) => c.words[depth]!),
  ),
];

/** Parses `argv` (without `node` and the script) against the command table. */
export function parseCommandLine(commands: readonly Command[], argv: readonly string[]): ParsedCommandLine {
  const leading = { ...globalOptions, ...connectionOptions };
  const words: string[] = [];
  const rest: string[] = [];
  let command: Command | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      rest.push(token);
      if (takesValue(token, leading) && i + 1 < argv.length) rest.push(argv[++i]!);
      continue;
    }
    if (command !== undefined || (words.length > 0 && wordsOf(commands, words.length, words).length === 0)) {
      rest.push(...argv.slice(i));
      break;
    }
    const known = wordsOf(commands, words.length, words);
    if (!known.includes(token)) {
      const near = closest(token, known);
      const what = [...words, token].join(' ');
      const help = words.length === 0 ? 'kafe --help' : `kafe ${words.join(' ')} --help`;
      throw new UsageError(
        `unknown command "${what}"${near ? ` (did you mean "${[...words, near].join(' ')}"?)` : ''}; ${help} lists the commands`,
      );
    }
    words.push(token);
    command = commands.find(
      (c) => c.words.length === words.length && c.words.every((w, j) => w === words[j]),
    );
  }
  if (command === undefined) return { kind: 'group', words };
  return { kind: 'command', command, ...parseOptions(command, rest) };
}

/**
 * `--from -10` as `--from=-10`: parseArgs refuses a value that looks like an option, but a
 * negative number after an option that takes a value can only be that value (kcat's `-o -10`).
 */
function joinNegativeValues(args: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const next = args[i + 1];
    if (token === '--') return [...out, ...args.slice(i)];
    if (next !== undefined && /^-\d/.test(next) && token.startsWith('-') && takesValue(token, specs)) {
      out.push(token.startsWith('--') ? `${token}=${next}` : `${token}${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

function parseOptions(command: Command, given: string[]): { values: OptionValues; positionals: string[] } {
  const specs = optionsOf(command);
  const args = joinNegativeValues(given, specs);
  const name = `kafe ${command.words.join(' ')}`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: specs as ParseArgsConfig['options'],
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${name.slice(5)}: ${optionProblem(error, specs)}; see ${name} --help`);
  }
  const values = parsed.values as OptionValues;
  if (values.help === true) return { values, positionals: parsed.positionals };
  const { min, max } = command.positionals;
  const count = parsed.positionals.length;
  if (count < min)
    throw new UsageError(`${name.slice(5)}: missing ${command.arguments ?? 'arguments'}; see ${name} --help`);
  if (count > max)
    throw new UsageError(
      `${name.slice(5)}: unexpected argument "${parsed.positionals[max]}"; see ${name} --help`,
    );
  return { values, positionals: parsed.positionals };
}

/** `parseArgs`'s refusal in one line, with the nearest known option for an unknown one. */
function optionProblem(error: unknown, specs: OptionSpecs): string {
  const message =
    error instanceof Error
      ? error.message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '')
      : String(error);
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (unknown) {
    const near = unknown[1] === '--' ? closest(unknown[2]!, Object.keys(specs)) : undefined;
    return `unknown option ${unknown[1]}${unknown[2]}${near ? ` (did you mean --${near}?)` : ''}`;
  }
  return message.replace(/^Option '([^']+)'/, 'option $1').replace(/\.$/, '');
}
