# bash completion for gomem (printed by `gomem completion bash`).
# Load it in ~/.bashrc with: source <(gomem completion bash)
# gomem itself computes the candidates: commands, subcommands, options and option values; file names otherwise.
_gomem() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    [[ $cur == = ]] && cur=""
    local IFS=$'\n'
    local candidates
    candidates=$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
    if [[ -n $candidates ]]; then
        COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
    else
        COMPREPLY=()
    fi
}
complete -o default -F _gomem gomem
