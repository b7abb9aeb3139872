set -eu
# /root/answers/memory-mib: this container's memory limit in MiB, recomputed from the cgroup
# files (v2: memory.max; v1: memory/memory.limit_in_bytes). Common wrong answers are named.
f=/root/answers/memory-mib
lim_file=$(cg_file memory memory.limit_in_bytes memory.max) || broken "no memory cgroup file on $(hostname)"
use_file=$(cg_file memory memory.usage_in_bytes memory.current) || use_file=''
lim=$(cat "$lim_file")
[ -s "$f" ] || fail_t memory-no-answer file="$f" lim_file="$lim_file"
raw=$(head -n 1 "$f" | tr -d ' \t\r')
a=$(printf %s "$raw" | sed 's/[Mm][Ii]*[Bb]*$//')
if [ "$lim" = max ] || [ "$lim" -ge 4611686018427387904 ]; then
  case "$a" in max|unlimited|none) pass_t memory-unlimited-ok host="$(hostname)" answer="$a" ;; esac
  fail_t memory-unlimited lim_file="$lim_file" lim="$lim"
fi
case "$a" in ''|*[!0-9]*) fail_t memory-not-number file="$f" raw="$raw" ;; esac
mib=$((lim / 1048576))
[ "$a" -eq "$mib" ] && pass_t memory-ok host="$(hostname)" mib="$mib" lim="$lim" lim_file="$lim_file"
[ "$a" -eq "$lim" ] && fail_t memory-is-bytes answer="$a"
[ "$a" -eq $((lim / 1000000)) ] && fail_t memory-is-mb answer="$a"
total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
if [ "$a" -ge $((total - total / 50)) ] && [ "$a" -le $((total + total / 50)) ]; then
  fail_t memory-is-machine answer="$a" lim_file="$lim_file"
fi
if [ -n "$use_file" ]; then
  used=$(( $(cat "$use_file") / 1048576 ))
  [ "$a" -ge $((used - 8)) ] && [ "$a" -le $((used + 8)) ] &&
    fail_t memory-is-usage answer="$a" use="$(basename "$use_file")" lim="$(basename "$lim_file")"
fi
fail_t memory-wrong answer="$a" lim_file="$lim_file"
