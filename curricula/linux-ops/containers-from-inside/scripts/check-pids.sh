set -eu
# /root/answers/pids-max: the most processes (and threads) this container may have, from the
# pids cgroup (v2: pids.max; v1: pids/pids.max), found with cg_file (scripts/lib.sh).
f=/root/answers/pids-max
max_file=$(cg_file pids pids.max pids.max) || broken "no pids cgroup file on $(hostname)"
cur_file=$(cg_file pids pids.current pids.current) || cur_file=''
want=$(cat "$max_file")
[ -s "$f" ] || fail "there is no $f yet: write the largest number of processes this host may run into it (its pids cgroup: $max_file)"
a=$(head -n 1 "$f" | tr -d ' \t\r')
[ "$a" = "$want" ] && pass "$(hostname) may run at most $want processes ($max_file)"
[ "$want" = max ] && fail "$max_file says max: this host has no process limit; write max"
case "$a" in ''|*[!0-9]*) fail "$f says '$a': write a whole number" ;; esac
[ "$a" = "$(cat /proc/sys/kernel/pid_max)" ] &&
  fail "$a is kernel.pid_max, the highest PID *number* the kernel hands out, not how many processes this container may run: look in its pids cgroup, $max_file"
if [ -n "$cur_file" ]; then
  cur=$(cat "$cur_file")
  [ "$a" -ge $((cur - 5)) ] && [ "$a" -le $((cur + 5)) ] &&
    fail "$a is about how many processes run now ($(basename "$cur_file")), not how many may: read $(basename "$max_file")"
fi
[ "$a" = "$(ulimit -u)" ] &&
  fail "$a is ulimit -u (RLIMIT_NPROC), a per-user limit that the kernel counts over the whole machine; the container's own limit is in its pids cgroup, $max_file"
fail "$a is not this host's process limit: read $max_file"
