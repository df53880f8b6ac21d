/**
 * `kafe completion fish`: one `complete` line per word and option, each with what it does, and
 * conditions on the command words typed so far (option values skipped, as the bash script does).
 */
import type { CompletionModel } from './completion-model.js';

/** A fish single-quoted word: only `\` and `'` are escaped inside. */
function quoted(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The fish completion script of `model`. */
export function fishCompletion(model: CompletionModel): string {
  const lines = [
    '# kafe completion for fish: kafe completion fish | source',
    '# (or save it as ~/.config/fish/completions/kafe.fish)',
    '',
    '# The command words typed so far: options and their values left out.',
    'function __kafe_words',
    '    set -l skip 0',
    '    for token in (commandline -opc)[2..-1]',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $token',
    `            case ${model.valued.map(quoted).join(' ')}`,
    '                set skip 1',
    "            case '-*'",
    "            case '*'",
    '                echo $token',
    '        end',
    '    end',
    'end',
    '',
    '# Whether the command words typed are exactly the arguments (none: no command yet).',
    'function __kafe_at',
    '    set -l typed (__kafe_words)',
    '    test "$typed" = "$argv"',
    'end',
    '',
    '# Whether the command words typed start with the arguments (the command whose options apply).',
    'function __kafe_in',
    '    set -l typed (__kafe_words)',
    '    set -l n (count $argv)',
    '    test (count $typed) -ge $n; or return 1',
    '    test "$typed[1..$n]" = "$argv"',
    'end',
    '',
    'complete -c kafe -f -n __kafe_at',
  ];
  for (const t of model.top)
    lines.push(`complete -c kafe -f -n '__kafe_at' -a ${quoted(t.word)} -d ${quoted(t.description)}`);
  for (const [group, subs] of model.groups)
    for (const s of subs)
      lines.push(
        `complete -c kafe -f -n '__kafe_at ${group}' -a ${quoted(s.word)} -d ${quoted(s.description)}`,
      );
  for (const c of model.commands)
    for (const o of c.options)
      lines.push(
        [
          `complete -c kafe -n ${quoted(`__kafe_in ${c.words.join(' ')}`)} -l ${o.name}`,
          ...(o.short !== undefined ? [`-s ${o.short}`] : []),
          ...(o.takesValue ? ['-r'] : []),
          `-d ${quoted(o.description)}`,
        ].join(' '),
      );
  return `${lines.join('\n')}\n`;
}
