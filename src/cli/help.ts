/** The `--help` texts, written from the command declarations. */
import type { Command, OptionSpecs } from './command.js';
import { connectionOptions } from './connection-settings.js';
import { globalOptions } from './global-options.js';

function optionLines(specs: OptionSpecs): string[] {
  const left = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    return `  ${short}--${name}${value}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return Object.values(specs).map((spec, i) => {
    const repeat = spec.multiple ? ' (repeatable)' : '';
    return `${left[i]!.padEnd(width)}${spec.description}${repeat}`;
  });
}

/** The help of one command: usage, description, its options, connection options, examples. */
export function commandHelp(command: Command): string {
  const name = `kafe ${command.words.join(' ')}`;
  const lines = [
    `Usage: ${name}${command.arguments ? ` ${command.arguments}` : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.description) lines.push('', command.description);
  if (Object.keys(command.options).length > 0) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options:', ...optionLines(globalOptions));
  if (command.connects !== false) lines.push('', 'Connection options:', ...optionLines(connectionOptions));
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** The help of `kafe` or of a group (`kafe topics`): its commands with their summaries. */
export function groupHelp(commands: readonly Command[], words: readonly string[]): string {
  const inGroup = commands.filter((c) => words.every((w, i) => c.words[i] === w));
  const names = inGroup.map((c) => `kafe ${c.words.join(' ')}`);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const title = words.length === 0 ? 'kafe: Apache Kafka from the command line' : `kafe ${words.join(' ')}`;
  const lines = [
    `Usage: kafe ${words.length === 0 ? 'COMMAND' : `${words.join(' ')} COMMAND`} [options]`,
    '',
    title,
    '',
    'Commands:',
    ...inGroup.map((c, i) => `  ${names[i]!.padEnd(width)}${c.summary}`),
    '',
    `Run "kafe ${[...words, 'COMMAND'].join(' ')} --help" for a command's options and examples.`,
  ];
  if (words.length === 0)
    lines.push(
      '',
      'Connection: --brokers HOST:PORT (or KAFE_BROKERS), or a profile of ~/.config/kafe/config.json',
      '(--profile NAME); "kafe profiles --help" shows the file. Exit codes: 0 done, 1 failed,',
      '2 usage error, 3 not found.',
    );
  return `${lines.join('\n')}\n`;
}
