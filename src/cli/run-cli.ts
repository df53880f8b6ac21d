/**
 * Runs one `kafe` command line: parse, print help when asked, run the command with a client of
 * the cluster its connection settings name, close that client, and turn the outcome into an
 * exit code and, on failure, one line on stderr (`kafe: ...`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kafka } from '../kafka.js';
import { exitCodeOf, exitCodes, oneLine } from './cli-errors.js';
import type { CliIo, Command, CommandContext } from './command.js';
import { parseCommandLine } from './command-line.js';
import { allCommands } from './commands/all-commands.js';
import { kafkaOptionsOf, resolveSettings } from './connection-settings.js';
import { commandHelp, groupHelp } from './help.js';
import { flag } from './option-values.js';
import { Output } from './output.js';

/** kafe's version, from the package.json above this file (in `src/cli/`, `dist/src/cli/` or the bundle's `dist/cli/`). */
function version(): string {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'kafe') return pkg.version ?? 'unknown';
    } catch {
      // Not here: look one folder up.
    }
  }
  return 'unknown';
}

async function runCommand(
  command: Command,
  context: Omit<CommandContext, 'kafka' | 'timeoutMs'>,
): Promise<void> {
  const settings = command.connects === false ? undefined : resolveSettings(context.values, context.io.env);
  const options = settings && kafkaOptionsOf(settings, context.io.env);
  let kafka: Kafka | undefined;
  try {
    await command.run({
      ...context,
      timeoutMs: settings?.timeoutMs ?? 30_000,
      kafka: () => {
        if (!options) throw new Error(`kafe ${command.words.join(' ')} does not connect`);
        kafka ??= new Kafka(options);
        return kafka;
      },
    });
  } finally {
    await kafka?.close();
  }
}

/** Runs `argv` (the arguments after `kafe`) and resolves with the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = allCommands,
): Promise<number> {
  try {
    const parsed = parseCommandLine(commands, argv);
    if (parsed.kind === 'group') {
      if (parsed.words.length === 0 && argv.includes('--version')) {
        io.stdout.write(`kafe ${version()}\n`);
        return exitCodes.ok;
      }
      const asked = argv.includes('--help') || argv.includes('-h');
      (asked ? io.stdout : io.stderr).write(groupHelp(commands, parsed.words));
      return asked ? exitCodes.ok : exitCodes.usage;
    }
    const { command, values, positionals } = parsed;
    if (flag(values, 'help')) {
      io.stdout.write(commandHelp(command));
      return exitCodes.ok;
    }
    await runCommand(command, {
      values,
      positionals,
      io,
      output: new Output(io, { json: flag(values, 'json') }),
    });
    return exitCodes.ok;
  } catch (error) {
    if (io.signal.aborted) return 130;
    io.stderr.write(`kafe: ${oneLine(error)}\n`);
    return exitCodeOf(error);
  }
}
