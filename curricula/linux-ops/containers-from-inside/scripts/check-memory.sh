set -eu
# /root/answers/memory-mib: this container's memory limit in MiB, recomputed from the cgroup
# files (v2: memory.max; v1: memory/memory.limit_in_bytes). Common wrong answers are named.
f=/root/answers/memory-mib
lim_file=$(cg_file memory memory.limit_in_bytes memory.max) || broken "no memory cgroup file on $(hostname)"
use_file=$(cg_file memory memory.usage_in_bytes memory.current) || use_file=''
lim=$(cat "$lim_file")
[ -s "$f" ] || fail "there is no $f yet: write this host's memory limit in MiB into it (read it in $lim_file)"
raw=$(head -n 1 "$f" | tr -d ' \t\r')
a=$(printf %s "$raw" | sed 's/[Mm][Ii]*[Bb]*$//')
if [ "$lim" = max ] || [ "$lim" -ge 4611686018427387904 ]; then
  case "$a" in max|unlimited|none) pass "no memory limit on $(hostname): $a" ;; esac
  fail "$lim_file says $lim: this host has no memory limit; write 'unlimited'"
fi
case "$a" in ''|*[!0-9]*) fail "$f says '$raw': write a whole number of MiB, such as 512 (no spaces, no decimals)" ;; esac
mib=$((lim / 1048576))
[ "$a" -eq "$mib" ] && pass "the memory limit of $(hostname) is $mib MiB ($lim bytes in $lim_file)"
[ "$a" -eq "$lim" ] && fail "$a is the limit in bytes: the question asks for MiB (1 MiB = 1024 x 1024 = 1048576 bytes)"
[ "$a" -eq $((lim / 1000000)) ] && fail "$a is the limit in megabytes (MB, 1000 x 1000 bytes): the question asks for MiB, 1024 x 1024 bytes"
total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
if [ "$a" -ge $((total - total / 50)) ] && [ "$a" -le $((total + total / 50)) ]; then
  fail "$a MiB is the memory of the whole machine: free and /proc/meminfo are not namespaced, they show the kernel's view. The container's limit is in its cgroup: $lim_file"
fi
if [ -n "$use_file" ]; then
  used=$(( $(cat "$use_file") / 1048576 ))
  [ "$a" -ge $((used - 8)) ] && [ "$a" -le $((used + 8)) ] &&
    fail "$a MiB is about what this host uses now ($(basename "$use_file")), not its limit: read $(basename "$lim_file")"
fi
fail "$a MiB is not this host's memory limit: read $lim_file (bytes) and divide by 1048576"
