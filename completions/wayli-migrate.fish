# fish completion for wayli-migrate. Install: copy to ~/.config/fish/completions/wayli-migrate.fish
function __wayli_migrate_suggest
    set -l args (commandline -cp | string replace -r '^\S+\s*' '')
    wayli-migrate "[suggest:"(string length -- "$args")"]" "$args" 2>/dev/null
end
complete -c wayli-migrate -f -a '(__wayli_migrate_suggest)'
