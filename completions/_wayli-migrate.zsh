#compdef wayli-migrate
# zsh completion for wayli-migrate. Install: copy to a folder in $fpath as _wayli-migrate (e.g.
# ~/.zsh/completions/_wayli-migrate with fpath+=(~/.zsh/completions) before compinit), or source it.
_wayli_migrate() {
  local line="${BUFFER[1,CURSOR]}"
  local args=""
  [[ "$line" == *" "* ]] && args="${line#* }"
  local -a suggestions
  suggestions=("${(@f)$(wayli-migrate "[suggest:${#args}]" "$args" 2>/dev/null)}")
  compadd -a suggestions
}
compdef _wayli_migrate wayli-migrate
