# bash completion for wayli-migrate. Install: source this file from ~/.bashrc, or copy it to
# /etc/bash_completion.d/wayli-migrate. The tool answers System.CommandLine's [suggest] directive itself.
_wayli_migrate() {
  local line="${COMP_LINE:0:COMP_POINT}"
  # What follows the command's own name, and where the cursor is in it.
  local args=""
  [[ "$line" == *" "* ]] && args="${line#* }"
  local IFS=$'\n'
  mapfile -t COMPREPLY < <(compgen -W "$(wayli-migrate "[suggest:${#args}]" "$args" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}")
}
complete -o default -F _wayli_migrate wayli-migrate
