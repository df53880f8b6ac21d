/**
 * Shell completion scripts, written from the command table: `kafe completion bash` (also read
 * by zsh's `bashcompinit`) completes command words, then the options of the command typed.
 */
import type { Command } from './command.js';
import { optionsOf } from './command-line.js';

/** The bash completion script for `commands`. */
export function bashCompletion(commands: readonly Command[]): string {
  const top = [...new Set(commands.map((c) => c.words[0]!))];
  const groupWords = top.filter((w) => commands.some((c) => c.words[0] === w && c.words.length > 1));
  const groups = groupWords.map(
    (w) =>
      `    ${w}) words="${commands
        .filter((c) => c.words[0] === w)
        .map((c) => c.words[1])
        .join(' ')}" ;;`,
  );
  const options = commands.map(
    (c) =>
      `    "${c.words.join(' ')}") opts="${Object.keys(optionsOf(c))
        .map((o) => `--${o}`)
        .join(' ')}" ;;`,
  );
  // Options whose value is the next word, so that a value is not taken for a command word.
  const valued = [
    ...new Set(
      commands.flatMap((c) =>
        Object.entries(optionsOf(c))
          .filter(([, o]) => o.type === 'string')
          .flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]),
      ),
    ),
  ];
  return `# kafe completion for bash (and zsh with bashcompinit): eval "$(kafe completion bash)"
_kafe() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" first="" second="" i words="" opts="" key=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${valued.join('|')}) ((i++)) ;;
      -*) ;;
      *) if [[ -z "$first" ]]; then first="\${COMP_WORDS[i]}"; elif [[ -z "$second" ]]; then second="\${COMP_WORDS[i]}"; fi ;;
    esac
  done
  case "$first" in
    ${groupWords.join('|')}) key="$first\${second:+ $second}" ;;
    *) key="$first" ;;
  esac
  if [[ -z "$first" ]]; then
    words="${top.join(' ')}"
  elif [[ -z "$second" ]]; then
    case "$first" in
${groups.join('\n')}
    esac
  fi
  case "$key" in
${options.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
}
complete -o default -F _kafe kafe
`;
}
