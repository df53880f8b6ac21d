/**
 * What a `kafe` command is: its words (`topics list`), its options in `node:util` `parseArgs`
 * form with the text `--help` prints, its positional arguments, examples, and what it runs. The
 * help text, the parser and shell completion are all read from these declarations.
 */
import type { Kafka } from '../kafka.js';
import type { Output } from './output.js';

/** One option of a command (`--partitions N`). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** What the value is, as help shows it (`N`, `FILE`); string options only. */
  readonly value?: string;
  /** One line for `--help`. */
  readonly description: string;
}

/** The options of a command, by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed values of a command's options (global ones included). */
export type OptionValues = Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;

/** Where a command reads and writes: the process's streams, or a test's. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Aborts on SIGINT / SIGTERM: long commands (consume, perf) stop and close cleanly. */
  readonly signal: AbortSignal;
}

/** What a running command gets. */
export interface CommandContext {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  readonly output: Output;
  /** The deadline of each call (`--timeout`, default 30 s), for the clients a command makes. */
  readonly timeoutMs: number;
  /** The client of the cluster the connection settings name, made on first use and closed after the command. */
  kafka(): Kafka;
}

/** A runnable command. */
export interface Command {
  /** The words that name it: `['topics', 'list']`. */
  readonly words: readonly string[];
  readonly summary: string;
  /** The positional arguments, as help shows them: `TOPIC...`. */
  readonly arguments?: string;
  /** How many positionals it takes. */
  readonly positionals: { readonly min: number; readonly max: number };
  /** Longer text after the usage line. */
  readonly description?: string;
  readonly options: OptionSpecs;
  /** Shell lines, each with a `# comment` saying what it does. */
  readonly examples: readonly string[];
  /** Whether it talks to a cluster (then the connection options apply). Default true. */
  readonly connects?: boolean;
  run(context: CommandContext): Promise<void>;
}
