set -eu
pid=$(pgrep -x stubborn)
grep SigIgn "/proc/$pid/status"
kill -9 "$pid"
for _ in $(seq 1 20); do pgrep -x stubborn >/dev/null || break; sleep 0.1; done
! pgrep -x stubborn
