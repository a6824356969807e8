#compdef gomem
# zsh completion for gomem (printed by `gomem completion zsh`).
# Load it in ~/.zshrc, after compinit, with: source <(gomem completion zsh)
# gomem itself computes the candidates: commands, subcommands, options and option values; file names otherwise.
_gomem() {
  local -a candidates
  candidates=(${(f)"$(${words[1]} __complete "${(@)words[2,CURRENT]}" 2>/dev/null)"})
  if (( ${#candidates} )); then
    compadd -Q -- "${candidates[@]}"
  else
    _files
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _gomem "$@"
else
  compdef _gomem gomem
fi
