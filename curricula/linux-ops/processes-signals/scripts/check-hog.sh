set -eu
# pids NAME: PIDs of processes whose command name is exactly NAME, space-separated.
pids() { pgrep -x "$1" | tr '\n' ' ' | sed 's/ $//'; }
stopped() { case "$(ps -o stat= -p "$1" 2>/dev/null)" in T*) return 0 ;; esac; return 1; }

runner=$(pids jobrunner)
hog=$(pids cruncher)
if [ -n "$runner" ]; then
  set -- $runner
  stopped "$1" &&
    fail "jobrunner (PID $1) is stopped (state T), not ended: it is still cruncher's parent and restarts it as soon as it continues. A SIGTERM waits until it continues: kill $1; kill -CONT $1 (or kill -9 $1)"
  [ -n "$hog" ] &&
    fail "cruncher (PID $hog) is still using the CPU, and its parent jobrunner (PID $1) starts a new cruncher 2 s after the old one ends (see ps -o pid,ppid,cmd): stop jobrunner first, then cruncher"
  fail "cruncher is gone for the moment, but its parent jobrunner (PID $1) starts a new one 2 s after the old one ends: stop jobrunner too"
fi
if [ -n "$hog" ]; then
  set -- $hog
  stopped "$1" &&
    fail "cruncher (PID $1) is stopped (state T), not ended: Ctrl-Z and SIGSTOP only pause a process, and a SIGTERM waits until it continues: kill $1; kill -CONT $1 (or kill -9 $1)"
  fail "cruncher (PID $1) is still running at $(ps -o pcpu= -p "$1" | tr -d ' ')% CPU: its parent is gone now, so kill $1 ends it for good"
fi
pass "no cruncher and no jobrunner left: the CPU is free"
