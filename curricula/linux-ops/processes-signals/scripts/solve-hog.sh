set -eu
ps -eo pid,ppid,pcpu,comm --sort=-pcpu | head -n 5
pkill -x jobrunner
pkill -x cruncher
for _ in $(seq 1 20); do pgrep -x cruncher >/dev/null || break; sleep 0.1; done
! pgrep -x cruncher
