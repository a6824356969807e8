# fish completion for gomem (printed by `gomem completion fish`).
# Load it with: gomem completion fish > ~/.config/fish/completions/gomem.fish
# gomem itself computes the candidates: commands, subcommands, options and option values; file names otherwise.
function __gomem_candidates
    set -l words (commandline -opc)
    $words[1] __complete $words[2..-1] (commandline -ct) 2>/dev/null
end
complete -c gomem -f -n 'test -n "$(__gomem_candidates)"' -a '(__gomem_candidates)'
complete -c gomem -F -n 'test -z "$(__gomem_candidates)"'
