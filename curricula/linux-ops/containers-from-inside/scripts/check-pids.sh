set -eu
# /root/answers/pids-max: the most processes (and threads) this container may have, from the
# pids cgroup (v2: pids.max; v1: pids/pids.max), found with cg_file (scripts/lib.sh).
f=/root/answers/pids-max
max_file=$(cg_file pids pids.max pids.max) || broken "no pids cgroup file on $(hostname)"
cur_file=$(cg_file pids pids.current pids.current) || cur_file=''
want=$(cat "$max_file")
[ -s "$f" ] || fail_t pids-no-answer file="$f" max_file="$max_file"
a=$(head -n 1 "$f" | tr -d ' \t\r')
[ "$a" = "$want" ] && pass_t pids-ok host="$(hostname)" want="$want" max_file="$max_file"
[ "$want" = max ] && fail_t pids-unlimited max_file="$max_file"
case "$a" in ''|*[!0-9]*) fail_t pids-not-number file="$f" answer="$a" ;; esac
[ "$a" = "$(cat /proc/sys/kernel/pid_max)" ] &&
  fail_t pids-is-pid-max answer="$a" max_file="$max_file"
if [ -n "$cur_file" ]; then
  cur=$(cat "$cur_file")
  [ "$a" -ge $((cur - 5)) ] && [ "$a" -le $((cur + 5)) ] &&
    fail_t pids-is-current answer="$a" cur="$(basename "$cur_file")" max="$(basename "$max_file")"
fi
[ "$a" = "$(ulimit -u)" ] &&
  fail_t pids-is-ulimit answer="$a" max_file="$max_file"
fail_t pids-wrong answer="$a" max_file="$max_file"
