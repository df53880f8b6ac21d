/**
 * `kafe completion bash`: completes command words, then the options of the command typed; an
 * option's value is skipped, not taken for a command word.
 */
import type { CompletionModel } from './completion-model.js';

/** The bash completion script of `model`. */
export function bashCompletion(model: CompletionModel): string {
  const groupWords = [...model.groups.keys()];
  const groups = [...model.groups].map(
    ([w, subs]) => `    ${w}) words="${subs.map((s) => s.word).join(' ')}" ;;`,
  );
  const options = model.commands.map(
    (c) => `    "${c.words.join(' ')}") opts="${c.options.map((o) => `--${o.name}`).join(' ')}" ;;`,
  );
  return `# kafe completion for bash: eval "$(kafe completion bash)"
_kafe() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" first="" second="" i words="" opts="" key=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${model.valued.join('|')}) ((i++)) ;;
      -*) ;;
      *) if [[ -z "$first" ]]; then first="\${COMP_WORDS[i]}"; elif [[ -z "$second" ]]; then second="\${COMP_WORDS[i]}"; fi ;;
    esac
  done
  case "$first" in
    ${groupWords.join('|')}) key="$first\${second:+ $second}" ;;
    *) key="$first" ;;
  esac
  if [[ -z "$first" ]]; then
    words="${model.top.map((t) => t.word).join(' ')}"
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
