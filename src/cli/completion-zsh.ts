/**
 * `kafe completion zsh`: a native zsh completion function (zsh's completion system, `_describe`),
 * so each command word and option is offered with what it does. It finds the command typed as the
 * bash script does (skipping option values), then offers the first words, a group's second
 * words, the command's options after a `-`, or files.
 */
import type { CompletedWord, CompletionModel } from './completion-model.js';

/** A zsh single-quoted word: `'` closes, so it is written `'\''`. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** `word:description` for `_describe`; a colon in the word is escaped, the first bare one splits. */
function described(word: string, description: string): string {
  return quoted(`${word.replaceAll(':', '\\:')}:${description}`);
}

function candidates(words: readonly CompletedWord[]): string {
  return words.map((w) => described(w.word, w.description)).join(' ');
}

/** The zsh completion script of `model`. */
export function zshCompletion(model: CompletionModel): string {
  const groupWords = [...model.groups.keys()];
  const groups = [...model.groups].map(([w, subs]) => `      (${w}) candidates=(${candidates(subs)}) ;;`);
  const options = model.commands.map((c) => {
    const words = c.options.flatMap((o) => [
      described(`--${o.name}`, o.description),
      ...(o.short !== undefined ? [described(`-${o.short}`, o.description)] : []),
    ]);
    return `      (${quoted(c.words.join(' '))}) candidates=(${words.join(' ')}) ;;`;
  });
  return `#compdef kafe
# kafe completion for zsh: in ~/.zshrc after compinit, eval "$(kafe completion zsh)";
# or save it as _kafe in a folder of $fpath.
_kafe() {
  local first="" second="" key="" i
  local -a candidates
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      (${model.valued.join('|')}) ((i++)) ;;
      (-*) ;;
      (*) if [[ -z "$first" ]]; then first="\${words[i]}"; elif [[ -z "$second" ]]; then second="\${words[i]}"; fi ;;
    esac
  done
  case "$first" in
    (${groupWords.join('|')}) key="$first\${second:+ $second}" ;;
    (*) key="$first" ;;
  esac
  if [[ "\${words[CURRENT]}" == -* ]]; then
    case "$key" in
${options.join('\n')}
    esac
    _describe -t options 'kafe option' candidates
  elif [[ -z "$first" ]]; then
    candidates=(${candidates(model.top)})
    _describe -t commands 'kafe command' candidates
  elif [[ -z "$second" && "$key" == "$first" ]] && case "$first" in (${groupWords.join('|')}) true ;; (*) false ;; esac; then
    case "$first" in
${groups.join('\n')}
    esac
    _describe -t commands "kafe $first command" candidates
  else
    _files
  fi
}
if [[ "\${funcstack[1]}" == _kafe ]]; then
  _kafe "$@"
else
  compdef _kafe kafe
fi
`;
}
